package org.eppanama.onnx;

import java.util.Objects;

/**
 * One dimension of a tensor shape in a model's type information (ONNX
 * {@code TensorShapeProto.Dimension}): a fixed size, a symbolic name ({@code dim_param}), or
 * unknown (neither set).
 */
public sealed interface Dim permits Dim.Fixed, Dim.Symbolic, Dim.Unknown {

    /** A dimension of fixed size {@code value} (zero or more). */
    static Dim of(long value) {
        return new Fixed(value);
    }

    /** A symbolic dimension such as {@code "batch"}. */
    static Dim param(String name) {
        return new Symbolic(name);
    }

    /** A dimension of unknown size. */
    static Dim unknown() {
        return Unknown.INSTANCE;
    }

    /** Fixed sizes for each of {@code values}; a negative value stands for an unknown dimension. */
    static Dim[] shape(long... values) {
        Dim[] dims = new Dim[values.length];
        for (int i = 0; i < values.length; i++) {
            dims[i] = values[i] < 0 ? unknown() : of(values[i]);
        }
        return dims;
    }

    record Fixed(long value) implements Dim {
        public Fixed {
            if (value < 0) {
                throw new IllegalArgumentException("negative dimension " + value);
            }
        }

        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    record Symbolic(String name) implements Dim {
        public Symbolic {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    record Unknown() implements Dim {
        static final Unknown INSTANCE = new Unknown();

        @Override
        public String toString() {
            return "?";
        }
    }
}
