package org.eppanama.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionTest extends WithEnvironment {

    @Test
    void libraryIsTheArtifactVersionAndApiMatchesHeaders() {
        OrtLibrary lib = OrtLibrary.get();
        assertEquals(23, OrtLibrary.API_VERSION);
        assertTrue(lib.version().matches("1\\.(2[3-9]|[3-9]\\d)\\..*"), lib.version());
        assertTrue(Files.isRegularFile(lib.path()));
    }

    @Test
    void cpuDeviceIsListed() {
        List<EpDevice> cpu = env.epDevices("CPUExecutionProvider", DeviceType.CPU);
        assertEquals(1, cpu.size());
        assertEquals(DeviceType.CPU, cpu.getFirst().device().type());
        assertFalse(cpu.getFirst().epVendor().isEmpty());
    }

    @Test
    void typeInfoAndMetadata() {
        try (SessionOptions o = TestModels.cpuV2(env); Session s = Session.create(env, TestModels.add(), o)) {
            assertEquals(List.of("x", "y"), s.inputs().stream().map(ValueInfo::name).toList());
            TensorInfo x = s.input("x").tensor();
            assertEquals(ElementType.FLOAT, x.type());
            assertArrayEquals(new long[] {-1, 3}, x.shape());
            assertEquals(List.of("N", ""), x.dimNames());
            assertEquals(ValueKind.TENSOR, s.output("sum").kind());
            ModelMetadata md = s.metadata();
            assertEquals("eppanama-tests", md.producerName());
            assertEquals("add", md.graphName());
            assertEquals(Map.of("purpose", "unit-test", "author", "eppanama"), md.custom());
        }
    }

    @Test
    void runFromBytesAndFromFileGiveTheSum(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("add.onnx");
        Files.write(file, TestModels.add());
        try (SessionOptions o = TestModels.cpuV2(env); Session fromBytes = Session.create(env, TestModels.add(), o);
             Session fromFile = Session.create(env, file, o); Arena arena = Arena.ofConfined()) {
            for (Session s : List.of(fromBytes, fromFile)) {
                float[] sum = runAdd(s, arena, new float[] {1, 2, 3, 4, 5, 6}, new float[] {10, 20, 30, 40, 50, 60});
                assertArrayEquals(new float[] {11, 22, 33, 44, 55, 66}, sum);
            }
        }
    }

    static float[] runAdd(Session s, Arena arena, float[] x, float[] y) {
        long rows = x.length / 3;
        try (Tensor tx = Tensor.wrap(arena.allocateFrom(ValueLayout.JAVA_FLOAT, x), ElementType.FLOAT, rows, 3);
             Tensor ty = Tensor.wrap(arena.allocateFrom(ValueLayout.JAVA_FLOAT, y), ElementType.FLOAT, rows, 3);
             Outputs out = s.run(Map.of("x", tx, "y", ty))) {
            Tensor sum = out.get("sum");
            assertArrayEquals(new long[] {rows, 3}, sum.shape());
            return sum.data().toArray(ValueLayout.JAVA_FLOAT);
        }
    }

    @Test
    void preallocatedOutputIsWrittenInPlace() {
        try (SessionOptions o = TestModels.cpuV2(env); Session s = Session.create(env, TestModels.add(), o); Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_FLOAT, 3);
            try (Tensor tx = Tensor.wrap(arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1, 2, 3), ElementType.FLOAT, 1, 3);
                 Tensor ty = Tensor.wrap(arena.allocateFrom(ValueLayout.JAVA_FLOAT, 4, 5, 6), ElementType.FLOAT, 1, 3);
                 Tensor tout = Tensor.wrap(out, ElementType.FLOAT, 1, 3);
                 RunOptions ro = RunOptions.create().tag("prealloc")) {
                s.run(Map.of("x", tx, "y", ty), Map.of("sum", tout), ro);
                assertArrayEquals(new float[] {5, 7, 9}, out.toArray(ValueLayout.JAVA_FLOAT));
            }
        }
    }

    @Test
    void runsOnOneThreadSeeOnlyTheirOwnArguments() {
        // Runs on a thread reuse its native argument arrays: nothing of an earlier run may leak into a later one.
        try (SessionOptions o = TestModels.cpuV2(env);
             Session identity = Session.create(env, TestModels.identity(ElementType.FLOAT), o);
             Session add = Session.create(env, TestModels.add(), o);
             Session split = Session.create(env, TestModels.identityAndNeg(), o);
             Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_FLOAT, 3);
            try (Tensor x = Tensor.wrap(arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1, 2, 3), ElementType.FLOAT, 3);
                 Tensor y = Tensor.wrap(out, ElementType.FLOAT, 3)) {
                identity.run(Map.of("x", x), Map.of("y", y), null);
                assertArrayEquals(new float[] {1, 2, 3}, out.toArray(ValueLayout.JAVA_FLOAT));
                // An allocating run right after a preallocated one gets a fresh output, not the caller's tensor.
                try (Outputs fresh = identity.run(Map.of("x", x))) {
                    assertFalse(fresh.get("y").isCallerOwned());
                    assertNotEquals(out.address(), fresh.get("y").dataAddress());
                    assertArrayEquals(new float[] {1, 2, 3}, fresh.get("y").data().toArray(ValueLayout.JAVA_FLOAT));
                }
                // More inputs, then more outputs, than the run before.
                assertArrayEquals(new float[] {11, 22, 33}, runAdd(add, arena, new float[] {1, 2, 3}, new float[] {10, 20, 30}));
                try (Outputs both = split.run(Map.of("x", x))) {
                    assertArrayEquals(new float[] {1, 2, 3}, both.get("a").data().toArray(ValueLayout.JAVA_FLOAT));
                    assertArrayEquals(new float[] {-1, -2, -3}, both.get("b").data().toArray(ValueLayout.JAVA_FLOAT));
                }
            }
        }
    }

    @Test
    void oneSessionRunsFromManyThreadsAtOnce() throws Exception {
        int threads = 6;
        int runs = 150;
        try (SessionOptions o = TestModels.cpuV2(env).intraOpThreads(1); Session s = Session.create(env, TestModels.add(), o)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    final int id = t;
                    futures.add(pool.submit(() -> {
                        int ok = 0;
                        try (Arena arena = Arena.ofConfined()) {
                            for (int r = 0; r < runs; r++) {
                                float base = id * 1000 + r;
                                float[] sum = runAdd(s, arena, new float[] {base, base, base}, new float[] {1, 2, 3});
                                assertArrayEquals(new float[] {base + 1, base + 2, base + 3}, sum);
                                ok++;
                            }
                        }
                        return ok;
                    }));
                }
                for (Future<Integer> f : futures) {
                    assertEquals(runs, f.get());
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void terminatedRunOptionsFailTheRunAndCanBeReset() {
        try (SessionOptions o = TestModels.cpuV2(env); Session s = Session.create(env, TestModels.add(), o); Arena arena = Arena.ofConfined();
             RunOptions ro = RunOptions.create().tag("t").logSeverity(LogLevel.ERROR).configEntry("memory.enable_memory_arena_shrinkage", "cpu:0");
             Tensor tx = Tensor.wrap(arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1, 2, 3), ElementType.FLOAT, 1, 3)) {
            ro.terminate();
            OrtException e = org.junit.jupiter.api.Assertions.assertThrows(OrtException.class,
                    () -> s.run(Map.of("x", tx, "y", tx), List.of("sum"), ro));
            assertEquals("Run", e.function());
            assertTrue(e.ortMessage().toLowerCase().contains("terminate"), e.ortMessage());
            ro.unsetTerminate();
            try (Outputs out = s.run(Map.of("x", tx, "y", tx), List.of("sum"), ro)) {
                assertArrayEquals(new float[] {2, 4, 6}, out.get(0).data().toArray(ValueLayout.JAVA_FLOAT));
            }
        }
    }

    @Test
    void sessionOptionsKnobsAreAccepted(@TempDir Path dir) throws Exception {
        Path optimized = dir.resolve("optimized.onnx");
        try (SessionOptions o = TestModels.cpuV2(env).intraOpThreads(1).interOpThreads(1).executionMode(ExecutionMode.SEQUENTIAL)
                .configEntry("session.use_env_allocators", "0").freeDimensionOverride("N", 2)
                .logSeverity(LogLevel.ERROR).logId("knobs").optimizedModelPath(optimized)
                .enableProfiling(dir.resolve("profile"));
             Session s = Session.create(env, TestModels.add(), o)) {
            // The free-dimension override fixes N to 2 in the session's view of the model.
            assertArrayEquals(new long[] {2, 3}, s.input("x").tensor().shape());
            assertTrue(Files.size(optimized) > 0, "optimized model written");
            String profile = s.endProfiling();
            assertTrue(Files.isRegularFile(Path.of(profile)), profile);
            assertEquals(List.of("CPUExecutionProvider"), o.appendedProviders());
        }
    }
}
