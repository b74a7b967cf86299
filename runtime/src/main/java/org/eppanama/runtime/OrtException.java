package org.eppanama.runtime;

/** A non-null {@code OrtStatus} returned by an ONNX Runtime C API function. */
public final class OrtException extends RuntimeException {
    private final ErrorCode code;
    private final String ortMessage;
    private final String function;

    public OrtException(String function, ErrorCode code, String ortMessage) {
        super(function + " failed: ORT_" + code + ": " + ortMessage);
        this.code = code;
        this.ortMessage = ortMessage;
        this.function = function;
    }

    /** The status's error code. */
    public ErrorCode code() {
        return code;
    }

    /** ONNX Runtime's own message, unchanged. */
    public String ortMessage() {
        return ortMessage;
    }

    /** The C API function that returned the status, e.g. "CreateSessionFromArray". */
    public String function() {
        return function;
    }
}
