package org.eppanama.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import org.eppanama.onnx.Dim;
import org.eppanama.onnx.OnnxModelBuilder;
import org.eppanama.onnx.TensorProtoData;

/** A small dense layer with static shapes (what NPU EPs need), and a reference run on the CPU EP. */
final class EpTestModels {
    static final long BATCH = 2;
    static final long IN = 4;
    static final long OUT = 3;

    private EpTestModels() {
    }

    /** y = Sigmoid(Relu(x . W + b)) * x2, x: FLOAT[2, 4], x2: FLOAT[2, 3], y: FLOAT[2, 3]. */
    static byte[] dense() {
        float[] w = new float[(int) (IN * OUT)];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 5 - 2) * 0.25f;
        }
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 17).graphName("dense").producer("eppanama-tests");
        b.input("x", ElementType.FLOAT, Dim.of(BATCH), Dim.of(IN));
        b.input("x2", ElementType.FLOAT, Dim.of(BATCH), Dim.of(OUT));
        b.output("y", ElementType.FLOAT, Dim.of(BATCH), Dim.of(OUT));
        b.initializer(TensorProtoData.ofFloats("W", new long[] {IN, OUT}, w));
        b.initializer(TensorProtoData.ofFloats("b", new long[] {OUT}, 0.5f, -0.25f, 0.125f));
        b.node("MatMul").inputs("x", "W").outputs("xw");
        b.node("Add").inputs("xw", "b").outputs("z");
        b.node("Relu").inputs("z").outputs("r");
        b.node("Sigmoid").inputs("r").outputs("s");
        b.node("Mul").inputs("s", "x2").outputs("y");
        return b.build();
    }

    static float[] x() {
        return new float[] {1, -2, 3, 0.5f, -1, 2, 0.25f, 4};
    }

    static float[] x2() {
        return new float[] {1, 2, 3, -1, 0.5f, 2};
    }

    /** Runs the dense model's feeds through {@code s} and returns y. */
    static float[] run(Session s) {
        try (Arena arena = Arena.ofConfined();
             Tensor x = Tensor.wrap(arena.allocateFrom(ValueLayout.JAVA_FLOAT, x()), ElementType.FLOAT, BATCH, IN);
             Tensor x2 = Tensor.wrap(arena.allocateFrom(ValueLayout.JAVA_FLOAT, x2()), ElementType.FLOAT, BATCH, OUT);
             Outputs out = s.run(Map.of("x", x, "x2", x2))) {
            return out.get("y").data().toArray(ValueLayout.JAVA_FLOAT);
        }
    }

    /** The same model on the CPU EP through the V2 call. */
    static float[] cpuReference(Environment env, byte[] model) {
        try (SessionOptions o = TestModels.cpuV2(env); Session s = Session.create(env, model, o)) {
            return run(s);
        }
    }

    /** Elementwise |a - b| <= tolerance * max(1, |b|), reporting the first element that is off. */
    static void assertClose(float[] expected, float[] actual, float tolerance) {
        assertEquals(expected.length, actual.length, "output length");
        for (int i = 0; i < expected.length; i++) {
            float bound = tolerance * Math.max(1f, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= bound,
                    "element " + i + ": expected " + expected[i] + " (CPU EP) but got " + actual[i] + ", beyond " + bound);
        }
    }
}
