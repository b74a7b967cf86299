package org.eppanama.runtime.qnn;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import org.eppanama.bindings.qnn.QnnSystem;
import org.eppanama.bindings.qnn.Qnn_Version_t;
import org.eppanama.runtime.ElementType;

/** Small things shared by the QNN classes: error handles, strings, versions, data type names. */
public final class Qnn {
    private Qnn() {
    }

    /** A QNN API version, e.g. the System API's 1.11.0. */
    public record Version(int major, int minor, int patch) {
        @Override
        public String toString() {
            return major + "." + minor + "." + patch;
        }
    }

    /** The element types of QNN tensors by their Qnn_DataType_t code; unknown codes print as hex. */
    private static final Map<Integer, String> DATA_TYPES = Map.ofEntries(
            Map.entry(QnnSystem.QNN_DATATYPE_INT_8(), "INT_8"), Map.entry(QnnSystem.QNN_DATATYPE_INT_16(), "INT_16"),
            Map.entry(QnnSystem.QNN_DATATYPE_INT_32(), "INT_32"), Map.entry(QnnSystem.QNN_DATATYPE_INT_64(), "INT_64"),
            Map.entry(QnnSystem.QNN_DATATYPE_UINT_8(), "UINT_8"), Map.entry(QnnSystem.QNN_DATATYPE_UINT_16(), "UINT_16"),
            Map.entry(QnnSystem.QNN_DATATYPE_UINT_32(), "UINT_32"), Map.entry(QnnSystem.QNN_DATATYPE_UINT_64(), "UINT_64"),
            Map.entry(QnnSystem.QNN_DATATYPE_FLOAT_16(), "FLOAT_16"), Map.entry(QnnSystem.QNN_DATATYPE_BFLOAT_16(), "BFLOAT_16"),
            Map.entry(QnnSystem.QNN_DATATYPE_FLOAT_32(), "FLOAT_32"), Map.entry(QnnSystem.QNN_DATATYPE_FLOAT_64(), "FLOAT_64"),
            Map.entry(QnnSystem.QNN_DATATYPE_SFIXED_POINT_4(), "SFIXED_POINT_4"),
            Map.entry(QnnSystem.QNN_DATATYPE_SFIXED_POINT_8(), "SFIXED_POINT_8"),
            Map.entry(QnnSystem.QNN_DATATYPE_SFIXED_POINT_16(), "SFIXED_POINT_16"),
            Map.entry(QnnSystem.QNN_DATATYPE_SFIXED_POINT_32(), "SFIXED_POINT_32"),
            Map.entry(QnnSystem.QNN_DATATYPE_UFIXED_POINT_4(), "UFIXED_POINT_4"),
            Map.entry(QnnSystem.QNN_DATATYPE_UFIXED_POINT_8(), "UFIXED_POINT_8"),
            Map.entry(QnnSystem.QNN_DATATYPE_UFIXED_POINT_16(), "UFIXED_POINT_16"),
            Map.entry(QnnSystem.QNN_DATATYPE_UFIXED_POINT_32(), "UFIXED_POINT_32"),
            Map.entry(QnnSystem.QNN_DATATYPE_BOOL_8(), "BOOL_8"), Map.entry(QnnSystem.QNN_DATATYPE_STRING(), "STRING"));

    private static final Map<Integer, ElementType> ELEMENT_TYPES = Map.ofEntries(
            Map.entry(QnnSystem.QNN_DATATYPE_INT_8(), ElementType.INT8), Map.entry(QnnSystem.QNN_DATATYPE_INT_16(), ElementType.INT16),
            Map.entry(QnnSystem.QNN_DATATYPE_INT_32(), ElementType.INT32), Map.entry(QnnSystem.QNN_DATATYPE_INT_64(), ElementType.INT64),
            Map.entry(QnnSystem.QNN_DATATYPE_UINT_8(), ElementType.UINT8), Map.entry(QnnSystem.QNN_DATATYPE_UINT_16(), ElementType.UINT16),
            Map.entry(QnnSystem.QNN_DATATYPE_UINT_32(), ElementType.UINT32), Map.entry(QnnSystem.QNN_DATATYPE_UINT_64(), ElementType.UINT64),
            Map.entry(QnnSystem.QNN_DATATYPE_FLOAT_16(), ElementType.FLOAT16), Map.entry(QnnSystem.QNN_DATATYPE_BFLOAT_16(), ElementType.BFLOAT16),
            Map.entry(QnnSystem.QNN_DATATYPE_FLOAT_32(), ElementType.FLOAT), Map.entry(QnnSystem.QNN_DATATYPE_FLOAT_64(), ElementType.DOUBLE),
            Map.entry(QnnSystem.QNN_DATATYPE_SFIXED_POINT_8(), ElementType.INT8),
            Map.entry(QnnSystem.QNN_DATATYPE_SFIXED_POINT_16(), ElementType.INT16),
            Map.entry(QnnSystem.QNN_DATATYPE_UFIXED_POINT_8(), ElementType.UINT8),
            Map.entry(QnnSystem.QNN_DATATYPE_UFIXED_POINT_16(), ElementType.UINT16),
            Map.entry(QnnSystem.QNN_DATATYPE_BOOL_8(), ElementType.BOOL));

    /** A data type's name as QNN spells it without the prefix, e.g. "FLOAT_32". */
    public static String dataTypeName(int code) {
        return DATA_TYPES.getOrDefault(code, "0x" + Integer.toHexString(code));
    }

    /** The ONNX element type a QNN graph input or output of {@code dataType} has (fixed point: its storage). */
    static ElementType elementType(int dataType, String tensor) {
        ElementType t = ELEMENT_TYPES.get(dataType);
        if (t == null) {
            throw new IllegalArgumentException("QNN tensor '" + tensor + "' has data type " + dataTypeName(dataType)
                    + ", which no ONNX element type matches");
        }
        return t;
    }

    static void check(String function, long error) {
        if (error != 0) {
            throw new QnnException(function, error);
        }
    }

    static String string(MemorySegment cString) {
        return cString.equals(MemorySegment.NULL) ? "" : cString.reinterpret(Long.MAX_VALUE).getString(0);
    }

    static Version version(MemorySegment v) {
        return new Version(Qnn_Version_t.major(v), Qnn_Version_t.minor(v), Qnn_Version_t.patch(v));
    }
}
