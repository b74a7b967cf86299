package org.eppanama.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtoWireTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void varintEncodingMatchesTheWireFormatSpec() {
        // Examples from the protobuf encoding guide: 150 -> 96 01 under field 1 -> 08 96 01.
        assertArrayEquals(hex("08 96 01"), new ProtoWriter().writeVarint(1, 150).toByteArray());
        assertArrayEquals(hex("08 00"), new ProtoWriter().writeVarint(1, 0).toByteArray());
        assertArrayEquals(hex("08 7f"), new ProtoWriter().writeVarint(1, 127).toByteArray());
        assertArrayEquals(hex("08 80 01"), new ProtoWriter().writeVarint(1, 128).toByteArray());
        // A negative int32 is sign-extended to ten bytes.
        assertArrayEquals(hex("08 ff ff ff ff ff ff ff ff ff 01"), new ProtoWriter().writeVarint(1, -1).toByteArray());
        // String "testing" in field 2.
        assertArrayEquals(hex("12 07 74 65 73 74 69 6e 67"), new ProtoWriter().writeString(2, "testing").toByteArray());
        // Field 16 needs a two-byte key: (16 << 3) | 0 = 128.
        assertArrayEquals(hex("80 01 05"), new ProtoWriter().writeVarint(16, 5).toByteArray());
        assertEquals(1, ProtoWriter.varintSize(0));
        assertEquals(2, ProtoWriter.varintSize(300));
        assertEquals(10, ProtoWriter.varintSize(Long.MIN_VALUE));
    }

    @Test
    void fixedWidthValuesAreLittleEndian() {
        assertArrayEquals(hex("0d 78 56 34 12"), new ProtoWriter().writeFixed32(1, 0x12345678).toByteArray());
        assertArrayEquals(hex("09 08 07 06 05 04 03 02 01"),
                new ProtoWriter().writeFixed64(1, 0x0102030405060708L).toByteArray());
        // 1.0f = 0x3f800000, 1.0 = 0x3ff0000000000000
        assertArrayEquals(hex("15 00 00 80 3f"), new ProtoWriter().writeFloat(2, 1.0f).toByteArray());
        assertArrayEquals(hex("19 00 00 00 00 00 00 f0 3f"), new ProtoWriter().writeDouble(3, 1.0).toByteArray());
    }

    @Test
    void roundTripOfEveryWireType() {
        ProtoWriter inner = new ProtoWriter().writeString(1, "inner").writeVarint(2, 42);
        ProtoWriter w = new ProtoWriter()
                .writeVarint(1, 150)
                .writeVarint(2, -5)
                .writeVarint(3, Long.MAX_VALUE)
                .writeVarint(4, Long.MIN_VALUE)
                .writeBool(5, true)
                .writeFixed32(6, -123456)
                .writeFloat(7, -2.5f)
                .writeFixed64(8, 0x8000_0000_0000_0001L)
                .writeDouble(9, Math.PI)
                .writeBytes(10, new byte[] {0, 1, (byte) 0xff})
                .writeString(11, "héllo ✓")
                .writeMessage(12, inner)
                .writeBytes(13, ByteBuffer.wrap(new byte[] {9, 8, 7}, 1, 2))
                .writeVarint(100_000, 7);
        ProtoReader r = new ProtoReader(w.toByteArray());
        assertTrue(r.next());
        assertEquals(1, r.field());
        assertEquals(ProtoWriter.WIRE_VARINT, r.wireType());
        assertEquals(150, r.readVarint());
        assertTrue(r.next());
        assertEquals(-5, r.readInt32());
        assertTrue(r.next());
        assertEquals(Long.MAX_VALUE, r.readVarint());
        assertTrue(r.next());
        assertEquals(Long.MIN_VALUE, r.readVarint());
        assertTrue(r.next());
        assertTrue(r.readBool());
        assertTrue(r.next());
        assertEquals(ProtoWriter.WIRE_FIXED32, r.wireType());
        assertEquals(-123456, r.readFixed32());
        assertTrue(r.next());
        assertEquals(-2.5f, r.readFloat());
        assertTrue(r.next());
        assertEquals(ProtoWriter.WIRE_FIXED64, r.wireType());
        assertEquals(0x8000_0000_0000_0001L, r.readFixed64());
        assertTrue(r.next());
        assertEquals(Math.PI, r.readDouble());
        assertTrue(r.next());
        assertEquals(ProtoWriter.WIRE_LEN, r.wireType());
        assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, r.readBytes());
        assertTrue(r.next());
        assertEquals("héllo ✓", r.readString());
        assertTrue(r.next());
        assertEquals(12, r.field());
        ProtoReader m = r.readMessage();
        assertTrue(m.next());
        assertEquals("inner", m.readString());
        assertTrue(m.next());
        assertEquals(42, m.readVarint());
        assertFalse(m.next());
        assertTrue(r.next());
        ByteBuffer view = r.readBytesView();
        assertEquals(2, view.remaining());
        assertEquals(8, view.get(0));
        assertEquals(7, view.get(1));
        assertTrue(r.next());
        assertEquals(100_000, r.field());
        assertEquals(7, r.readVarint());
        assertFalse(r.next());
        assertTrue(r.atEnd());
    }

    @Test
    void packedAndUnpackedRepeatedFieldsReadAlike() {
        long[] longs = {0, 1, -1, 300, Long.MIN_VALUE};
        float[] floats = {0f, -1.5f, Float.NaN, Float.POSITIVE_INFINITY};
        double[] doubles = {1e300, -0.0, Double.MIN_VALUE};
        ProtoWriter w = new ProtoWriter()
                .writePackedVarints(1, longs)
                .writePackedFloats(2, floats)
                .writePackedDoubles(3, doubles)
                .writePackedVarints(4, new int[] {-7, 8})
                .writePackedFixed64(5, new long[] {-2, 3})
                .writePackedVarints(6, new long[0]); // writes nothing
        for (long v : longs) {
            w.writeVarint(1, v); // the same values again, unpacked
        }
        w.writeFloat(2, 9f).writeDouble(3, 10.0).writeVarint(4, 11).writeFixed64(5, 12);

        List<Long> gotLongs = new ArrayList<>();
        List<Float> gotFloats = new ArrayList<>();
        List<Double> gotDoubles = new ArrayList<>();
        List<Integer> gotInts = new ArrayList<>();
        List<Long> gotFixed = new ArrayList<>();
        ProtoReader r = new ProtoReader(w.toByteArray());
        while (r.next()) {
            switch (r.field()) {
                case 1 -> r.readVarints(gotLongs::add);
                case 2 -> r.readFixed32s(bits -> gotFloats.add(Float.intBitsToFloat(bits)));
                case 3 -> r.readFixed64s(bits -> gotDoubles.add(Double.longBitsToDouble(bits)));
                case 4 -> r.readVarints(v -> gotInts.add((int) v));
                case 5 -> r.readFixed64s(gotFixed::add);
                default -> throw new AssertionError("unexpected field " + r.field());
            }
        }
        List<Long> expectLongs = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            for (long v : longs) {
                expectLongs.add(v);
            }
        }
        assertEquals(expectLongs, gotLongs);
        assertEquals(List.of(0f, -1.5f, Float.NaN, Float.POSITIVE_INFINITY, 9f), gotFloats);
        assertEquals(List.of(1e300, -0.0, Double.MIN_VALUE, 10.0), gotDoubles);
        assertEquals(List.of(-7, 8, 11), gotInts);
        assertEquals(List.of(-2L, 3L, 12L), gotFixed);
    }

    @Test
    void unknownFieldsOfAllWireTypesAreSkipped() {
        ProtoWriter w = new ProtoWriter()
                .writeVarint(50, 99)
                .writeFixed32(51, 1)
                .writeFixed64(52, 2)
                .writeString(53, "skip me")
                // a group: start(54), a varint inside, a nested group, end(54)
                .writeTag(54, ProtoWriter.WIRE_START_GROUP)
                .writeVarint(1, 5)
                .writeTag(2, ProtoWriter.WIRE_START_GROUP)
                .writeFixed32(3, 0)
                .writeTag(2, ProtoWriter.WIRE_END_GROUP)
                .writeTag(54, ProtoWriter.WIRE_END_GROUP)
                .writeVarint(1, 77);
        ProtoReader r = new ProtoReader(w.toByteArray());
        long found = -1;
        int skipped = 0;
        while (r.next()) {
            if (r.field() == 1) {
                found = r.readVarint();
            } else {
                r.skip();
                skipped++;
            }
        }
        assertEquals(77, found);
        assertEquals(5, skipped);
    }

    @Test
    void readerOverASubRangeReportsAbsoluteOffsets() {
        byte[] bytes = hex("ff ff 08 96");
        ProtoReader r = new ProtoReader(bytes, 2, 2);
        assertTrue(r.next());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::readVarint);
        assertTrue(e.getMessage().contains("offset 3"), e.getMessage());
    }

    @Test
    void truncatedInputIsRejectedWithTheOffset() {
        byte[] full = new ProtoWriter().writeVarint(1, 1).writeString(2, "abcdef").writeFixed64(3, 5).toByteArray();
        // Every strict prefix that cuts a field in the middle must fail, naming where.
        int[] fieldStarts = {0, 2, 10, 19};
        for (int cut = 1; cut < full.length; cut++) {
            final int n = cut;
            boolean boundary = Arrays.stream(fieldStarts).anyMatch(s -> s == n);
            byte[] prefix = Arrays.copyOf(full, cut);
            if (boundary) {
                readAll(prefix); // a cut between fields is a valid (shorter) message
                continue;
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> readAll(prefix),
                    "prefix of " + cut + " bytes");
            assertTrue(e.getMessage().startsWith("truncated protobuf input at offset "), e.getMessage());
        }
        // A length beyond the end.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> readAll(hex("12 05 61 62")));
        assertEquals("truncated protobuf input at offset 1: field 2 declares length 5 but only 2 bytes remain", e.getMessage());
        // A key cut off in the middle of its varint.
        e = assertThrows(IllegalArgumentException.class, () -> readAll(hex("08 01 80")));
        assertEquals("truncated protobuf input at offset 2: field key is cut off", e.getMessage());
        // A group without its end marker.
        e = assertThrows(IllegalArgumentException.class, () -> readAll(hex("0b 08 01")));
        assertTrue(e.getMessage().contains("no end marker"), e.getMessage());
    }

    @Test
    void corruptInputIsRejectedWithTheOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> readAll(hex("08 01 00 01")));
        assertEquals("corrupt protobuf input at offset 2: invalid field number 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> readAll(hex("0e 00")));
        assertEquals("corrupt protobuf input at offset 0: invalid wire type 6 for field 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> readAll(hex("08 ff ff ff ff ff ff ff ff ff ff 01")));
        assertTrue(e.getMessage().startsWith("corrupt protobuf input at offset 1: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> readAll(hex("0c")));
        assertEquals("corrupt protobuf input at offset 0: unexpected end-group marker for field 1", e.getMessage());
        // Reading a varint field as a string: wrong wire type.
        ProtoReader r = new ProtoReader(hex("08 01"));
        assertTrue(r.next());
        e = assertThrows(IllegalArgumentException.class, r::readString);
        assertEquals("corrupt protobuf input at offset 0: field 1 has wire type 0, expected 2", e.getMessage());
        // A packed fixed32 record whose length is not a multiple of 4.
        ProtoReader p = new ProtoReader(hex("0a 03 00 00 00"));
        assertTrue(p.next());
        e = assertThrows(IllegalArgumentException.class, () -> p.readFixed32s(v -> { }));
        assertTrue(e.getMessage().contains("not a multiple of 4"), e.getMessage());
        // A packed varint record whose last varint runs past the record's end.
        ProtoReader q = new ProtoReader(hex("0a 01 80 01"));
        assertTrue(q.next());
        e = assertThrows(IllegalArgumentException.class, () -> q.readVarints(v -> { }));
        assertEquals("truncated protobuf input at offset 2: packed varint of field 1 is cut off", e.getMessage());
    }

    @Test
    void writerRejectsBadFieldNumbers() {
        assertThrows(IllegalArgumentException.class, () -> new ProtoWriter().writeVarint(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ProtoWriter().writeVarint(ProtoWriter.MAX_FIELD + 1, 1));
    }

    /** Reads every field, skipping each value. */
    private static void readAll(byte[] bytes) {
        ProtoReader r = new ProtoReader(bytes);
        while (r.next()) {
            r.skip();
        }
    }
}
