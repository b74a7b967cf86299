package org.eppanama.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eppanama.onnx.Dim;
import org.eppanama.onnx.OnnxModelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model whose weight lives in an external file: from a file, from bytes plus a folder, and from memory. */
class ExternalDataTest extends WithEnvironment {
    static final float[] WEIGHTS = {0.5f, -2f, 8f};

    /** y = x + W, W FLOAT[3] read from "weights.bin" (after 4 bytes of padding, to exercise the offset). */
    static byte[] model() {
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 17).graphName("external");
        b.input("x", ElementType.FLOAT, Dim.of(3));
        b.output("y", ElementType.FLOAT, Dim.of(3));
        b.externalInitializer("W", ElementType.FLOAT, new long[] {3}, "weights.bin", 4, 12);
        b.node("Add").inputs("x", "W").outputs("y");
        return b.build();
    }

    static byte[] weightsFile() {
        ByteBuffer buf = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(0xDEADBEEF);
        for (float w : WEIGHTS) {
            buf.putFloat(w);
        }
        return buf.array();
    }

    static void assertAddsWeights(Session s) {
        try (Arena arena = Arena.ofConfined();
             Tensor x = Tensor.wrap(arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1, 1, 1), ElementType.FLOAT, 3);
             Outputs out = s.run(Map.of("x", x))) {
            assertArrayEquals(new float[] {1.5f, -1f, 9f}, out.get("y").data().toArray(ValueLayout.JAVA_FLOAT));
        }
    }

    @Test
    void fromFileNextToItsData(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("model.onnx"), model());
        Files.write(dir.resolve("weights.bin"), weightsFile());
        try (Session s = Session.create(env, dir.resolve("model.onnx"), null)) {
            assertAddsWeights(s);
        }
    }

    @Test
    void fromBytesWithAnExternalDataFolder(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("weights.bin"), weightsFile());
        try (SessionOptions o = SessionOptions.create().externalDataFolder(dir); Session s = Session.create(env, model(), o)) {
            assertAddsWeights(s);
        }
    }

    @Test
    void fromBytesWithTheDataFileInMemory() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocateFrom(ValueLayout.JAVA_BYTE, weightsFile());
            try (SessionOptions o = SessionOptions.create().externalInitializerFiles(Map.of("weights.bin", data));
                 Session s = Session.create(env, model(), o)) {
                assertAddsWeights(s);
            }
        }
    }

    @Test
    void missingExternalDataIsAnOrtErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("model.onnx"), model());
        OrtException e = assertThrows(OrtException.class, () -> Session.create(env, dir.resolve("model.onnx"), null));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("weights.bin"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SessionOptions.create().externalDataFolder(dir.resolve("absent")));
    }
}
