package org.eppanama.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The data really stays where the caller put it: compared by address, not by value. */
class ZeroCopyTest extends WithEnvironment {

    @Test
    void inputOrtValueDataPointerIsTheCallersSegment() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(ValueLayout.JAVA_FLOAT, 128 * 801);
            try (Tensor t = Tensor.wrap(data, ElementType.FLOAT, 1, 128, 801)) {
                assertEquals(data.address(), t.dataAddress());
                assertTrue(t.isCallerOwned());
                // A write through the caller's segment is what ONNX Runtime sees: same memory.
                data.setAtIndex(ValueLayout.JAVA_FLOAT, 5, 42f);
                assertEquals(42f, t.data().getAtIndex(ValueLayout.JAVA_FLOAT, 5));
            }
        }
    }

    @Test
    void ioBindingWritesOutputsStraightIntoTheCallersSegmentAcrossRuns() {
        try (SessionOptions o = TestModels.cpuV2(env); Session s = Session.create(env, TestModels.add(), o);
             Arena arena = Arena.ofConfined()) {
            MemorySegment x = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1, 2, 3, 4, 5, 6);
            MemorySegment y = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1, 1, 1, 1, 1, 1);
            MemorySegment out = arena.allocate(ValueLayout.JAVA_FLOAT, 6);
            try (Tensor tx = Tensor.wrap(x, ElementType.FLOAT, 2, 3); Tensor ty = Tensor.wrap(y, ElementType.FLOAT, 2, 3);
                 Tensor tout = Tensor.wrap(out, ElementType.FLOAT, 2, 3); IoBinding binding = s.createIoBinding()) {
                binding.bindInput("x", tx).bindInput("y", ty).bindOutput("sum", tout);
                for (int run = 0; run < 3; run++) {
                    // Change the input in place between runs: the binding sees the new values, no rebind.
                    for (int i = 0; i < 6; i++) {
                        x.setAtIndex(ValueLayout.JAVA_FLOAT, i, i * 10f + run);
                    }
                    binding.run(null);
                    float[] expected = new float[6];
                    for (int i = 0; i < 6; i++) {
                        expected[i] = i * 10f + run + 1;
                    }
                    assertArrayEquals(expected, out.toArray(ValueLayout.JAVA_FLOAT), "run " + run);
                }
                try (Outputs bound = binding.outputs()) {
                    assertEquals(List.of("sum"), List.copyOf(bound.asMap().keySet()));
                    assertEquals(out.address(), bound.get("sum").dataAddress());
                }
            }
        }
    }

    @Test
    void outputBoundToCpuIsAllocatedByOrtAndReadableAsAView() {
        try (SessionOptions o = TestModels.cpuV2(env); Session s = Session.create(env, TestModels.add(), o);
             Arena arena = Arena.ofConfined()) {
            MemorySegment x = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1, 2, 3);
            try (Tensor tx = Tensor.wrap(x, ElementType.FLOAT, 1, 3); IoBinding binding = s.createIoBinding()) {
                binding.bindInput("x", tx).bindInput("y", tx).bindOutputToCpu("sum");
                binding.run(null);
                MemorySegment view;
                try (Outputs bound = binding.outputs()) {
                    Tensor sum = bound.get("sum");
                    assertFalse(sum.isCallerOwned());
                    assertNotEquals(x.address(), sum.dataAddress());
                    view = sum.data();
                    assertArrayEquals(new float[] {2, 4, 6}, view.toArray(ValueLayout.JAVA_FLOAT));
                }
                // The view dies with its tensor: reading it now throws instead of touching freed memory.
                MemorySegment dead = view;
                org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                        () -> dead.get(ValueLayout.JAVA_FLOAT, 0));
            }
        }
    }

    @Test
    void runOutputViewIsOrtMemoryNotACopy() {
        try (SessionOptions o = TestModels.cpuV2(env); Session s = Session.create(env, TestModels.add(), o);
             Arena arena = Arena.ofConfined();
             Tensor tx = Tensor.wrap(arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1, 2, 3), ElementType.FLOAT, 1, 3);
             Outputs out = s.run(Map.of("x", tx, "y", tx))) {
            Tensor sum = out.get("sum");
            assertEquals(sum.dataAddress(), sum.data().address());
        }
    }
}
