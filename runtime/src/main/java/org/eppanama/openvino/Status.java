package org.eppanama.openvino;

import org.eppanama.bindings.openvino.OpenVino;

/** ov_status_e: what an OpenVINO C API call returned. The codes are read from the generated bindings. */
public enum Status {
    OK(OpenVino.OK()),
    GENERAL_ERROR(OpenVino.GENERAL_ERROR()),
    NOT_IMPLEMENTED(OpenVino.NOT_IMPLEMENTED()),
    NETWORK_NOT_LOADED(OpenVino.NETWORK_NOT_LOADED()),
    PARAMETER_MISMATCH(OpenVino.PARAMETER_MISMATCH()),
    NOT_FOUND(OpenVino.NOT_FOUND()),
    OUT_OF_BOUNDS(OpenVino.OUT_OF_BOUNDS()),
    UNEXPECTED(OpenVino.UNEXPECTED()),
    REQUEST_BUSY(OpenVino.REQUEST_BUSY()),
    RESULT_NOT_READY(OpenVino.RESULT_NOT_READY()),
    NOT_ALLOCATED(OpenVino.NOT_ALLOCATED()),
    INFER_NOT_STARTED(OpenVino.INFER_NOT_STARTED()),
    NETWORK_NOT_READ(OpenVino.NETWORK_NOT_READ()),
    INFER_CANCELLED(OpenVino.INFER_CANCELLED()),
    INVALID_C_PARAM(OpenVino.INVALID_C_PARAM()),
    UNKNOWN_C_ERROR(OpenVino.UNKNOWN_C_ERROR()),
    NOT_IMPLEMENT_C_METHOD(OpenVino.NOT_IMPLEMENT_C_METHOD()),
    UNKNOW_EXCEPTION(OpenVino.UNKNOW_EXCEPTION()),
    /** A code newer than the pinned headers. */
    UNKNOWN(Integer.MIN_VALUE);

    private final int code;

    Status(int code) {
        this.code = code;
    }

    /** The ov_status_e value. */
    public int code() {
        return code;
    }

    static Status of(int code) {
        for (Status s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
