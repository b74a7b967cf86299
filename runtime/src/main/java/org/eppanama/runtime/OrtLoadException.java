package org.eppanama.runtime;

/** The ONNX Runtime shared library could not be found, loaded, or is too old for these bindings. */
public final class OrtLoadException extends RuntimeException {
    public OrtLoadException(String message) {
        super(message);
    }

    public OrtLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
