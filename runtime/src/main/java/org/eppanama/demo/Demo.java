package org.eppanama.demo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eppanama.onnx.Dim;
import org.eppanama.onnx.OnnxModelBuilder;
import org.eppanama.runtime.DeviceType;
import org.eppanama.runtime.ElementType;
import org.eppanama.runtime.Environment;
import org.eppanama.runtime.EpDevice;
import org.eppanama.runtime.GraphOptimizationLevel;
import org.eppanama.runtime.OrtLibrary;
import org.eppanama.runtime.Outputs;
import org.eppanama.runtime.Session;
import org.eppanama.runtime.SessionOptions;
import org.eppanama.runtime.Tensor;

/**
 * The README's main command: prints the ONNX Runtime version and the EP devices, then performs the call
 * sequence Python's onnxruntime uses (CreateSessionOptions, SetSessionGraphOptimizationLevel,
 * GetEpDevices, SessionOptionsAppendExecutionProvider_V2 with the CPU device, CreateSessionFromArray)
 * on a small built-in model, runs it, and prints the output next to the value computed in Java, with
 * the time of each step.
 */
public final class Demo {
    private static final float[] W = {0.5f, -1f, 2f, 1f, 0.25f, -0.5f, -2f, 1.5f, 0f, 1f, 1f, 1f};
    private static final float[] B = {0.1f, -0.2f, 0.3f};
    private static final float[] X = {1f, 2f, -1f, 0.5f};

    private Demo() {
    }

    public static void main(String[] args) {
        OrtLibrary lib = timed("load libonnxruntime + GetApi", OrtLibrary::get);
        System.out.printf("ONNX Runtime %s (API version %d) from %s%n", lib.version(), OrtLibrary.API_VERSION, lib.path());
        try (Environment env = timed("CreateEnv", Environment::create)) {
            List<EpDevice> all = timed("GetEpDevices", env::epDevices);
            System.out.println("EP devices:");
            for (EpDevice d : all) {
                System.out.printf("  %s  ep_vendor=%s ep_metadata=%s hw_metadata=%s%n", d, d.epVendor(), d.epMetadata(),
                        d.device().metadata());
            }
            byte[] model = model();
            try (SessionOptions opts = timed("CreateSessionOptions", SessionOptions::create)) {
                timed("SetSessionGraphOptimizationLevel", () -> opts.graphOptimizationLevel(GraphOptimizationLevel.ENABLE_ALL));
                List<EpDevice> cpu = timed("GetEpDevices (select CPUExecutionProvider/CPU)",
                        () -> env.epDevices("CPUExecutionProvider", DeviceType.CPU));
                timed("SessionOptionsAppendExecutionProvider_V2", () -> opts.appendExecutionProvider(cpu, Map.of()));
                try (Session session = timed("CreateSessionFromArray (" + model.length + " bytes)",
                        () -> Session.create(env, model, opts));
                     Arena arena = Arena.ofConfined()) {
                    System.out.println("model: " + session.inputs() + " -> " + session.outputs());
                    MemorySegment x = arena.allocateFrom(ValueLayout.JAVA_FLOAT, X);
                    try (Tensor input = Tensor.wrap(x, ElementType.FLOAT, 1, 4);
                         Outputs out = timed("Run", () -> session.run(Map.of("x", input)))) {
                        float[] y = out.get("y").data().toArray(ValueLayout.JAVA_FLOAT);
                        System.out.println("y = relu(x @ W + b) = " + Arrays.toString(y));
                        System.out.println("computed in Java     = " + Arrays.toString(expected()));
                    }
                }
            }
        }
    }

    /** y = Relu(MatMul(x[1,4], W[4,3]) + b[3]). */
    static byte[] model() {
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 17).graphName("demo").producer("eppanama-demo");
        b.input("x", ElementType.FLOAT, Dim.of(1), Dim.of(4));
        b.output("y", ElementType.FLOAT, Dim.of(1), Dim.of(3));
        b.initializer("W", ElementType.FLOAT, new long[] {4, 3}, floats(W));
        b.initializer("b", ElementType.FLOAT, new long[] {3}, floats(B));
        b.node("MatMul").inputs("x", "W").outputs("xw");
        b.node("Add").inputs("xw", "b").outputs("z");
        b.node("Relu").inputs("z").outputs("y");
        return b.build();
    }

    static float[] expected() {
        float[] y = new float[3];
        for (int j = 0; j < 3; j++) {
            float s = B[j];
            for (int i = 0; i < 4; i++) {
                s += X[i] * W[i * 3 + j];
            }
            y[j] = Math.max(0f, s);
        }
        return y;
    }

    private static byte[] floats(float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buf.putFloat(v);
        }
        return buf.array();
    }

    private static <T> T timed(String step, Supplier<T> action) {
        long t0 = System.nanoTime();
        T result = action.get();
        System.out.printf("  %-52s %9.3f ms%n", step, (System.nanoTime() - t0) / 1e6);
        return result;
    }
}
