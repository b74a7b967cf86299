package org.eppanama.tests.conformance;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.eppanama.onnx.TensorProtoData;
import org.eppanama.runtime.ElementType;

/**
 * Compares an actual tensor with the expected one the way ONNX's backend tests do:
 * shape and element type must match exactly; floating types (float, double, float16, bfloat16,
 * float8, and both parts of complex numbers) match when {@code |a - e| <= 1e-7 + 1e-3 * |e|}
 * elementwise, NaN matches NaN, and infinities must match exactly (low-precision types are
 * decoded to float first); every other type (integers, bool, 4-bit, strings) must match exactly.
 */
public final class TensorComparator {

    public static final double ATOL = 1e-7;
    public static final double RTOL = 1e-3;

    private TensorComparator() {
    }

    /** {@code null} when {@code actual} matches {@code expected}, else a description of the first difference. */
    public static String compare(TensorProtoData expected, TensorProtoData actual) {
        if (expected.type() != actual.type()) {
            return "element type: expected " + expected.type() + ", actual " + actual.type();
        }
        if (!Arrays.equals(expected.dims(), actual.dims())) {
            return "shape: expected " + Arrays.toString(expected.dims()) + ", actual " + Arrays.toString(actual.dims());
        }
        long n = expected.elementCount();
        ElementType type = expected.type();
        ByteBuffer e = expected.data();
        ByteBuffer a = actual.data();
        long mismatches = 0;
        long first = -1;
        String firstExpected = null;
        String firstActual = null;
        if (type.isString()) {
            for (int i = 0; i < n; i++) {
                if (!Arrays.equals(expected.strings().get(i), actual.strings().get(i))) {
                    if (mismatches++ == 0) {
                        first = i;
                        firstExpected = '"' + expected.stringValues().get(i) + '"';
                        firstActual = '"' + actual.stringValues().get(i) + '"';
                    }
                }
            }
        } else if (type.isFloatingPoint()) {
            int parts = type == ElementType.COMPLEX64 || type == ElementType.COMPLEX128 ? 2 : 1;
            for (long i = 0; i < n * parts; i++) {
                double ev = floatAt(type, e, (int) i);
                double av = floatAt(type, a, (int) i);
                if (!close(ev, av)) {
                    if (mismatches++ == 0) {
                        first = i / parts;
                        String part = parts == 2 ? (i % 2 == 0 ? " (real)" : " (imag)") : "";
                        firstExpected = ev + part;
                        firstActual = Double.toString(av);
                    }
                }
            }
        } else {
            for (long i = 0; i < n; i++) {
                long ev = integerAt(type, e, (int) i);
                long av = integerAt(type, a, (int) i);
                if (ev != av) {
                    if (mismatches++ == 0) {
                        first = i;
                        firstExpected = integerText(type, ev);
                        firstActual = integerText(type, av);
                    }
                }
            }
        }
        if (mismatches == 0) {
            return null;
        }
        return mismatches + " of " + n + " elements differ; first at index " + first
                + ": expected " + firstExpected + ", actual " + firstActual;
    }

    /** Whether {@code actual} is within tolerance of {@code expected} (see the class comment). */
    public static boolean close(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return expected == actual;
        }
        return Math.abs(actual - expected) <= ATOL + RTOL * Math.abs(expected);
    }

    /** The i-th floating value (for complex types, the i-th component). */
    static double floatAt(ElementType type, ByteBuffer b, int i) {
        return switch (type) {
            case FLOAT, COMPLEX64 -> b.getFloat(4 * i);
            case DOUBLE, COMPLEX128 -> b.getDouble(8 * i);
            case FLOAT16 -> LowPrecisionFloats.float16(b.getShort(2 * i));
            case BFLOAT16 -> LowPrecisionFloats.bfloat16(b.getShort(2 * i));
            case FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ -> LowPrecisionFloats.float8(type, b.get(i));
            default -> throw new IllegalArgumentException("not a floating type: " + type);
        };
    }

    /** The i-th integer value (bool as 0/1, unsigned types zero-extended, 4-bit types from their nibble). */
    static long integerAt(ElementType type, ByteBuffer b, int i) {
        return switch (type) {
            case BOOL, UINT8 -> b.get(i) & 0xFFL;
            case INT8 -> b.get(i);
            case INT16 -> b.getShort(2 * i);
            case UINT16 -> b.getShort(2 * i) & 0xFFFFL;
            case INT32 -> b.getInt(4 * i);
            case UINT32 -> b.getInt(4 * i) & 0xFFFF_FFFFL;
            case INT64, UINT64 -> b.getLong(8 * i);
            case UINT4, INT4 -> {
                int nibble = (b.get(i / 2) >> ((i % 2) * 4)) & 0x0F;
                yield type == ElementType.INT4 && nibble >= 8 ? nibble - 16 : nibble;
            }
            default -> {
                // A type this comparator does not know: compare bytes.
                int size = (int) type.byteSize(1);
                long v = 0;
                for (int k = 0; k < size; k++) {
                    v = (v << 8) | (b.get(i * size + k) & 0xFF);
                }
                yield v;
            }
        };
    }

    private static String integerText(ElementType type, long v) {
        return switch (type) {
            case UINT64 -> Long.toUnsignedString(v);
            case BOOL -> v == 0 ? "false" : v == 1 ? "true" : "bool(" + v + ")";
            default -> Long.toString(v);
        };
    }
}
