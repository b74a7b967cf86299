package org.eppanama.openvino;

/**
 * One dimension of a {@link PartialShape}: the inclusive range {@code [min, max]}, {@code max == -1} when
 * it has no upper bound (OpenVINO's ov_dimension_t). Static when {@code min == max}.
 */
public record Dimension(long min, long max) {
    public Dimension {
        if (min < 0 || max < -1 || (max >= 0 && max < min)) {
            throw new IllegalArgumentException("dimension range [" + min + ", " + max + "] is not valid:"
                    + " need 0 <= min <= max, or max = -1 for no upper bound");
        }
    }

    /** A fixed dimension. */
    public static Dimension of(long value) {
        return new Dimension(value, value);
    }

    /** A dimension of any size. */
    public static Dimension dynamic() {
        return new Dimension(0, -1);
    }

    public boolean isStatic() {
        return min == max;
    }

    /** True when {@code value} lies in the range. */
    public boolean contains(long value) {
        return value >= min && (max == -1 || value <= max);
    }

    @Override
    public String toString() {
        if (isStatic()) {
            return Long.toString(min);
        }
        if (min == 0 && max == -1) {
            return "?";
        }
        return min + ".." + (max == -1 ? "" : Long.toString(max));
    }
}
