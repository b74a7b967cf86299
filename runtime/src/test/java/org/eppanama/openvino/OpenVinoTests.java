package org.eppanama.openvino;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.eppanama.onnx.ConformerLikeEncoder;
import org.eppanama.onnx.Dim;
import org.eppanama.onnx.OnnxModelBuilder;
import org.eppanama.onnx.TensorProtoData;
import org.eppanama.runtime.DeviceType;
import org.eppanama.runtime.ElementType;
import org.eppanama.runtime.Environment;
import org.eppanama.runtime.Outputs;
import org.eppanama.runtime.Session;
import org.eppanama.runtime.SessionOptions;
import org.eppanama.runtime.Tensor;
import org.junit.jupiter.api.Assumptions;

/** The OpenVINO library from the fetched wheel, small models, and the ONNX Runtime run to compare with. */
final class OpenVinoTests {
    /** Set by the runtime module's surefire configuration; the default suits a run from the module folder. */
    static final String DIR_PROPERTY = "eppanama.test.openvino.dir";

    private OpenVinoTests() {
    }

    /** The wheel's folder; skips the calling test, saying why, when it has not been fetched. */
    static Path wheelOrSkip() {
        Path dir = Path.of(System.getProperty(DIR_PROPERTY, "../.cache/wheels/openvino")).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve("openvino/libs"))) {
            String reason = "OpenVINO tests skipped: no openvino wheel at " + dir + "; run headers/fetch.sh openvino";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
        return dir;
    }

    /** libopenvino_c.so.* of the fetched wheel (skips as {@link #wheelOrSkip} does). */
    static Path libraryPath() {
        Path libs = wheelOrSkip().resolve("openvino/libs");
        try (Stream<Path> files = Files.list(libs)) {
            return files.filter(p -> p.getFileName().toString().startsWith("libopenvino_c.so")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no libopenvino_c.so* in " + libs));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads the wheel's library (once per JVM) and creates a core. */
    static Core core() {
        OpenVinoLibrary.load(libraryPath());
        return Core.create();
    }

    /** Compile properties that keep OpenVINO's CPU results comparable to ONNX Runtime's: f32 math. */
    static OvProperties f32() {
        return OvProperties.none().inferencePrecision(ElementType.FLOAT);
    }

    /** y = Relu(x), FLOAT [1, T] with T dynamic. */
    static byte[] relu() {
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 17).graphName("relu");
        b.input("x", ElementType.FLOAT, Dim.of(1), Dim.param("T"));
        b.output("y", ElementType.FLOAT, Dim.of(1), Dim.param("T"));
        b.node("Relu").inputs("x").outputs("y");
        return b.build();
    }

    /** y = Reshape(x, [2, 10]) for x FLOAT [1, 4, T]: only T = 5 fits, so no other length can be compiled. */
    static byte[] fixedReshape() {
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 17).graphName("fixed_reshape");
        b.input("x", ElementType.FLOAT, Dim.of(1), Dim.of(4), Dim.param("T"));
        b.input("length", ElementType.INT64, Dim.of(1));
        b.output("y", ElementType.FLOAT, Dim.of(2), Dim.of(10));
        b.output("n", ElementType.INT64, Dim.of(1));
        b.initializer(TensorProtoData.ofLongs("target", new long[] {2}, 2, 10));
        b.node("Reshape").inputs("x", "target").outputs("y");
        b.node("Identity").inputs("length").outputs("n");
        return b.build();
    }

    /** Seeded random floats in [-1, 1) in a new segment of {@code arena}. */
    static MemorySegment randomFloats(Arena arena, long count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        MemorySegment s = arena.allocate(ValueLayout.JAVA_FLOAT, count);
        for (long i = 0; i < count; i++) {
            s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) random.nextDouble(-1, 1));
        }
        return s;
    }

    /** An audio input [1, features, steps] whose first {@code valid} steps hold {@code source}'s, the rest 0. */
    static MemorySegment padded(Arena arena, MemorySegment source, int features, long valid, long steps) {
        MemorySegment s = arena.allocate(ValueLayout.JAVA_FLOAT, features * steps);
        for (long f = 0; f < features; f++) {
            MemorySegment.copy(source, ValueLayout.JAVA_FLOAT, f * valid * 4, s, ValueLayout.JAVA_FLOAT, f * steps * 4, valid);
        }
        return s;
    }

    /** The encoder's outputs from ONNX Runtime's CPU EP: the reference. */
    record OrtResult(float[] outputs, long[] shape, long encodedLength) {
    }

    /** Runs {@code model} with ONNX Runtime's CPU EP on audio [1, features, steps] and {@code length}. */
    static OrtResult runOrt(byte[] model, MemorySegment audio, int features, long steps, long length, ElementType lengthType) {
        try (Environment env = Environment.create();
             SessionOptions opts = SessionOptions.create()
                     .appendExecutionProvider(env.epDevices("CPUExecutionProvider", DeviceType.CPU), Map.of());
             Session session = Session.create(env, model, opts);
             Arena arena = Arena.ofConfined()) {
            MemorySegment len = arena.allocate(lengthType.byteSize(1), 8);
            if (lengthType == ElementType.INT64) {
                len.set(ValueLayout.JAVA_LONG, 0, length);
            } else {
                len.set(ValueLayout.JAVA_INT, 0, (int) length);
            }
            try (Tensor a = Tensor.wrap(audio, ElementType.FLOAT, 1, features, steps);
                 Tensor l = Tensor.wrap(len, lengthType, 1);
                 Outputs out = session.run(Map.of(ConformerLikeEncoder.AUDIO, a, ConformerLikeEncoder.LENGTH, l))) {
                Tensor y = out.get(ConformerLikeEncoder.OUTPUTS);
                return new OrtResult(y.data().toArray(ValueLayout.JAVA_FLOAT), y.shape(),
                        out.get(ConformerLikeEncoder.ENCODED_LENGTHS).data().get(ValueLayout.JAVA_LONG, 0));
            }
        }
    }

    /**
     * The largest difference (absolute, or relative to the larger value) over the first {@code steps} time
     * steps of each channel: {@code a} and {@code b} are [channels, aSteps] and [channels, bSteps] row-major.
     */
    static double maxDifference(float[] a, long aSteps, float[] b, long bSteps, int channels, long steps) {
        double worst = 0;
        for (int c = 0; c < channels; c++) {
            for (long t = 0; t < steps; t++) {
                float x = a[(int) (c * aSteps + t)];
                float y = b[(int) (c * bSteps + t)];
                worst = Math.max(worst, Math.abs(x - y) / Math.max(1, Math.max(Math.abs(x), Math.abs(y))));
            }
        }
        return worst;
    }

    /** Asserts {@link #maxDifference} is at most 1e-4. */
    static void assertClose(float[] expected, long expectedSteps, float[] actual, long actualSteps, int channels,
                            long steps, String what) {
        double worst = maxDifference(expected, expectedSteps, actual, actualSteps, channels, steps);
        assertTrue(worst <= 1e-4, what + ": largest difference " + worst + " exceeds 1e-4");
    }
}
