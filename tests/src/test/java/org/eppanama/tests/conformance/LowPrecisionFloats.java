package org.eppanama.tests.conformance;

import org.eppanama.runtime.ElementType;

/**
 * Decodes the 16- and 8-bit floating-point formats ONNX uses into {@code float}.
 *
 * <p>float8 formats (ONNX TensorProto.DataType docs): E4M3FN has bias 7, no infinities, NaN is
 * S.1111.111; E4M3FNUZ has bias 8, no infinities, no negative zero, NaN is 0x80; E5M2 follows
 * IEEE-754 with bias 15 (exponent 11111: infinity when the mantissa is 0, else NaN); E5M2FNUZ
 * has bias 16, no infinities, no negative zero, NaN is 0x80.
 */
final class LowPrecisionFloats {

    private LowPrecisionFloats() {
    }

    static float float16(short bits) {
        return Float.float16ToFloat(bits);
    }

    static float bfloat16(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** Decodes one float8 value of {@code type}. */
    static float float8(ElementType type, byte value) {
        int b = value & 0xFF;
        return switch (type) {
            case FLOAT8E4M3FN -> (b & 0x7F) == 0x7F ? Float.NaN : decode(b, 4, 3, 7);
            case FLOAT8E4M3FNUZ -> b == 0x80 ? Float.NaN : decode(b, 4, 3, 8);
            case FLOAT8E5M2 -> {
                if ((b & 0x7C) == 0x7C) {
                    yield (b & 0x03) == 0 ? ((b & 0x80) != 0 ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY) : Float.NaN;
                }
                yield decode(b, 5, 2, 15);
            }
            case FLOAT8E5M2FNUZ -> b == 0x80 ? Float.NaN : decode(b, 5, 2, 16);
            default -> throw new IllegalArgumentException("not a float8 type: " + type);
        };
    }

    /** Finite value of sign | exponent (expBits) | mantissa (mantBits) with the given bias. */
    private static float decode(int b, int expBits, int mantBits, int bias) {
        boolean negative = (b & 0x80) != 0;
        int exp = (b >>> mantBits) & ((1 << expBits) - 1);
        int mant = b & ((1 << mantBits) - 1);
        double v;
        if (exp == 0) {
            v = Math.scalb((double) mant, 1 - bias - mantBits); // subnormal
        } else {
            v = Math.scalb((double) ((1 << mantBits) | mant), exp - bias - mantBits);
        }
        return (float) (negative ? -v : v);
    }
}
