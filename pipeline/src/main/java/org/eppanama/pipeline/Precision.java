package org.eppanama.pipeline;

import java.util.Locale;

/** Which weights of a model folder to load, by the file-name suffix the exports use. */
public enum Precision {
    FP32(""), INT8(".int8"), FP16(".fp16");

    private final String suffix;

    Precision(String suffix) {
        this.suffix = suffix;
    }

    /** The file name of a part at this precision: {@code encoder-model} gives {@code encoder-model.int8.onnx}. */
    public String fileName(String part) {
        return part + suffix + ".onnx";
    }

    /** Parses "fp32", "int8" or "fp16" (any case). */
    public static Precision parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown precision '" + s + "'; use fp32, int8 or fp16", e);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
