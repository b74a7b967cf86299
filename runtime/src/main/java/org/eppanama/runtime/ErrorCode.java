package org.eppanama.runtime;

/** OrtErrorCode, in the header's order. */
public enum ErrorCode {
    OK, FAIL, INVALID_ARGUMENT, NO_SUCHFILE, NO_MODEL, ENGINE_ERROR, RUNTIME_EXCEPTION, INVALID_PROTOBUF,
    MODEL_LOADED, NOT_IMPLEMENTED, INVALID_GRAPH, EP_FAIL, MODEL_LOAD_CANCELED, MODEL_REQUIRES_COMPILATION,
    NOT_FOUND,
    /** A code newer than the pinned headers. */
    UNKNOWN;

    static ErrorCode of(int code) {
        ErrorCode[] all = values();
        return code >= 0 && code < all.length - 1 ? all[code] : UNKNOWN;
    }
}
