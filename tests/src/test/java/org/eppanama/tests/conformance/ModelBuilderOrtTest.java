package org.eppanama.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eppanama.onnx.Dim;
import org.eppanama.onnx.OnnxModelBuilder;
import org.eppanama.onnx.TensorProtoData;
import org.eppanama.runtime.ElementType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models written by {@link OnnxModelBuilder} load and run in ONNX Runtime (through its JNI API). */
class ModelBuilderOrtTest {

    private static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    @Test
    void oneNodeAddModelRuns() throws Exception {
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 13).producer("eppanama-test");
        b.input("A", ElementType.FLOAT, Dim.param("N"), Dim.of(2));
        b.input("B", ElementType.FLOAT, Dim.param("N"), Dim.of(2));
        b.output("C", ElementType.FLOAT, Dim.param("N"), Dim.of(2));
        b.node("Add").inputs("A", "B").outputs("C");
        Map<String, TensorProtoData> out;
        try (JniCaseRunner runner = new JniCaseRunner()) {
            out = runner.run(b.build(), Map.of(
                    "A", TensorProtoData.ofFloats("A", new long[] {2, 2}, 1, 2, 3, 4),
                    "B", TensorProtoData.ofFloats("B", new long[] {2, 2}, 10, 20, 30, 40)));
        }
        TensorProtoData c = out.get("C");
        assertArrayEquals(new long[] {2, 2}, c.dims());
        assertArrayEquals(floats(11, 22, 33, 44), c.dataBytes());
    }

    @Test
    void initializersAndAttributesAreAccepted() throws Exception {
        // y = Gemm(x, W, bias; alpha = 2, transB = 1) followed by Cast to int64 via a tensor attribute-free path
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 17);
        b.input("x", ElementType.FLOAT, new long[] {1, 2});
        b.output("y", ElementType.FLOAT, new long[] {1, 2});
        b.output("k", ElementType.INT64, new long[] {2});
        b.initializer("W", ElementType.FLOAT, new long[] {2, 2}, floats(1, 0, 0, 1));
        b.initializer(TensorProtoData.ofFloats("bias", new long[] {2}, 0.5f, -0.5f));
        b.node("Gemm").inputs("x", "W", "bias").outputs("y").attr("alpha", 2.0f).attr("transB", 1);
        b.node("Constant").outputs("k").attr("value", TensorProtoData.ofLongs("", new long[] {2}, 7, -7));
        Map<String, TensorProtoData> out;
        try (JniCaseRunner runner = new JniCaseRunner()) {
            out = runner.run(b.build(), Map.of("x", TensorProtoData.ofFloats("x", new long[] {1, 2}, 3, 4)));
        }
        assertArrayEquals(floats(6.5f, 7.5f), out.get("y").dataBytes());
        assertEquals(TensorProtoData.ofLongs("k", new long[] {2}, 7, -7), out.get("k"));
    }

    @Test
    void externalInitializerIsLoadedFromTheModelsFolder(@TempDir Path dir) throws Exception {
        byte[] weights = new byte[4096 + 8];
        System.arraycopy(floats(100, 200), 0, weights, 4096, 8);
        Files.write(dir.resolve("weights.bin"), weights);
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 13);
        b.input("x", ElementType.FLOAT, new long[] {2});
        b.output("y", ElementType.FLOAT, new long[] {2});
        b.externalInitializer("w", ElementType.FLOAT, new long[] {2}, "weights.bin", 4096, 8);
        b.node("Add").inputs("x", "w").outputs("y");
        Path model = dir.resolve("model.onnx");
        Files.write(model, b.build());

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(model.toString(), new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {1, 2}), new long[] {2});
             OrtSession.Result r = s.run(Map.of("x", x))) {
            float[] y = (float[]) r.get(0).getValue();
            assertArrayEquals(new float[] {101, 202}, y);
            assertEquals(List.of("x"), List.copyOf(s.getInputNames()));
        }
    }
}
