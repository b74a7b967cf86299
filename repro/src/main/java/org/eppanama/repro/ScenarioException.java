package org.eppanama.repro;

/** A scenario file that cannot be read or does not describe a runnable scenario; the message names each problem. */
public final class ScenarioException extends IllegalArgumentException {
    public ScenarioException(String message) {
        super(message);
    }

    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
