package org.eppanama.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each bad input gets an exception that names what was wrong; none reaches native code in a way that crashes. */
class BadInputTest extends WithEnvironment {
    static Session add;

    @BeforeAll
    static void openSession() {
        add = Session.create(env, TestModels.add(), null);
    }

    @AfterAll
    static void closeSession() {
        add.close();
    }

    static <T extends Throwable> T fails(Class<T> type, Executable e, String... mustContain) {
        T t = assertThrows(type, e);
        for (String s : mustContain) {
            assertTrue(t.getMessage().contains(s), "message '" + t.getMessage() + "' should name '" + s + "'");
        }
        return t;
    }

    @Test
    void corruptModelBytes() {
        byte[] model = TestModels.add();
        byte[] corrupt = java.util.Arrays.copyOf(model, model.length / 2);
        OrtException e = fails(OrtException.class, () -> Session.create(env, corrupt, null), "CreateSessionFromArray");
        assertEquals(ErrorCode.INVALID_PROTOBUF, e.code());
        fails(OrtException.class, () -> Session.create(env, new byte[] {1, 2, 3, 4, 5}, null), "protobuf");
    }

    @Test
    void emptyModelBytes() {
        fails(IllegalArgumentException.class, () -> Session.create(env, new byte[0], null), "model bytes are empty");
    }

    @Test
    void missingModelFile() {
        fails(IllegalArgumentException.class, () -> Session.create(env, Path.of("/no/such/model.onnx"), null),
                "/no/such/model.onnx", "does not exist");
    }

    @Test
    void wrongInputName() {
        try (Arena arena = Arena.ofConfined(); Tensor t = floats(arena, 1, 3)) {
            fails(IllegalArgumentException.class, () -> add.run(Map.of("x", t, "z", t)), "no input named 'z'", "x: FLOAT[N,3]");
            fails(IllegalArgumentException.class, () -> add.run(Map.of("x", t, "y", t), java.util.List.of("nope"), null),
                    "no output named 'nope'");
        }
    }

    @Test
    void wrongDtype() {
        try (Arena arena = Arena.ofConfined(); Tensor f = floats(arena, 1, 3);
             Tensor d = Tensor.wrap(arena.allocate(ValueLayout.JAVA_DOUBLE, 3), ElementType.DOUBLE, 1, 3)) {
            fails(IllegalArgumentException.class, () -> add.run(Map.of("x", f, "y", d)), "'y' expects FLOAT", "DOUBLE");
        }
    }

    @Test
    void wrongShape() {
        try (Arena arena = Arena.ofConfined(); Tensor ok = floats(arena, 1, 3); Tensor bad = floats(arena, 1, 4);
             Tensor rank = floats(arena, 3)) {
            fails(IllegalArgumentException.class, () -> add.run(Map.of("x", ok, "y", bad)), "'y' expects shape FLOAT[N,3]", "[1, 4]");
            fails(IllegalArgumentException.class, () -> add.run(Map.of("x", rank, "y", ok)), "'x' expects shape", "[3]");
        }
    }

    @Test
    void mismatchedBatchIsReportedByOrt() {
        try (Arena arena = Arena.ofConfined(); Tensor one = floats(arena, 2, 3); Tensor two = floats(arena, 3, 3)) {
            OrtException e = fails(OrtException.class, () -> add.run(Map.of("x", one, "y", two)), "Run");
            assertEquals("Run", e.function());
        }
    }

    @Test
    void segmentTooSmallOrTooLargeOrOnTheHeap() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment small = arena.allocate(ValueLayout.JAVA_FLOAT, 5);
            fails(IllegalArgumentException.class, () -> Tensor.wrap(small, ElementType.FLOAT, 2, 3), "20 bytes", "24 bytes");
            MemorySegment big = arena.allocate(ValueLayout.JAVA_FLOAT, 7);
            fails(IllegalArgumentException.class, () -> Tensor.wrap(big, ElementType.FLOAT, 2, 3), "asSlice(0, 24)");
            fails(IllegalArgumentException.class, () -> Tensor.wrap(MemorySegment.ofArray(new float[6]), ElementType.FLOAT, 2, 3),
                    "heap segment");
            MemorySegment misaligned = arena.allocate(32, 8).asSlice(1, 24);
            fails(IllegalArgumentException.class, () -> Tensor.wrap(misaligned, ElementType.FLOAT, 2, 3), "aligned");
            fails(IllegalArgumentException.class, () -> Tensor.wrap(big, ElementType.FLOAT, -1, 3), "negative dimension");
        }
    }

    @Test
    void unknownEpNameAndOption() {
        try (SessionOptions o = SessionOptions.create()) {
            OrtException e = fails(OrtException.class, () -> o.appendExecutionProvider("NoSuchProvider", Map.of()),
                    "NoSuchProvider", "SessionOptionsAppendExecutionProvider");
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            fails(IllegalArgumentException.class, () -> env.epDevices("NoSuchExecutionProvider", null),
                    "no EP device for NoSuchExecutionProvider", "CPUExecutionProvider");
            fails(IllegalArgumentException.class, () -> o.appendExecutionProvider(
                    env.epDevices("CPUExecutionProvider", DeviceType.CPU), Map.of("bogus_option", "1")),
                    "unknown option 'bogus_option' for CPUExecutionProvider");
        }
    }

    @Test
    void missingEpLibrary() {
        fails(IllegalArgumentException.class,
                () -> env.registerExecutionProviderLibrary("ghost", Path.of("/no/such/libghost_ep.so")), "/no/such/libghost_ep.so");
    }

    @Test
    void closedObjectsThrowBeforeNativeCode() {
        Session s = Session.create(env, TestModels.add(), null);
        s.close();
        s.close(); // harmless
        try (Arena arena = Arena.ofConfined(); Tensor t = floats(arena, 1, 3)) {
            fails(IllegalStateException.class, () -> s.run(Map.of("x", t, "y", t)), "Session is closed");
            fails(IllegalStateException.class, s::metadata, "Session is closed");
            fails(IllegalStateException.class, s::createIoBinding, "Session is closed");
        }
        try (Arena arena = Arena.ofConfined()) {
            Tensor t = floats(arena, 1, 3);
            t.close();
            t.close();
            fails(IllegalStateException.class, t::data, "Tensor is closed");
            fails(IllegalStateException.class, t::dataAddress, "Tensor is closed");
            fails(IllegalStateException.class, () -> add.run(Map.of("x", t, "y", t)), "Tensor is closed");
        }
        SessionOptions o = SessionOptions.create();
        o.close();
        fails(IllegalStateException.class, () -> o.intraOpThreads(1), "SessionOptions is closed");
        fails(IllegalStateException.class, () -> Session.create(env, TestModels.add(), o), "SessionOptions is closed");
    }

    @Test
    void freedCallerMemoryIsCaughtBeforeTheRun() {
        Arena arena = Arena.ofConfined();
        Tensor t = floats(arena, 1, 3);
        arena.close();
        try (t) {
            fails(IllegalStateException.class, () -> add.run(Map.of("x", t, "y", t)), "arena is closed");
        }
    }

    @Test
    void closedEnvironmentInvalidatesItsDevices() {
        Environment other = Environment.create();
        EpDevice cpu = other.epDevices("CPUExecutionProvider", DeviceType.CPU).getFirst();
        other.close();
        fails(IllegalStateException.class, cpu::handle, "no longer valid");
        fails(IllegalStateException.class, other::epDevices, "Environment is closed");
    }

    static Tensor floats(Arena arena, long... shape) {
        return Tensor.wrap(arena.allocate(ValueLayout.JAVA_FLOAT, Tensor.elementCount(shape)), ElementType.FLOAT, shape);
    }
}
