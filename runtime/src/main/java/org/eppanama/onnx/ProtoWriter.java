package org.eppanama.onnx;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Minimal protocol-buffers wire-format encoder: it appends tagged fields to a growing byte array.
 *
 * <p>Every {@code writeX(field, value)} method writes the tag (field number and wire type)
 * followed by the value. Integer fields of proto type int32, int64, uint32, uint64, enum and
 * bool all use {@link #writeVarint}; a negative int32 is sign-extended to 64 bits and so takes
 * ten bytes, exactly as protobuf does it. Zigzag (sint32/sint64) is not supported because ONNX
 * does not use it. Nested messages are written with {@link #writeMessage}. Packed repeated
 * fields (one length-delimited record holding all values) are written with the
 * {@code writePacked*} methods.
 *
 * <p>Not thread-safe.
 */
public final class ProtoWriter {

    /** Wire type of varint-encoded values (int32, int64, uint32, uint64, bool, enum). */
    public static final int WIRE_VARINT = 0;
    /** Wire type of 8-byte little-endian values (fixed64, sfixed64, double). */
    public static final int WIRE_FIXED64 = 1;
    /** Wire type of length-delimited values (string, bytes, messages, packed repeated). */
    public static final int WIRE_LEN = 2;
    /** Wire type of the (deprecated) group start marker. */
    public static final int WIRE_START_GROUP = 3;
    /** Wire type of the (deprecated) group end marker. */
    public static final int WIRE_END_GROUP = 4;
    /** Wire type of 4-byte little-endian values (fixed32, sfixed32, float). */
    public static final int WIRE_FIXED32 = 5;

    /** Largest field number protobuf allows (2^29 - 1). */
    public static final int MAX_FIELD = (1 << 29) - 1;

    private byte[] buf;
    private int size;

    public ProtoWriter() {
        this(64);
    }

    public ProtoWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Number of bytes written so far. */
    public int size() {
        return size;
    }

    /** A copy of the bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    // ---- tagged fields ----

    /** An int32/int64/uint32/uint64/enum field. */
    public ProtoWriter writeVarint(int field, long value) {
        writeTag(field, WIRE_VARINT);
        writeRawVarint(value);
        return this;
    }

    /** A bool field (varint 0 or 1). */
    public ProtoWriter writeBool(int field, boolean value) {
        return writeVarint(field, value ? 1 : 0);
    }

    /** A fixed32/sfixed32 field. */
    public ProtoWriter writeFixed32(int field, int value) {
        writeTag(field, WIRE_FIXED32);
        writeRawFixed32(value);
        return this;
    }

    /** A float field (fixed32 holding the IEEE-754 bits). */
    public ProtoWriter writeFloat(int field, float value) {
        return writeFixed32(field, Float.floatToRawIntBits(value));
    }

    /** A fixed64/sfixed64 field. */
    public ProtoWriter writeFixed64(int field, long value) {
        writeTag(field, WIRE_FIXED64);
        writeRawFixed64(value);
        return this;
    }

    /** A double field (fixed64 holding the IEEE-754 bits). */
    public ProtoWriter writeDouble(int field, double value) {
        return writeFixed64(field, Double.doubleToRawLongBits(value));
    }

    /** A bytes field. */
    public ProtoWriter writeBytes(int field, byte[] value) {
        return writeBytes(field, value, 0, value.length);
    }

    /** A bytes field holding {@code value[offset, offset+length)}. */
    public ProtoWriter writeBytes(int field, byte[] value, int offset, int length) {
        writeTag(field, WIRE_LEN);
        writeRawVarint(length);
        writeRawBytes(value, offset, length);
        return this;
    }

    /** A bytes field holding the remaining bytes of {@code value}; its position is not changed. */
    public ProtoWriter writeBytes(int field, ByteBuffer value) {
        ByteBuffer b = value.duplicate();
        int n = b.remaining();
        writeTag(field, WIRE_LEN);
        writeRawVarint(n);
        ensure(n);
        b.get(buf, size, n);
        size += n;
        return this;
    }

    /** A string field, UTF-8 encoded. */
    public ProtoWriter writeString(int field, String value) {
        return writeBytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A nested message field holding what {@code message} has written. */
    public ProtoWriter writeMessage(int field, ProtoWriter message) {
        return writeBytes(field, message.buf, 0, message.size);
    }

    /** A nested message field holding already-encoded message bytes. */
    public ProtoWriter writeMessage(int field, byte[] encodedMessage) {
        return writeBytes(field, encodedMessage);
    }

    // ---- packed repeated fields (one length-delimited record) ----

    /** A packed repeated int64/uint64 field. Writes nothing for an empty array. */
    public ProtoWriter writePackedVarints(int field, long[] values) {
        if (values.length == 0) {
            return this;
        }
        int len = 0;
        for (long v : values) {
            len += varintSize(v);
        }
        writeTag(field, WIRE_LEN);
        writeRawVarint(len);
        for (long v : values) {
            writeRawVarint(v);
        }
        return this;
    }

    /** A packed repeated int32 field (negative values are sign-extended). Writes nothing for an empty array. */
    public ProtoWriter writePackedVarints(int field, int[] values) {
        if (values.length == 0) {
            return this;
        }
        int len = 0;
        for (int v : values) {
            len += varintSize(v);
        }
        writeTag(field, WIRE_LEN);
        writeRawVarint(len);
        for (int v : values) {
            writeRawVarint(v);
        }
        return this;
    }

    /** A packed repeated float field. Writes nothing for an empty array. */
    public ProtoWriter writePackedFloats(int field, float[] values) {
        if (values.length == 0) {
            return this;
        }
        writeTag(field, WIRE_LEN);
        writeRawVarint(4L * values.length);
        for (float v : values) {
            writeRawFixed32(Float.floatToRawIntBits(v));
        }
        return this;
    }

    /** A packed repeated double field. Writes nothing for an empty array. */
    public ProtoWriter writePackedDoubles(int field, double[] values) {
        if (values.length == 0) {
            return this;
        }
        writeTag(field, WIRE_LEN);
        writeRawVarint(8L * values.length);
        for (double v : values) {
            writeRawFixed64(Double.doubleToRawLongBits(v));
        }
        return this;
    }

    /** A packed repeated fixed64 field. Writes nothing for an empty array. */
    public ProtoWriter writePackedFixed64(int field, long[] values) {
        if (values.length == 0) {
            return this;
        }
        writeTag(field, WIRE_LEN);
        writeRawVarint(8L * values.length);
        for (long v : values) {
            writeRawFixed64(v);
        }
        return this;
    }

    // ---- raw encoding ----

    /** Writes a field key: {@code (field << 3) | wireType}. */
    public ProtoWriter writeTag(int field, int wireType) {
        if (field < 1 || field > MAX_FIELD) {
            throw new IllegalArgumentException("protobuf field number out of range: " + field);
        }
        if (wireType < 0 || wireType > 5) {
            throw new IllegalArgumentException("protobuf wire type out of range: " + wireType);
        }
        writeRawVarint(((long) field << 3) | wireType);
        return this;
    }

    /** Writes a bare varint (no tag). */
    public ProtoWriter writeRawVarint(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buf[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf[size++] = (byte) value;
        return this;
    }

    /** Writes 4 bytes little-endian (no tag). */
    public ProtoWriter writeRawFixed32(int value) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[size++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    /** Writes 8 bytes little-endian (no tag). */
    public ProtoWriter writeRawFixed64(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    /** Writes bytes as they are (no tag, no length). */
    public ProtoWriter writeRawBytes(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buf, size, length);
        size += length;
        return this;
    }

    /** Number of bytes the varint encoding of {@code value} takes (1..10). */
    public static int varintSize(long value) {
        int n = 1;
        while ((value & ~0x7FL) != 0) {
            n++;
            value >>>= 7;
        }
        return n;
    }

    private void ensure(long extra) {
        long need = (long) size + extra;
        if (need > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("protobuf message would exceed 2 GiB");
        }
        if (need > buf.length) {
            long cap = Math.max(need, (long) buf.length * 2);
            buf = Arrays.copyOf(buf, (int) Math.min(cap, Integer.MAX_VALUE - 8));
        }
    }
}
