package org.eppanama.openvino;

import org.eppanama.bindings.openvino.OpenVino;
import org.eppanama.runtime.ElementType;

/**
 * The project's {@link ElementType} (ONNX's codes) and OpenVINO's ov_element_type_e, for the types both have.
 * OpenVINO-only types (u1, u2, u3, u6, nf4, f4e2m1, f8e8m0, dynamic) have no ElementType and are refused.
 */
final class ElementTypes {
    /** No ov_element_type_e value is negative. */
    private static final int NONE = -1;

    private ElementTypes() {
    }

    static int toOv(ElementType type) {
        int code = code(type);
        if (code == NONE) {
            throw new IllegalArgumentException("OpenVINO has no element type for " + type);
        }
        return code;
    }

    static ElementType fromOv(int code) {
        for (ElementType t : ElementType.values()) {
            if (code(t) == code) {
                return t;
            }
        }
        throw new UnsupportedOperationException("OpenVINO element type " + code + " (ov_element_type_e) has no"
                + " ONNX equivalent; this layer reads ONNX element types only");
    }

    private static int code(ElementType type) {
        return switch (type) {
            case FLOAT -> OpenVino.F32();
            case FLOAT16 -> OpenVino.F16();
            case BFLOAT16 -> OpenVino.BF16();
            case DOUBLE -> OpenVino.F64();
            case INT4 -> OpenVino.I4();
            case INT8 -> OpenVino.I8();
            case INT16 -> OpenVino.I16();
            case INT32 -> OpenVino.I32();
            case INT64 -> OpenVino.I64();
            case UINT4 -> OpenVino.U4();
            case UINT8 -> OpenVino.U8();
            case UINT16 -> OpenVino.U16();
            case UINT32 -> OpenVino.U32();
            case UINT64 -> OpenVino.U64();
            case BOOL -> OpenVino.OV_BOOLEAN();
            case FLOAT8E4M3FN -> OpenVino.F8E4M3();
            // The header calls f8e5m2 "F8E5M3" (its comment says f8e5m2).
            case FLOAT8E5M2 -> OpenVino.F8E5M3();
            case STRING -> OpenVino.STRING();
            case COMPLEX64, COMPLEX128, FLOAT8E4M3FNUZ, FLOAT8E5M2FNUZ -> NONE;
        };
    }
}
