package org.eppanama.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eppanama.runtime.ElementType;

/**
 * Decodes and encodes ONNX {@code TensorProto} messages (for example the {@code input_0.pb} /
 * {@code output_0.pb} files of ONNX's backend tests) to and from {@link TensorProtoData}.
 *
 * <p>Decoding reads {@code raw_data} when present, otherwise the typed repeated field that
 * onnx.proto assigns to the element type:
 * <ul>
 * <li>{@code float_data} (4): FLOAT, COMPLEX64 (two floats per element, real first);</li>
 * <li>{@code int32_data} (5): INT32, INT16, INT8, UINT16, UINT8, BOOL, FLOAT16 and BFLOAT16
 *     (bit pattern in the low 16 bits), the float8 types (bit pattern in the low 8 bits), and
 *     INT4/UINT4 where each entry holds one byte with two elements (first in the low nibble);</li>
 * <li>{@code string_data} (6): STRING;</li>
 * <li>{@code int64_data} (7): INT64;</li>
 * <li>{@code double_data} (10): DOUBLE, COMPLEX128 (two doubles per element);</li>
 * <li>{@code uint64_data} (11): UINT32, UINT64.</li>
 * </ul>
 * Values in {@code int32_data} wider than the element type are truncated to its width (BOOL is
 * normalised to 0/1). Tensors whose data lives in an external file ({@code data_location =
 * EXTERNAL}) and segmented tensors are rejected with an {@link IllegalArgumentException}, as is
 * any malformed input.
 *
 * <p>Encoding writes {@code raw_data} (or {@code string_data} for STRING).
 */
public final class TensorProtos {

    // TensorProto field numbers (onnx.proto).
    static final int DIMS = 1;
    static final int DATA_TYPE = 2;
    static final int SEGMENT = 3;
    static final int FLOAT_DATA = 4;
    static final int INT32_DATA = 5;
    static final int STRING_DATA = 6;
    static final int INT64_DATA = 7;
    static final int NAME = 8;
    static final int RAW_DATA = 9;
    static final int DOUBLE_DATA = 10;
    static final int UINT64_DATA = 11;
    static final int DOC_STRING = 12;
    static final int EXTERNAL_DATA = 13;
    static final int DATA_LOCATION = 14;
    /** {@code TensorProto.DataLocation.EXTERNAL}. */
    static final int LOCATION_EXTERNAL = 1;

    private TensorProtos() {
    }

    /** Decodes a serialized TensorProto. */
    public static TensorProtoData parse(byte[] bytes) {
        return parse(new ProtoReader(bytes));
    }

    /** Decodes the serialized TensorProto in a file. */
    public static TensorProtoData parse(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Decodes a TensorProto from a reader positioned over exactly that message. */
    public static TensorProtoData parse(ProtoReader r) {
        LongList dims = new LongList();
        int dataType = 0;
        String name = "";
        ByteBuffer raw = null;
        LongList floatBits = new LongList();
        LongList int32s = new LongList();
        LongList int64s = new LongList();
        LongList doubleBits = new LongList();
        LongList uint64s = new LongList();
        List<byte[]> strings = new ArrayList<>();
        Map<String, String> external = new LinkedHashMap<>();
        int location = 0;
        boolean segmented = false;
        while (r.next()) {
            switch (r.field()) {
                case DIMS -> r.readVarints(dims::add);
                case DATA_TYPE -> dataType = r.readInt32();
                case SEGMENT -> {
                    segmented = true;
                    r.skip();
                }
                case FLOAT_DATA -> r.readFixed32s(floatBits::add);
                case INT32_DATA -> r.readVarints(int32s::add);
                case STRING_DATA -> strings.add(r.readBytes());
                case INT64_DATA -> r.readVarints(int64s::add);
                case NAME -> name = r.readString();
                case RAW_DATA -> raw = r.readBytesView();
                case DOUBLE_DATA -> r.readFixed64s(doubleBits::add);
                case UINT64_DATA -> r.readVarints(uint64s::add);
                case EXTERNAL_DATA -> {
                    String[] kv = readStringPair(r.readMessage());
                    external.put(kv[0], kv[1]);
                }
                case DATA_LOCATION -> location = r.readInt32();
                default -> r.skip();
            }
        }
        String label = name.isEmpty() ? "tensor" : "tensor '" + name + "'";
        if (location == LOCATION_EXTERNAL || (!external.isEmpty() && raw == null)) {
            throw new IllegalArgumentException(label + " keeps its data in an external file " + external
                    + "; external data is not supported here (load the file and use raw_data)");
        }
        if (segmented) {
            throw new IllegalArgumentException(label + " is segmented (TensorProto.segment); segments are not supported");
        }
        if (dataType == 0) {
            throw new IllegalArgumentException(label + " has no data_type (UNDEFINED)");
        }
        ElementType type;
        try {
            type = ElementType.fromCode(dataType);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label + ": " + e.getMessage(), e);
        }
        long[] shape = dims.toArray();
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(label + " has a negative dimension: " + Arrays.toString(shape));
            }
        }
        long count;
        try {
            count = TensorProtoData.countOf(shape);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(label + " has too many elements: " + Arrays.toString(shape), e);
        }
        String what = label + " " + type + Arrays.toString(shape);

        // Which typed field may carry this type; anything else present is an error.
        int field = typedField(type);
        checkOnlyField(what, field, FLOAT_DATA, floatBits.size());
        checkOnlyField(what, field, INT32_DATA, int32s.size());
        checkOnlyField(what, field, INT64_DATA, int64s.size());
        checkOnlyField(what, field, DOUBLE_DATA, doubleBits.size());
        checkOnlyField(what, field, UINT64_DATA, uint64s.size());
        checkOnlyField(what, field, STRING_DATA, strings.size());

        if (type.isString()) {
            if (raw != null) {
                throw new IllegalArgumentException(what + " uses raw_data; STRING tensors must use string_data");
            }
            if (strings.size() != count) {
                throw new IllegalArgumentException(what + " has " + strings.size() + " string_data entries, expected " + count);
            }
            return new TensorProtoData(name, type, shape, null, strings);
        }
        long size = type.byteSize(count);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(what + " is larger than 2 GiB");
        }
        if (raw != null) {
            if (raw.remaining() != size) {
                throw new IllegalArgumentException(what + " has " + raw.remaining() + " bytes of raw_data, expected " + size);
            }
            ByteBuffer copy = ByteBuffer.allocate((int) size);
            copy.put(raw).flip();
            return TensorProtoData.of(name, type, shape, copy);
        }
        ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case FLOAT, COMPLEX64 -> {
                expectCount(what, "float_data", floatBits.size(), type == ElementType.COMPLEX64 ? 2 * count : count);
                for (int i = 0; i < floatBits.size(); i++) {
                    out.putInt((int) floatBits.get(i));
                }
            }
            case DOUBLE, COMPLEX128 -> {
                expectCount(what, "double_data", doubleBits.size(), type == ElementType.COMPLEX128 ? 2 * count : count);
                for (int i = 0; i < doubleBits.size(); i++) {
                    out.putLong(doubleBits.get(i));
                }
            }
            case INT64 -> {
                expectCount(what, "int64_data", int64s.size(), count);
                for (int i = 0; i < int64s.size(); i++) {
                    out.putLong(int64s.get(i));
                }
            }
            case UINT64 -> {
                expectCount(what, "uint64_data", uint64s.size(), count);
                for (int i = 0; i < uint64s.size(); i++) {
                    out.putLong(uint64s.get(i));
                }
            }
            case UINT32 -> {
                expectCount(what, "uint64_data", uint64s.size(), count);
                for (int i = 0; i < uint64s.size(); i++) {
                    out.putInt((int) uint64s.get(i));
                }
            }
            case INT32 -> {
                expectCount(what, "int32_data", int32s.size(), count);
                for (int i = 0; i < int32s.size(); i++) {
                    out.putInt((int) int32s.get(i));
                }
            }
            case INT16, UINT16, FLOAT16, BFLOAT16 -> {
                expectCount(what, "int32_data", int32s.size(), count);
                for (int i = 0; i < int32s.size(); i++) {
                    out.putShort((short) int32s.get(i));
                }
            }
            case INT8, UINT8, FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ -> {
                expectCount(what, "int32_data", int32s.size(), count);
                for (int i = 0; i < int32s.size(); i++) {
                    out.put((byte) int32s.get(i));
                }
            }
            case BOOL -> {
                expectCount(what, "int32_data", int32s.size(), count);
                for (int i = 0; i < int32s.size(); i++) {
                    out.put((byte) (int32s.get(i) != 0 ? 1 : 0));
                }
            }
            case INT4, UINT4 -> {
                // Two elements per int32_data entry (one packed byte), first in the low nibble.
                expectCount(what, "int32_data", int32s.size(), (count + 1) / 2);
                for (int i = 0; i < int32s.size(); i++) {
                    int b = (int) int32s.get(i) & 0xFF;
                    if (count % 2 == 1 && i == int32s.size() - 1) {
                        b &= 0x0F; // the unused high nibble of an odd count
                    }
                    out.put((byte) b);
                }
            }
            default -> throw new IllegalArgumentException(what + ": no typed-field decoding for " + type);
        }
        return TensorProtoData.of(name, type, shape, out.flip());
    }

    /** Encodes {@code t} as a TensorProto using raw_data (string_data for STRING). */
    public static byte[] encode(TensorProtoData t) {
        ProtoWriter w = new ProtoWriter((int) Math.min(Integer.MAX_VALUE - 64, t.byteSize() + 64));
        write(w, t);
        return w.toByteArray();
    }

    /** Writes the fields of a TensorProto for {@code t} (without an enclosing tag) to {@code w}. */
    public static void write(ProtoWriter w, TensorProtoData t) {
        for (long d : t.dims()) {
            w.writeVarint(DIMS, d); // onnx.proto (proto2) declares dims unpacked
        }
        w.writeVarint(DATA_TYPE, t.type().code());
        if (!t.name().isEmpty()) {
            w.writeString(NAME, t.name());
        }
        if (t.type().isString()) {
            for (byte[] s : t.strings()) {
                w.writeBytes(STRING_DATA, s);
            }
        } else {
            w.writeBytes(RAW_DATA, t.data());
        }
    }

    /** The typed repeated field onnx.proto assigns to {@code type} (0 if none). */
    static int typedField(ElementType type) {
        return switch (type) {
            case FLOAT, COMPLEX64 -> FLOAT_DATA;
            case DOUBLE, COMPLEX128 -> DOUBLE_DATA;
            case INT64 -> INT64_DATA;
            case UINT32, UINT64 -> UINT64_DATA;
            case STRING -> STRING_DATA;
            case INT32, INT16, INT8, UINT16, UINT8, BOOL, FLOAT16, BFLOAT16,
                 FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, INT4, UINT4 -> INT32_DATA;
            default -> 0;
        };
    }

    private static void checkOnlyField(String what, int allowed, int field, int entries) {
        if (entries > 0 && field != allowed) {
            throw new IllegalArgumentException(what + " has " + entries + " entries in " + fieldName(field)
                    + ", which onnx.proto does not allow for this type (expected " + fieldName(allowed) + " or raw_data)");
        }
    }

    private static void expectCount(String what, String field, int got, long want) {
        if (got != want) {
            throw new IllegalArgumentException(what + " has " + got + " entries in " + field + ", expected " + want
                    + (got == 0 ? " (no data at all)" : ""));
        }
    }

    static String fieldName(int field) {
        return switch (field) {
            case FLOAT_DATA -> "float_data";
            case INT32_DATA -> "int32_data";
            case STRING_DATA -> "string_data";
            case INT64_DATA -> "int64_data";
            case DOUBLE_DATA -> "double_data";
            case UINT64_DATA -> "uint64_data";
            case RAW_DATA -> "raw_data";
            default -> "field " + field;
        };
    }

    /** Reads a StringStringEntryProto (key = 1, value = 2). */
    static String[] readStringPair(ProtoReader m) {
        String key = "";
        String value = "";
        while (m.next()) {
            switch (m.field()) {
                case 1 -> key = m.readString();
                case 2 -> value = m.readString();
                default -> m.skip();
            }
        }
        return new String[] {key, value};
    }

    /** A growable list of longs. */
    static final class LongList {
        private long[] a = new long[8];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }

        long get(int i) {
            return a[i];
        }

        long[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
