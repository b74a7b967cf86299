package org.eppanama.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every numeric element type goes through a real Identity node bit for bit, and strings too. */
class ElementTypesTest extends WithEnvironment {

    @ParameterizedTest
    @EnumSource(value = ElementType.class, mode = EnumSource.Mode.EXCLUDE,
            names = {"STRING", "COMPLEX64", "COMPLEX128", "INT4", "UINT4"})
    void identityRoundTripsTheBytes(ElementType type) {
        long n = 10;
        try (Session s = Session.create(env, TestModels.identity(type), TestModels.cpuV2(env)); Arena arena = Arena.ofConfined()) {
            assertEquals(type, s.input("x").tensor().type());
            MemorySegment in = arena.allocate(type.byteSize(n), 8);
            for (long i = 0; i < in.byteSize(); i++) {
                // Bytes chosen so that bool stays 0/1 and every other type gets distinct patterns.
                in.set(ValueLayout.JAVA_BYTE, i, (byte) (type == ElementType.BOOL ? i % 2 : i * 37 + 11));
            }
            try (Tensor t = Tensor.wrap(in, type, n); Outputs out = s.run(Map.of("x", t))) {
                Tensor y = out.get("y");
                assertEquals(type, y.type());
                assertArrayEquals(new long[] {n}, y.shape());
                assertArrayEquals(in.toArray(ValueLayout.JAVA_BYTE), y.data().toArray(ValueLayout.JAVA_BYTE));
            }
        }
    }

    /** Types ONNX Runtime has no Identity kernel for: the OrtValue is still made over the caller's bytes, as ORT reports. */
    @ParameterizedTest
    @EnumSource(value = ElementType.class, names = {"INT4", "UINT4"})
    void tensorsOfTypesWithoutIdentityKernelsAreCreatedInPlace(ElementType type) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(type.byteSize(5), 8);
            try (Tensor t = Tensor.wrap(in, type, 5)) {
                TensorInfo info = t.nativeInfo();
                assertEquals(type, info.type());
                assertArrayEquals(new long[] {5}, info.shape());
                assertEquals(in.address(), t.dataAddress());
            }
        }
    }

    /** ONNX Runtime has no complex tensors: the refusal comes back as an OrtException naming the call. */
    @ParameterizedTest
    @EnumSource(value = ElementType.class, names = {"COMPLEX64", "COMPLEX128"})
    void complexTensorsAreRefusedByOrtWithAClearError(ElementType type) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(type.byteSize(2), 8);
            OrtException e = org.junit.jupiter.api.Assertions.assertThrows(OrtException.class, () -> Tensor.wrap(in, type, 2));
            assertEquals("CreateTensorWithDataAsOrtValue", e.function());
            assertEquals(ErrorCode.NOT_IMPLEMENTED, e.code());
        }
    }

    @Test
    void packedFourBitTypesTakeHalfAByteEach() {
        assertEquals(3, ElementType.INT4.byteSize(5));
        assertEquals(4, ElementType.UINT4.byteSize(8));
    }

    @Test
    void stringTensorsRoundTrip() {
        List<String> values = List.of("", "eppanama", "ünïcødé ▁word", "a b c");
        try (Session s = Session.create(env, TestModels.identity(ElementType.STRING), null);
             Tensor t = Tensor.ofStrings(values, values.size()); Outputs out = s.run(Map.of("x", t))) {
            assertEquals(values, t.strings());
            assertEquals(values, out.get("y").strings());
        }
    }

    @Test
    void ortAllocatedTensorIsWritableThroughItsView() {
        try (Tensor t = Tensor.allocate(ElementType.INT64, 2, 2)) {
            MemorySegment d = t.data();
            assertEquals(32, d.byteSize());
            d.setAtIndex(ValueLayout.JAVA_LONG, 3, 7L);
            assertEquals(7L, t.data().getAtIndex(ValueLayout.JAVA_LONG, 3));
            assertEquals(d.address(), t.dataAddress());
        }
    }
}
