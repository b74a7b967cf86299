package org.eppanama.pipeline;

/** Audio the pipeline cannot use: unreadable, not WAV, an unsupported encoding, empty, silent or too short. */
public final class AudioException extends IllegalArgumentException {
    public AudioException(String message) {
        super(message);
    }

    public AudioException(String message, Throwable cause) {
        super(message, cause);
    }
}
