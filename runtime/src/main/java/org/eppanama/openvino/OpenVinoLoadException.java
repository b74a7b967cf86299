package org.eppanama.openvino;

/** The OpenVINO C library could not be found, loaded, or lacks a call these bindings use. */
public final class OpenVinoLoadException extends RuntimeException {
    public OpenVinoLoadException(String message) {
        super(message);
    }

    public OpenVinoLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
