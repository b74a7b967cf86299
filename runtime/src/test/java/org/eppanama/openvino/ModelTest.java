package org.eppanama.openvino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eppanama.onnx.ConformerLikeEncoder;
import org.eppanama.runtime.ElementType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading models (file, memory, external weights), their ports, reshaping, and what cannot be reshaped. */
class ModelTest extends WithCore {
    static final int FEATURES = 16;

    private static ConformerLikeEncoder encoder() {
        return new ConformerLikeEncoder().features(FEATURES).dModel(8).ffDim(16);
    }

    @Test
    void portsWithPartialShapes() {
        try (Model m = core.readModel(encoder().build())) {
            assertTrue(m.isDynamic());
            assertEquals(List.of(
                    new PortInfo(ConformerLikeEncoder.AUDIO, ElementType.FLOAT, PartialShape.of(1, FEATURES, -1)),
                    new PortInfo(ConformerLikeEncoder.LENGTH, ElementType.INT64, PartialShape.of(1))), m.inputs());
            List<PortInfo> outputs = m.outputs();
            assertEquals(List.of(ConformerLikeEncoder.OUTPUTS, ConformerLikeEncoder.ENCODED_LENGTHS),
                    outputs.stream().map(PortInfo::name).toList());
            assertEquals("[1,8,?]", outputs.getFirst().shape().toString());
            assertFalse(outputs.getFirst().shape().isStatic());
        }
    }

    @Test
    void reshapeToStaticShapes() {
        try (Model m = core.readModel(encoder().build())) {
            m.reshape(Map.of(ConformerLikeEncoder.AUDIO, new long[] {1, FEATURES, 100}));
            assertFalse(m.isDynamic());
            assertEquals(PartialShape.of(1, FEATURES, 100), m.input(ConformerLikeEncoder.AUDIO).shape());
            assertArrayEquals(new long[] {1, 8, 50}, m.outputs().getFirst().shape().toArray());
            try (CompiledModel c = core.compile(m, "CPU", OvProperties.none())) {
                assertEquals(PartialShape.of(1, FEATURES, 100), c.inputs().getFirst().shape());
                assertEquals("CPU", c.device());
            }
        }
    }

    @Test
    void reshapeRefusesWhatCannotBeAShape() {
        try (Model m = core.readModel(encoder().build())) {
            assertThrows(IllegalArgumentException.class, () -> m.reshape(Map.of("nope", new long[] {1})));
            IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                    () -> m.reshape(Map.of(ConformerLikeEncoder.AUDIO, new long[] {FEATURES, 100})));
            assertTrue(rank.getMessage().contains("rank 2; the input has rank 3"), rank.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> m.reshape(Map.of(ConformerLikeEncoder.AUDIO, new long[] {1, FEATURES, -1})));
        }
    }

    @Test
    void aModelThatCannotBeReshapedSaysWhy() {
        try (Model m = core.readModel(OpenVinoTests.fixedReshape())) {
            m.reshape(Map.of("x", new long[] {1, 4, 5}));
            OpenVinoException e = assertThrows(OpenVinoException.class, () -> m.reshape(Map.of("x", new long[] {1, 4, 8})));
            assertEquals("ov_model_reshape", e.function());
            assertTrue(e.openVinoMessage().contains("Reshape"), e.getMessage());
            assertTrue(e.getMessage().contains("x[1, 4, 8]") && e.getMessage().contains("fixes a dimension"), e.getMessage());
        }
    }

    @Test
    void fromFileFromMemoryAndWithExternalWeightsAllAgree(@TempDir Path dir) throws IOException {
        ConformerLikeEncoder.ExternalData external = encoder().buildWithExternalData("encoder.weights");
        Files.write(dir.resolve("encoder.onnx"), encoder().build());
        Files.write(dir.resolve("external.onnx"), external.model());
        Files.write(dir.resolve("encoder.weights"), external.data());
        // A model read from memory finds external data only under the working directory, relative to it.
        Path underCwd = Files.createDirectories(Path.of("target")).toAbsolutePath();
        Path local = Files.createTempDirectory(underCwd, "ov-external-");
        try {
            String location = Path.of("").toAbsolutePath().relativize(local.resolve("encoder.weights")).toString();
            ConformerLikeEncoder.ExternalData relative = encoder().buildWithExternalData(location);
            Files.write(local.resolve("encoder.weights"), relative.data());
            float[] reference = run(core.readModel(encoder().build()));
            assertArrayEquals(reference, run(core.readModel(dir.resolve("encoder.onnx"))));
            assertArrayEquals(reference, run(core.readModel(dir.resolve("external.onnx"))));
            assertArrayEquals(reference, run(core.readModel(relative.model())));
        } finally {
            try (Stream<Path> files = Files.walk(local)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void externalWeightsOutsideTheWorkingDirectoryNeedTheFile(@TempDir Path dir) throws IOException {
        ConformerLikeEncoder.ExternalData external = encoder().buildWithExternalData("encoder.weights");
        Files.write(dir.resolve("encoder.weights"), external.data());
        OpenVinoException e = assertThrows(OpenVinoException.class, () -> core.readModel(external.model()));
        assertEquals("ov_core_read_model_from_memory_buffer", e.function());
        assertTrue(e.getMessage().contains("Core.readModel(Path)"), e.getMessage());
    }

    @Test
    void badModelsAndFilesAreRefused(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class, () -> core.readModel(dir.resolve("missing.onnx")));
        assertThrows(IllegalArgumentException.class, () -> core.readModel(new byte[0]));
        OpenVinoException e = assertThrows(OpenVinoException.class, () -> core.readModel(new byte[] {1, 2, 3, 4}));
        assertFalse(e.openVinoMessage().isEmpty());
    }

    /** Runs the model (closing it) on a fixed input of 20 steps; returns the encoder's outputs. */
    private static float[] run(Model model) {
        try (model; Arena arena = Arena.ofConfined()) {
            model.reshape(Map.of(ConformerLikeEncoder.AUDIO, new long[] {1, FEATURES, 20}));
            MemorySegment audio = OpenVinoTests.randomFloats(arena, FEATURES * 20, 7);
            MemorySegment length = arena.allocateFrom(ValueLayout.JAVA_LONG, 20);
            try (CompiledModel c = core.compile(model, "CPU", OpenVinoTests.f32());
                 InferRequest r = c.createInferRequest();
                 OvTensor a = OvTensor.wrap(audio, ElementType.FLOAT, 1, FEATURES, 20);
                 OvTensor l = OvTensor.wrap(length, ElementType.INT64, 1)) {
                r.setInput(ConformerLikeEncoder.AUDIO, a);
                r.setInput(ConformerLikeEncoder.LENGTH, l);
                r.infer();
                try (OvTensor y = r.output(ConformerLikeEncoder.OUTPUTS)) {
                    return y.data().toArray(ValueLayout.JAVA_FLOAT);
                }
            }
        }
    }
}
