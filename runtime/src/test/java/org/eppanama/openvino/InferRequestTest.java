package org.eppanama.openvino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import org.eppanama.runtime.ElementType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Inference on y = Relu(x), x FLOAT [1, 6]: zero copy, sync and async, ownership, bad input. */
class InferRequestTest extends WithCore {
    static CompiledModel compiled;

    @BeforeAll
    static void compile() {
        try (Model m = core.readModel(OpenVinoTests.relu())) {
            m.reshape(Map.of("x", new long[] {1, 6}));
            compiled = core.compile(m, "CPU", OvProperties.none());
        }
    }

    @AfterAll
    static void closeCompiled() {
        if (compiled != null) {
            compiled.close();
        }
    }

    private static final float[] X = {-1, 2, -3, 4, 5, -6};
    private static final float[] Y = {0, 2, 0, 4, 5, 0};

    @Test
    void inputsAreReadInPlaceAndOutputsAreViews() {
        try (Arena arena = Arena.ofConfined();
             InferRequest r = compiled.createInferRequest()) {
            MemorySegment x = arena.allocateFrom(ValueLayout.JAVA_FLOAT, X);
            try (OvTensor t = OvTensor.wrap(x, ElementType.FLOAT, 1, 6)) {
                assertEquals(x.address(), t.dataAddress());
                assertTrue(t.isCallerOwned());
                r.setInput("x", t);
                r.infer();
                OvTensor y = r.output("y");
                MemorySegment view = y.data();
                assertArrayEquals(Y, view.toArray(ValueLayout.JAVA_FLOAT));
                assertArrayEquals(new long[] {1, 6}, y.shape());
                // Written in place: the next inference reads the changed memory.
                x.setAtIndex(ValueLayout.JAVA_FLOAT, 0, 7f);
                r.infer();
                assertEquals(7f, view.getAtIndex(ValueLayout.JAVA_FLOAT, 0));
                y.close();
                assertThrows(IllegalStateException.class, () -> view.get(ValueLayout.JAVA_FLOAT, 0));
            }
        }
    }

    @Test
    void asyncInferenceGivesTheSameOutputs() {
        try (Arena arena = Arena.ofConfined();
             InferRequest r = compiled.createInferRequest();
             OvTensor t = OvTensor.wrap(arena.allocateFrom(ValueLayout.JAVA_FLOAT, X), ElementType.FLOAT, 1, 6)) {
            r.setInput("x", t);
            r.startAsync();
            IllegalStateException busy = assertThrows(IllegalStateException.class, r::infer);
            assertTrue(busy.getMessage().contains("await()"), busy.getMessage());
            r.await();
            try (OvTensor y = r.output("y")) {
                assertArrayEquals(Y, y.data().toArray(ValueLayout.JAVA_FLOAT));
            }
            assertThrows(IllegalStateException.class, r::await);
        }
    }

    @Test
    void closingDuringAnAsyncInferenceWaitsForIt() {
        try (Arena arena = Arena.ofConfined();
             OvTensor t = OvTensor.wrap(arena.allocateFrom(ValueLayout.JAVA_FLOAT, X), ElementType.FLOAT, 1, 6)) {
            InferRequest r = compiled.createInferRequest();
            r.setInput("x", t);
            r.startAsync();
            r.close();
            assertTrue(r.isClosed());
            assertThrows(IllegalStateException.class, r::await);
            assertThrows(IllegalStateException.class, r::infer);
        }
    }

    @Test
    void ownedTensorsAndOutputsOutliveTheirParents() {
        Core own = Core.create();
        Model m = own.readModel(OpenVinoTests.relu());
        m.reshape(Map.of("x", new long[] {1, 6}));
        CompiledModel c = own.compile(m, "CPU", OvProperties.none());
        own.close();
        m.close();
        InferRequest r = c.createInferRequest();
        c.close();
        try (OvTensor t = OvTensor.allocate(ElementType.FLOAT, 1, 6)) {
            assertFalse(t.isCallerOwned());
            t.data().copyFrom(MemorySegment.ofArray(X));
            r.setInput("x", t);
        }
        r.infer();
        OvTensor y = r.output("y");
        r.close();
        assertArrayEquals(Y, y.data().toArray(ValueLayout.JAVA_FLOAT));
        y.close();
    }

    @Test
    void wrongShapeTypeOrNameIsRefusedBeforeNativeCode() {
        try (Arena arena = Arena.ofConfined();
             InferRequest r = compiled.createInferRequest();
             OvTensor seven = OvTensor.wrap(arena.allocate(ValueLayout.JAVA_FLOAT, 7), ElementType.FLOAT, 1, 7);
             OvTensor ints = OvTensor.wrap(arena.allocate(ValueLayout.JAVA_INT, 6), ElementType.INT32, 1, 6)) {
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> r.setInput("x", seven));
            assertTrue(shape.getMessage().contains("expects shape [1,6]") && shape.getMessage().contains("pad the input"),
                    shape.getMessage());
            IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> r.setInput("x", ints));
            assertTrue(type.getMessage().contains("expects FLOAT"), type.getMessage());
            IllegalArgumentException name = assertThrows(IllegalArgumentException.class, () -> r.setInput("nope", ints));
            assertTrue(name.getMessage().contains("x:FLOAT[1,6]"), name.getMessage());
            assertThrows(IllegalArgumentException.class, () -> r.output("nope"));
            IllegalStateException unbound = assertThrows(IllegalStateException.class, r::infer);
            assertTrue(unbound.getMessage().contains("setInput(\"x\""), unbound.getMessage());
        }
    }

    @Test
    void freedInputMemoryIsCaughtBeforeInference() {
        try (InferRequest r = compiled.createInferRequest()) {
            Arena arena = Arena.ofConfined();
            OvTensor t = OvTensor.wrap(arena.allocate(ValueLayout.JAVA_FLOAT, 6), ElementType.FLOAT, 1, 6);
            r.setInput("x", t);
            t.close();
            arena.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, r::infer);
            assertTrue(e.getMessage().contains("arena is closed"), e.getMessage());
        }
    }

    @Test
    void wrapChecksTheSegment() {
        try (Arena arena = Arena.ofConfined()) {
            assertThrows(IllegalArgumentException.class,
                    () -> OvTensor.wrap(MemorySegment.ofArray(new float[6]), ElementType.FLOAT, 1, 6));
            IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                    () -> OvTensor.wrap(arena.allocate(ValueLayout.JAVA_FLOAT, 8), ElementType.FLOAT, 1, 6));
            assertTrue(size.getMessage().contains("asSlice(0, 24)"), size.getMessage());
            MemorySegment odd = arena.allocate(32, 8).asSlice(1, 24);
            assertThrows(IllegalArgumentException.class, () -> OvTensor.wrap(odd, ElementType.FLOAT, 1, 6));
            assertThrows(IllegalArgumentException.class, () -> OvTensor.wrap(arena.allocate(8), ElementType.STRING, 1));
            assertThrows(IllegalArgumentException.class, () -> OvTensor.allocate(ElementType.FLOAT, 1, -6));
            assertThrows(IllegalArgumentException.class, () -> OvTensor.allocate(ElementType.COMPLEX64, 2));
        }
    }
}
