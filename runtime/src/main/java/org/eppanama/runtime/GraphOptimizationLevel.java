package org.eppanama.runtime;

/** GraphOptimizationLevel, with the header's numeric values. */
public enum GraphOptimizationLevel {
    DISABLE_ALL(0), ENABLE_BASIC(1), ENABLE_EXTENDED(2), ENABLE_LAYOUT(3), ENABLE_ALL(99);

    private final int code;

    GraphOptimizationLevel(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
