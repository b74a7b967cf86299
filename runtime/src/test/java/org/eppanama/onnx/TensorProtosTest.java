package org.eppanama.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.eppanama.runtime.ElementType;
import org.junit.jupiter.api.Test;

/**
 * Expected bytes are written out by hand from the IEEE-754 / two's-complement definitions, not
 * computed with the code under test.
 */
class TensorProtosTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** A TensorProto with the given dims and type; the caller adds the data fields. */
    private static ProtoWriter header(ElementType type, long... dims) {
        ProtoWriter w = new ProtoWriter();
        for (long d : dims) {
            w.writeVarint(1, d);
        }
        w.writeVarint(2, type.code());
        w.writeString(8, "t");
        return w;
    }

    private static void assertData(String expectedHex, TensorProtoData t) {
        assertEquals(expectedHex.replace(" ", ""), HexFormat.of().formatHex(t.dataBytes()));
        assertEquals(t.type().byteSize(t.elementCount()), t.data().remaining());
    }

    @Test
    void floatFromFloatData() {
        // 1.0f = 3f800000, -2.5f = c0200000, 0.1f = 3dcccccd
        TensorProtoData t = TensorProtos.parse(header(ElementType.FLOAT, 3)
                .writePackedFloats(4, new float[] {1.0f, -2.5f, 0.1f}).toByteArray());
        assertEquals("t", t.name());
        assertEquals(ElementType.FLOAT, t.type());
        assertArrayEquals(new long[] {3}, t.dims());
        assertEquals(3, t.elementCount());
        assertData("0000803f 000020c0 cdcccc3d", t);
        assertEquals(-2.5f, t.data().getFloat(4));
    }

    @Test
    void floatFromUnpackedFloatData() {
        TensorProtoData t = TensorProtos.parse(header(ElementType.FLOAT, 2)
                .writeFloat(4, 1.0f).writeFloat(4, -2.5f).toByteArray());
        assertData("0000803f 000020c0", t);
    }

    @Test
    void complex64FromFloatData() {
        TensorProtoData t = TensorProtos.parse(header(ElementType.COMPLEX64, 1)
                .writePackedFloats(4, new float[] {1.0f, -2.5f}).toByteArray());
        assertData("0000803f 000020c0", t);
    }

    @Test
    void int32FromInt32Data() {
        TensorProtoData t = TensorProtos.parse(header(ElementType.INT32, 2, 2)
                .writePackedVarints(5, new int[] {1, -1, 0x12345678, Integer.MIN_VALUE}).toByteArray());
        assertArrayEquals(new long[] {2, 2}, t.dims());
        assertData("01000000 ffffffff 78563412 00000080", t);
    }

    @Test
    void narrowIntegersFromInt32Data() {
        assertData("fdff 3412 0080", TensorProtos.parse(header(ElementType.INT16, 3)
                .writePackedVarints(5, new int[] {-3, 0x1234, -32768}).toByteArray()));
        assertData("ffff 0000 0100", TensorProtos.parse(header(ElementType.UINT16, 3)
                .writePackedVarints(5, new int[] {65535, 0, 1}).toByteArray()));
        assertData("80 7f ff", TensorProtos.parse(header(ElementType.INT8, 3)
                .writePackedVarints(5, new int[] {-128, 127, -1}).toByteArray()));
        assertData("ff 00 2a", TensorProtos.parse(header(ElementType.UINT8, 3)
                .writePackedVarints(5, new int[] {255, 0, 42}).toByteArray()));
    }

    @Test
    void boolFromInt32DataIsOneBytePerElement() {
        assertData("01 00 01", TensorProtos.parse(header(ElementType.BOOL, 3)
                .writePackedVarints(5, new int[] {1, 0, 1}).toByteArray()));
    }

    @Test
    void float16AndBfloat16BitPatternsFromInt32Data() {
        // float16: 1.0 = 3c00, -2.0 = c000, 0.5 = 3800, +inf = 7c00
        assertData("003c 00c0 0038 007c", TensorProtos.parse(header(ElementType.FLOAT16, 4)
                .writePackedVarints(5, new int[] {0x3c00, 0xc000, 0x3800, 0x7c00}).toByteArray()));
        // bfloat16: 1.0 = 3f80, -2.0 = c000
        assertData("803f 00c0", TensorProtos.parse(header(ElementType.BFLOAT16, 2)
                .writePackedVarints(5, new int[] {0x3f80, 0xc000}).toByteArray()));
    }

    @Test
    void float8FromInt32Data() {
        // float8e4m3fn: 1.0 = 0x38 (exp 7 = bias), -2.0 = 0xc0; e5m2: 1.0 = 0x3c
        for (ElementType t : List.of(ElementType.FLOAT8E4M3FN, ElementType.FLOAT8E4M3FNUZ,
                ElementType.FLOAT8E5M2, ElementType.FLOAT8E5M2FNUZ)) {
            assertData("38 c0 3c", TensorProtos.parse(header(t, 3)
                    .writePackedVarints(5, new int[] {0x38, 0xc0, 0x3c}).toByteArray()));
        }
    }

    @Test
    void int4AndUint4ArePackedTwoPerInt32Entry() {
        // int4 [1, -2, 7]: byte0 = 1 | (0xe << 4) = 0xe1, byte1 = 7 (high nibble padding)
        TensorProtoData t = TensorProtos.parse(header(ElementType.INT4, 3)
                .writePackedVarints(5, new int[] {0xe1, 0x07}).toByteArray());
        assertData("e1 07", t);
        // uint4 [15, 0, 3, 12] -> 0x0f, 0xc3
        assertData("0f c3", TensorProtos.parse(header(ElementType.UINT4, 2, 2)
                .writePackedVarints(5, new int[] {0x0f, 0xc3}).toByteArray()));
        // One entry per element (unpacked) is not what onnx.proto says: rejected.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TensorProtos.parse(
                header(ElementType.UINT4, 4).writePackedVarints(5, new int[] {1, 2, 3, 4}).toByteArray()));
        assertTrue(e.getMessage().contains("4 entries in int32_data, expected 2"), e.getMessage());
    }

    @Test
    void int64FromInt64Data() {
        assertData("ffffffffffffffff 0000000000000080 2a00000000000000", TensorProtos.parse(header(ElementType.INT64, 3)
                .writePackedVarints(7, new long[] {-1, Long.MIN_VALUE, 42}).toByteArray()));
    }

    @Test
    void doubleAndComplex128FromDoubleData() {
        // 1.0 = 3ff0000000000000, -0.5 = bfe0000000000000
        assertData("000000000000f03f 000000000000e0bf", TensorProtos.parse(header(ElementType.DOUBLE, 2)
                .writePackedDoubles(10, new double[] {1.0, -0.5}).toByteArray()));
        assertData("000000000000f03f 000000000000e0bf", TensorProtos.parse(header(ElementType.COMPLEX128)
                .writePackedDoubles(10, new double[] {1.0, -0.5}).toByteArray()));
    }

    @Test
    void uint32AndUint64FromUint64Data() {
        assertData("ffffffff 01000000", TensorProtos.parse(header(ElementType.UINT32, 2)
                .writePackedVarints(11, new long[] {0xffffffffL, 1}).toByteArray()));
        assertData("ffffffffffffffff 0100000000000000", TensorProtos.parse(header(ElementType.UINT64, 2)
                .writePackedVarints(11, new long[] {-1L, 1}).toByteArray()));
    }

    @Test
    void stringsFromStringData() {
        TensorProtoData t = TensorProtos.parse(header(ElementType.STRING, 2)
                .writeString(6, "abc").writeBytes(6, new byte[0]).toByteArray());
        assertEquals(List.of("abc", ""), t.stringValues());
        assertEquals(0, t.data().remaining());
        assertEquals(0, t.byteSize());
        assertArrayEquals("abc".getBytes(StandardCharsets.UTF_8), t.strings().get(0));
    }

    @Test
    void rawDataIsTakenAsIs() {
        byte[] raw = hex("0000803f 000020c0");
        TensorProtoData t = TensorProtos.parse(header(ElementType.FLOAT, 2).writeBytes(9, raw).toByteArray());
        assertData("0000803f 000020c0", t);
        // int4 raw data, odd count: ceil(3/2) = 2 bytes
        assertData("e1 07", TensorProtos.parse(header(ElementType.INT4, 3).writeBytes(9, hex("e107")).toByteArray()));
        // bool raw data
        assertData("01 00", TensorProtos.parse(header(ElementType.BOOL, 2).writeBytes(9, hex("0100")).toByteArray()));
        // a wrong raw size is rejected
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                TensorProtos.parse(header(ElementType.FLOAT, 3).writeBytes(9, raw).toByteArray()));
        assertEquals("tensor 't' FLOAT[3] has 8 bytes of raw_data, expected 12", e.getMessage());
    }

    @Test
    void scalarAndEmptyTensors() {
        TensorProtoData scalar = TensorProtos.parse(header(ElementType.INT32).writePackedVarints(5, new int[] {7}).toByteArray());
        assertEquals(0, scalar.rank());
        assertEquals(1, scalar.elementCount());
        assertData("07000000", scalar);
        TensorProtoData empty = TensorProtos.parse(header(ElementType.FLOAT, 0, 3).toByteArray());
        assertEquals(0, empty.elementCount());
        assertEquals(0, empty.data().remaining());
    }

    @Test
    void badTensorsAreRejectedClearly() {
        // external data
        ProtoWriter ext = header(ElementType.FLOAT, 2)
                .writeMessage(13, new ProtoWriter().writeString(1, "location").writeString(2, "w.bin"))
                .writeVarint(14, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TensorProtos.parse(ext.toByteArray()));
        assertTrue(e.getMessage().contains("external") && e.getMessage().contains("w.bin"), e.getMessage());
        // missing data
        e = assertThrows(IllegalArgumentException.class, () -> TensorProtos.parse(header(ElementType.FLOAT, 2).toByteArray()));
        assertEquals("tensor 't' FLOAT[2] has 0 entries in float_data, expected 2 (no data at all)", e.getMessage());
        // wrong typed field for the type
        e = assertThrows(IllegalArgumentException.class, () -> TensorProtos.parse(header(ElementType.INT32, 1)
                .writePackedFloats(4, new float[] {1f}).toByteArray()));
        assertTrue(e.getMessage().contains("float_data"), e.getMessage());
        // missing data_type
        e = assertThrows(IllegalArgumentException.class, () -> TensorProtos.parse(new ProtoWriter().writeVarint(1, 1).toByteArray()));
        assertTrue(e.getMessage().contains("data_type"), e.getMessage());
        // unknown data_type
        e = assertThrows(IllegalArgumentException.class, () -> TensorProtos.parse(new ProtoWriter().writeVarint(2, 99).toByteArray()));
        assertTrue(e.getMessage().contains("99"), e.getMessage());
        // STRING via raw_data
        e = assertThrows(IllegalArgumentException.class, () -> TensorProtos.parse(header(ElementType.STRING, 1)
                .writeBytes(9, new byte[] {1}).toByteArray()));
        assertTrue(e.getMessage().contains("string_data"), e.getMessage());
        // truncated bytes: the wire-level error comes through
        byte[] good = header(ElementType.FLOAT, 2).writePackedFloats(4, new float[] {1f, 2f}).toByteArray();
        e = assertThrows(IllegalArgumentException.class, () -> TensorProtos.parse(Arrays.copyOf(good, good.length - 1)));
        assertTrue(e.getMessage().startsWith("truncated protobuf input at offset"), e.getMessage());
    }

    @Test
    void encodeRoundTrips() {
        List<TensorProtoData> tensors = List.of(
                TensorProtoData.ofFloats("f", new long[] {2, 2}, 1f, 2f, Float.NaN, -0f),
                TensorProtoData.ofDoubles("d", new long[] {1}, Math.E),
                TensorProtoData.ofInts("", new long[] {3}, 1, -2, 3),
                TensorProtoData.ofLongs("l", new long[0], Long.MIN_VALUE),
                TensorProtoData.of("u4", ElementType.UINT4, new long[] {3}, new byte[] {0x21, 0x03}),
                TensorProtoData.of("b", ElementType.BOOL, new long[] {2}, new byte[] {1, 0}),
                TensorProtoData.of("e", ElementType.FLOAT16, new long[] {0, 4}, new byte[0]),
                TensorProtoData.ofStrings("s", new long[] {1, 3}, List.of("a", "", "ü")));
        for (TensorProtoData t : tensors) {
            TensorProtoData back = TensorProtos.parse(TensorProtos.encode(t));
            assertEquals(t, back, t.toString());
        }
    }

    @Test
    void tensorProtoDataChecksItsInvariants() {
        assertThrows(IllegalArgumentException.class, () ->
                TensorProtoData.of("x", ElementType.FLOAT, new long[] {2}, new byte[4]));
        assertThrows(IllegalArgumentException.class, () ->
                TensorProtoData.ofStrings("x", new long[] {2}, List.of("one")));
        assertThrows(IllegalArgumentException.class, () ->
                TensorProtoData.of("x", ElementType.FLOAT, new long[] {-1}, new byte[0]));
        TensorProtoData t = TensorProtoData.ofFloats("x", new long[] {2, 3}, new float[6]);
        assertEquals(6, t.elementCount());
        assertEquals(24, t.byteSize());
        assertEquals("FLOAT[2,3]", t.typeAndShape());
        // data() is a fresh view: relative reads by one caller do not move another's position
        ByteBuffer a = t.data();
        a.getFloat();
        assertEquals(0, t.data().position());
        assertEquals(ByteOrder.LITTLE_ENDIAN, t.data().order());
        // dims() is a copy
        t.dims()[0] = 99;
        assertArrayEquals(new long[] {2, 3}, t.dims());
    }
}
