package org.eppanama.runtime;

/** ONNXType: what kind of value an input or output holds. */
public enum ValueKind {
    UNKNOWN, TENSOR, SEQUENCE, MAP, OPAQUE, SPARSE_TENSOR, OPTIONAL;

    static ValueKind of(int code) {
        ValueKind[] all = values();
        return code >= 0 && code < all.length ? all[code] : UNKNOWN;
    }
}
