package org.eppanama.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;

/**
 * Minimal protocol-buffers wire-format decoder over a byte array.
 *
 * <p>Usage: call {@link #next()} until it returns {@code false}; after each {@code true} look at
 * {@link #field()} / {@link #wireType()} and read the value with the matching {@code read*}
 * method, or {@link #skip()} it. A nested message is read with {@link #readMessage()}, which
 * returns a reader over just that message (sharing the array; offsets stay absolute).
 *
 * <p>Repeated scalar fields may come packed (one length-delimited record) or unpacked (one
 * record per value); {@link #readVarints}, {@link #readFixed32s} and {@link #readFixed64s}
 * accept either form, as protobuf parsers must.
 *
 * <p>Truncated or malformed input (a varint or value running past the end, a length beyond the
 * end, field number 0, wire type 6 or 7, a varint longer than ten bytes, a value read with the
 * wrong wire type) raises {@link IllegalArgumentException} naming the byte offset.
 */
public final class ProtoReader {

    private static final int MAX_GROUP_DEPTH = 100;

    private final byte[] buf;
    private final int end;
    private int pos;
    private int field;
    private int wireType = -1;
    private int tagOffset = -1;

    /** A reader over the whole array. */
    public ProtoReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    /** A reader over {@code buf[offset, offset+length)}; offsets in messages are indices into {@code buf}. */
    public ProtoReader(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset > buf.length - length) {
            throw new IndexOutOfBoundsException("range [" + offset + ", " + offset + "+" + length
                    + ") outside array of length " + buf.length);
        }
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    /** Current offset in the underlying array. */
    public int position() {
        return pos;
    }

    /** Whether all bytes of this reader have been consumed. */
    public boolean atEnd() {
        return pos >= end;
    }

    /**
     * Reads the next field key. Returns {@code false} at the end of the message. An end-group key
     * is reported like any other field (wire type 4) so that group skipping can see it.
     */
    public boolean next() {
        if (pos >= end) {
            field = 0;
            wireType = -1;
            tagOffset = -1;
            return false;
        }
        tagOffset = pos;
        long key = rawVarint("field key");
        int wt = (int) (key & 7);
        long f = key >>> 3;
        if (f == 0 || f > ProtoWriter.MAX_FIELD) {
            throw corrupt(tagOffset, "invalid field number " + f);
        }
        if (wt > 5) {
            throw corrupt(tagOffset, "invalid wire type " + wt + " for field " + f);
        }
        field = (int) f;
        wireType = wt;
        return true;
    }

    /** Field number of the key read by the last {@link #next()}. */
    public int field() {
        return field;
    }

    /** Wire type of the key read by the last {@link #next()} (see {@code ProtoWriter.WIRE_*}). */
    public int wireType() {
        return wireType;
    }

    // ---- single values ----

    /** The value of a varint field (int32, int64, uint32, uint64, enum, bool), as 64 bits. */
    public long readVarint() {
        expect(ProtoWriter.WIRE_VARINT);
        return rawVarint("varint value of field " + field);
    }

    /** The value of an int32 or enum field (the low 32 bits of the varint). */
    public int readInt32() {
        return (int) readVarint();
    }

    public boolean readBool() {
        return readVarint() != 0;
    }

    /** The value of a fixed32/sfixed32 field. */
    public int readFixed32() {
        expect(ProtoWriter.WIRE_FIXED32);
        return rawFixed32();
    }

    public float readFloat() {
        return Float.intBitsToFloat(readFixed32());
    }

    /** The value of a fixed64/sfixed64 field. */
    public long readFixed64() {
        expect(ProtoWriter.WIRE_FIXED64);
        return rawFixed64();
    }

    public double readDouble() {
        return Double.longBitsToDouble(readFixed64());
    }

    /** The value of a bytes field, copied. */
    public byte[] readBytes() {
        int start = lengthDelimited();
        return Arrays.copyOfRange(buf, start, pos);
    }

    /** The value of a bytes field as a read-only little-endian view of the underlying array (no copy). */
    public ByteBuffer readBytesView() {
        int start = lengthDelimited();
        return ByteBuffer.wrap(buf, start, pos - start).slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The value of a string field, decoded as UTF-8. */
    public String readString() {
        int start = lengthDelimited();
        return new String(buf, start, pos - start, StandardCharsets.UTF_8);
    }

    /** A reader over the nested message that is the value of this field. */
    public ProtoReader readMessage() {
        int start = lengthDelimited();
        return new ProtoReader(buf, start, pos - start);
    }

    // ---- repeated scalars, packed or not ----

    /** Feeds the value(s) of a repeated varint field, packed or unpacked, to {@code sink}. */
    public void readVarints(LongConsumer sink) {
        if (wireType == ProtoWriter.WIRE_LEN) {
            int start = lengthDelimited();
            int stop = pos;
            pos = start;
            try {
                while (pos < stop) {
                    sink.accept(rawVarintBounded(stop, "packed varint of field " + field));
                }
            } finally {
                pos = stop;
            }
        } else {
            sink.accept(readVarint());
        }
    }

    /** Feeds the value(s) of a repeated fixed32/float field, packed or unpacked, to {@code sink}. */
    public void readFixed32s(IntConsumer sink) {
        if (wireType == ProtoWriter.WIRE_LEN) {
            int start = lengthDelimited();
            int len = pos - start;
            if (len % 4 != 0) {
                throw corrupt(start, "packed fixed32 field " + field + " has length " + len + ", not a multiple of 4");
            }
            pos = start;
            while (pos < start + len) {
                sink.accept(rawFixed32());
            }
        } else {
            sink.accept(readFixed32());
        }
    }

    /** Feeds the value(s) of a repeated fixed64/double field, packed or unpacked, to {@code sink}. */
    public void readFixed64s(LongConsumer sink) {
        if (wireType == ProtoWriter.WIRE_LEN) {
            int start = lengthDelimited();
            int len = pos - start;
            if (len % 8 != 0) {
                throw corrupt(start, "packed fixed64 field " + field + " has length " + len + ", not a multiple of 8");
            }
            pos = start;
            while (pos < start + len) {
                sink.accept(rawFixed64());
            }
        } else {
            sink.accept(readFixed64());
        }
    }

    /** Skips the value of the current field, whatever its wire type (groups included). */
    public void skip() {
        skipValue(field, wireType, 0);
    }

    private void skipValue(int f, int wt, int depth) {
        switch (wt) {
            case ProtoWriter.WIRE_VARINT -> rawVarint("varint value of field " + f);
            case ProtoWriter.WIRE_FIXED64 -> advance(8, "fixed64 value of field " + f);
            case ProtoWriter.WIRE_FIXED32 -> advance(4, "fixed32 value of field " + f);
            case ProtoWriter.WIRE_LEN -> lengthDelimited();
            case ProtoWriter.WIRE_START_GROUP -> {
                if (depth >= MAX_GROUP_DEPTH) {
                    throw corrupt(pos, "groups nested deeper than " + MAX_GROUP_DEPTH);
                }
                int groupStart = tagOffset;
                while (true) {
                    if (!next()) {
                        throw truncated(groupStart, "group of field " + f + " has no end marker");
                    }
                    if (wireType == ProtoWriter.WIRE_END_GROUP) {
                        if (field != f) {
                            throw corrupt(tagOffset, "end-group marker for field " + field
                                    + " inside group of field " + f);
                        }
                        break;
                    }
                    skipValue(field, wireType, depth + 1);
                }
                field = f;
                wireType = ProtoWriter.WIRE_START_GROUP;
            }
            case ProtoWriter.WIRE_END_GROUP -> throw corrupt(tagOffset, "unexpected end-group marker for field " + f);
            default -> throw new IllegalStateException("no current field: call next() first");
        }
    }

    // ---- raw decoding ----

    private void expect(int wt) {
        if (wireType != wt) {
            throw corrupt(tagOffset, "field " + field + " has wire type " + wireType + ", expected " + wt);
        }
    }

    /** Reads the length of a length-delimited value, checks it and moves past it; returns the start of the bytes. */
    private int lengthDelimited() {
        expect(ProtoWriter.WIRE_LEN);
        int lenOffset = pos;
        long len = rawVarint("length of field " + field);
        if (len < 0 || len > end - pos) {
            throw truncated(lenOffset, "field " + field + " declares length " + len + " but only "
                    + (end - pos) + " bytes remain");
        }
        int start = pos;
        pos += (int) len;
        return start;
    }

    private void advance(int n, String what) {
        if (end - pos < n) {
            throw truncated(pos, what + " needs " + n + " bytes but only " + (end - pos) + " remain");
        }
        pos += n;
    }

    private long rawVarint(String what) {
        return rawVarintBounded(end, what);
    }

    private long rawVarintBounded(int limit, String what) {
        int start = pos;
        long result = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos >= limit) {
                throw truncated(start, what + " is cut off");
            }
            byte b = buf[pos++];
            if (shift == 63 && (b & 0xFE) != 0) {
                throw corrupt(start, what + " overflows 64 bits");
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw corrupt(start, what + " is longer than 10 bytes");
    }

    private int rawFixed32() {
        int start = pos;
        advance(4, "fixed32 value of field " + field);
        return (buf[start] & 0xFF) | (buf[start + 1] & 0xFF) << 8 | (buf[start + 2] & 0xFF) << 16
                | (buf[start + 3] & 0xFF) << 24;
    }

    private long rawFixed64() {
        int start = pos;
        advance(8, "fixed64 value of field " + field);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buf[start + i] & 0xFF);
        }
        return v;
    }

    private static IllegalArgumentException truncated(int offset, String detail) {
        return new IllegalArgumentException("truncated protobuf input at offset " + offset + ": " + detail);
    }

    private static IllegalArgumentException corrupt(int offset, String detail) {
        return new IllegalArgumentException("corrupt protobuf input at offset " + offset + ": " + detail);
    }
}
