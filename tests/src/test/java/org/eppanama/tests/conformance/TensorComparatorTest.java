package org.eppanama.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.eppanama.onnx.TensorProtoData;
import org.eppanama.runtime.ElementType;
import org.junit.jupiter.api.Test;

class TensorComparatorTest {

    private static final long[] TWO = {2};

    @Test
    void floatsWithinToleranceNanAndInfinity() {
        TensorProtoData e = TensorProtoData.ofFloats("y", TWO, 1000f, Float.NaN);
        assertNull(TensorComparator.compare(e, TensorProtoData.ofFloats("y", TWO, 1000.9f, Float.NaN)));
        String d = TensorComparator.compare(e, TensorProtoData.ofFloats("y", TWO, 1001.5f, Float.NaN));
        assertEquals("1 of 2 elements differ; first at index 0: expected 1000.0, actual 1001.5", d);
        assertTrue(TensorComparator.compare(e, TensorProtoData.ofFloats("y", TWO, 1000f, 0f)).contains("index 1"));
        TensorProtoData inf = TensorProtoData.ofFloats("y", TWO, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
        assertNull(TensorComparator.compare(inf, inf));
        assertTrue(TensorComparator.compare(inf, TensorProtoData.ofFloats("y", TWO, Float.MAX_VALUE, Float.NEGATIVE_INFINITY)) != null);
        // atol 1e-7 around zero
        assertNull(TensorComparator.compare(TensorProtoData.ofDoubles("d", TWO, 0, 1),
                TensorProtoData.ofDoubles("d", TWO, 5e-8, 1.0009)));
        assertTrue(TensorComparator.close(0, 1e-7));
        assertTrue(!TensorComparator.close(0, 2e-7));
    }

    @Test
    void shapeTypeIntegersAndStringsMustMatchExactly() {
        assertEquals("shape: expected [2], actual [1, 2]", TensorComparator.compare(TensorProtoData.ofInts("a", TWO, 1, 2),
                TensorProtoData.ofInts("a", new long[] {1, 2}, 1, 2)));
        assertEquals("element type: expected INT32, actual INT64", TensorComparator.compare(
                TensorProtoData.ofInts("a", TWO, 1, 2), TensorProtoData.ofLongs("a", TWO, 1, 2)));
        assertEquals("1 of 2 elements differ; first at index 1: expected 2, actual 3", TensorComparator.compare(
                TensorProtoData.ofLongs("a", TWO, 1, 2), TensorProtoData.ofLongs("a", TWO, 1, 3)));
        assertEquals("1 of 2 elements differ; first at index 0: expected \"x\", actual \"y\"", TensorComparator.compare(
                TensorProtoData.ofStrings("s", TWO, List.of("x", "z")), TensorProtoData.ofStrings("s", TWO, List.of("y", "z"))));
        assertEquals("1 of 1 elements differ; first at index 0: expected true, actual false", TensorComparator.compare(
                TensorProtoData.of("b", ElementType.BOOL, new long[] {1}, new byte[] {1}),
                TensorProtoData.of("b", ElementType.BOOL, new long[] {1}, new byte[] {0})));
        assertEquals("1 of 3 elements differ; first at index 1: expected -2, actual 2", TensorComparator.compare(
                TensorProtoData.of("i", ElementType.INT4, new long[] {3}, new byte[] {(byte) 0xe1, 0x07}),
                TensorProtoData.of("i", ElementType.INT4, new long[] {3}, new byte[] {(byte) 0x21, 0x07})));
        // the padding nibble of an odd count is not compared
        assertNull(TensorComparator.compare(
                TensorProtoData.of("u", ElementType.UINT4, new long[] {1}, new byte[] {0x05}),
                TensorProtoData.of("u", ElementType.UINT4, new long[] {1}, new byte[] {(byte) 0xf5})));
        assertEquals("1 of 1 elements differ; first at index 0: expected 18446744073709551615, actual 0",
                TensorComparator.compare(
                        TensorProtoData.of("u", ElementType.UINT64, new long[] {1}, new byte[] {-1, -1, -1, -1, -1, -1, -1, -1}),
                        TensorProtoData.of("u", ElementType.UINT64, new long[] {1}, new byte[8])));
    }

    @Test
    void lowPrecisionFloatsAreDecodedFirst() {
        // float16 1.0 = 0x3c00 vs 1.0009765625 = 0x3c01 (within 1e-3 relative? 9.77e-4 <= 1e-3 + 1e-7: yes)
        TensorProtoData h1 = TensorProtoData.of("h", ElementType.FLOAT16, new long[] {1}, new byte[] {0x00, 0x3c});
        TensorProtoData h2 = TensorProtoData.of("h", ElementType.FLOAT16, new long[] {1}, new byte[] {0x01, 0x3c});
        TensorProtoData h3 = TensorProtoData.of("h", ElementType.FLOAT16, new long[] {1}, new byte[] {0x02, 0x3c});
        assertNull(TensorComparator.compare(h1, h2));
        assertTrue(TensorComparator.compare(h1, h3) != null);
        assertEquals(1.0f, LowPrecisionFloats.bfloat16((short) 0x3f80));
        assertEquals(-2.0f, LowPrecisionFloats.bfloat16((short) 0xc000));
    }

    @Test
    void float8Decoding() {
        assertEquals(1.0f, LowPrecisionFloats.float8(ElementType.FLOAT8E4M3FN, (byte) 0x38));
        assertEquals(448f, LowPrecisionFloats.float8(ElementType.FLOAT8E4M3FN, (byte) 0x7e));
        assertEquals(-448f, LowPrecisionFloats.float8(ElementType.FLOAT8E4M3FN, (byte) 0xfe));
        assertEquals(0x1p-9f, LowPrecisionFloats.float8(ElementType.FLOAT8E4M3FN, (byte) 0x01));
        assertTrue(Float.isNaN(LowPrecisionFloats.float8(ElementType.FLOAT8E4M3FN, (byte) 0x7f)));
        assertTrue(Float.isNaN(LowPrecisionFloats.float8(ElementType.FLOAT8E4M3FN, (byte) 0xff)));
        assertEquals(1.0f, LowPrecisionFloats.float8(ElementType.FLOAT8E4M3FNUZ, (byte) 0x40));
        assertEquals(240f, LowPrecisionFloats.float8(ElementType.FLOAT8E4M3FNUZ, (byte) 0x7f));
        assertTrue(Float.isNaN(LowPrecisionFloats.float8(ElementType.FLOAT8E4M3FNUZ, (byte) 0x80)));
        assertEquals(1.0f, LowPrecisionFloats.float8(ElementType.FLOAT8E5M2, (byte) 0x3c));
        assertEquals(57344f, LowPrecisionFloats.float8(ElementType.FLOAT8E5M2, (byte) 0x7b));
        assertEquals(Float.POSITIVE_INFINITY, LowPrecisionFloats.float8(ElementType.FLOAT8E5M2, (byte) 0x7c));
        assertEquals(Float.NEGATIVE_INFINITY, LowPrecisionFloats.float8(ElementType.FLOAT8E5M2, (byte) 0xfc));
        assertTrue(Float.isNaN(LowPrecisionFloats.float8(ElementType.FLOAT8E5M2, (byte) 0x7d)));
        assertEquals(0x1p-16f, LowPrecisionFloats.float8(ElementType.FLOAT8E5M2, (byte) 0x01));
        assertEquals(1.0f, LowPrecisionFloats.float8(ElementType.FLOAT8E5M2FNUZ, (byte) 0x40));
        assertEquals(57344f, LowPrecisionFloats.float8(ElementType.FLOAT8E5M2FNUZ, (byte) 0x7f));
        assertTrue(Float.isNaN(LowPrecisionFloats.float8(ElementType.FLOAT8E5M2FNUZ, (byte) 0x80)));
    }
}
