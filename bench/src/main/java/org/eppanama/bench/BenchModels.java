package org.eppanama.bench;

import org.eppanama.onnx.OnnxModelBuilder;
import org.eppanama.runtime.ElementType;

/** The benchmarked models, built in code so that every path (FFM, JNI, C) loads the very same bytes. */
public final class BenchModels {
    /** Shape of each Add operand: small, so a run costs the call, not the arithmetic. */
    public static final long[] ADD_SHAPE = {1, 16};
    /** Mel bins of the hand-off tensors: [1, MEL_BINS, frames], the shape of a speech encoder's features. */
    public static final long MEL_BINS = 128;
    public static final String RELU_INPUT = "x";
    public static final String RELU_OUTPUT = "y";

    private BenchModels() {
    }

    /** c = a + b, FLOAT {@link #ADD_SHAPE}. */
    public static byte[] add() {
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 21).graphName("bench_add").producer("eppanama-bench");
        b.input("a", ElementType.FLOAT, ADD_SHAPE);
        b.input("b", ElementType.FLOAT, ADD_SHAPE);
        b.output("c", ElementType.FLOAT, ADD_SHAPE);
        b.node("Add").inputs("a", "b").outputs("c");
        return b.build();
    }

    /** y = Relu(x), FLOAT {@link #handoffShape}: the output is as big as the input, and both cross the boundary. */
    public static byte[] relu(long frames) {
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 21).graphName("bench_relu_" + frames).producer("eppanama-bench");
        b.input(RELU_INPUT, ElementType.FLOAT, handoffShape(frames));
        b.output(RELU_OUTPUT, ElementType.FLOAT, handoffShape(frames));
        b.node("Relu").inputs(RELU_INPUT).outputs(RELU_OUTPUT);
        return b.build();
    }

    /** The value every path feeds at flat index {@code i}: mixed signs, so Relu has work to do. */
    public static float sample(long i) {
        return (i % 7) - 3;
    }

    public static long[] handoffShape(long frames) {
        return new long[] {1, MEL_BINS, frames};
    }

    public static int elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return Math.toIntExact(n);
    }
}
