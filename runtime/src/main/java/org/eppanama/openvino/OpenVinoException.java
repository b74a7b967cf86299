package org.eppanama.openvino;

/**
 * A non-OK {@code ov_status_e} returned by an OpenVINO C API function, with OpenVINO's last error message.
 * That message is process-wide in OpenVINO (not per thread), so a failure on another thread at the same
 * moment can replace it, and a status OpenVINO returns without a message of its own (INVALID_C_PARAM, which
 * the checks in this layer leave no room for) shows the previous one.
 */
public final class OpenVinoException extends RuntimeException {
    private final String function;
    private final Status status;
    private final String openVinoMessage;

    public OpenVinoException(String function, Status status, String openVinoMessage, String fix) {
        super(function + " failed: " + status + ": " + openVinoMessage + (fix == null ? "" : "\n" + fix));
        this.function = function;
        this.status = status;
        this.openVinoMessage = openVinoMessage;
    }

    /** The C API function that failed, e.g. "ov_core_compile_model_props". */
    public String function() {
        return function;
    }

    public Status status() {
        return status;
    }

    /** OpenVINO's own message ({@code ov_get_last_err_msg}), trailing blank lines removed; "" if none. */
    public String openVinoMessage() {
        return openVinoMessage;
    }
}
