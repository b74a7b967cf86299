package org.eppanama.runtime;

/**
 * Tensor element types. The codes are ONNX's TensorProto.DataType values, which
 * ONNXTensorElementDataType in onnxruntime_c_api.h repeats one for one.
 */
public enum ElementType {
    FLOAT(1, 32), UINT8(2, 8), INT8(3, 8), UINT16(4, 16), INT16(5, 16), INT32(6, 32), INT64(7, 64),
    /** Variable-length UTF-8; no fixed size, see {@link #isString()}. */
    STRING(8, 0),
    BOOL(9, 8), FLOAT16(10, 16), DOUBLE(11, 64), UINT32(12, 32), UINT64(13, 64),
    COMPLEX64(14, 64), COMPLEX128(15, 128), BFLOAT16(16, 16),
    FLOAT8E4M3FN(17, 8), FLOAT8E4M3FNUZ(18, 8), FLOAT8E5M2(19, 8), FLOAT8E5M2FNUZ(20, 8),
    /** Two 4-bit values packed per byte, first element in the low nibble. */
    UINT4(21, 4),
    /** Two 4-bit values packed per byte, first element in the low nibble. */
    INT4(22, 4);

    private final int code;
    private final int bits;

    ElementType(int code, int bits) {
        this.code = code;
        this.bits = bits;
    }

    /** ONNX / ONNX Runtime numeric code of this type. */
    public int code() {
        return code;
    }

    /** Bits per element (4 for packed 4-bit types, 0 for strings). */
    public int bits() {
        return bits;
    }

    public boolean isString() {
        return this == STRING;
    }

    public boolean isFloatingPoint() {
        return switch (this) {
            case FLOAT, FLOAT16, DOUBLE, BFLOAT16, COMPLEX64, COMPLEX128,
                 FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ -> true;
            default -> false;
        };
    }

    /** Bytes that {@code elementCount} elements take in memory (4-bit types round up). */
    public long byteSize(long elementCount) {
        if (isString()) {
            throw new UnsupportedOperationException("STRING tensors have no fixed byte size");
        }
        return (elementCount * bits + 7) / 8;
    }

    /** The type with this ONNX code, or an exception naming the code. */
    public static ElementType fromCode(int code) {
        for (ElementType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown ONNX tensor element type code " + code
                + " (known: 1..22, see ONNX TensorProto.DataType)");
    }
}
