package org.eppanama.runtime.qnn;

/** A QNN call returned an error handle other than success. */
public final class QnnException extends RuntimeException {
    private final long error;

    QnnException(String function, long error) {
        super(function + " failed with QNN error " + error + " (0x" + Long.toHexString(error) + ")");
        this.error = error;
    }

    /** The Qnn_ErrorHandle_t the call returned. */
    public long error() {
        return error;
    }
}
