package org.eppanama.bench;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JNI API's counterpart of {@link FfmFixture}: one session with the same options, a direct
 * native-order FloatBuffer per input and output (inputs filled with {@link BenchModels#sample}), a tensor
 * created over each buffer once (inputs) and pinned outputs over the output buffers.
 */
public final class JniFixture implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final Map<String, FloatBuffer> buffers = new LinkedHashMap<>();
    private final Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
    private final Map<String, OnnxTensor> outputs = new LinkedHashMap<>();

    public JniFixture(byte[] model) throws OrtException {
        options = SameOptions.jni(env);
        session = env.createSession(model, options);
        for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
            inputs.put(e.getKey(), tensor(e.getKey(), e.getValue(), true));
        }
        for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
            outputs.put(e.getKey(), tensor(e.getKey(), e.getValue(), false));
        }
    }

    private OnnxTensor tensor(String name, NodeInfo node, boolean fill) throws OrtException {
        long[] shape = ((TensorInfo) node.getInfo()).getShape();
        FloatBuffer data = direct(BenchModels.elementCount(shape));
        if (fill) {
            for (int i = 0; i < data.capacity(); i++) {
                data.put(i, BenchModels.sample(i));
            }
        }
        buffers.put(name, data);
        return OnnxTensor.createTensor(env, data, shape);
    }

    /** A direct, native-order FloatBuffer: the only kind the JNI API wraps without a copy. */
    public static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    public OrtEnvironment env() {
        return env;
    }

    public OrtSession session() {
        return session;
    }

    /** Input tensors by name, each over its direct buffer. */
    public Map<String, OnnxTensor> inputs() {
        return inputs;
    }

    /** Output tensors by name, over direct buffers, for {@code run(inputs, pinnedOutputs)}. */
    public Map<String, OnnxTensor> pinnedOutputs() {
        return outputs;
    }

    /** The direct buffer of an input or output. */
    public FloatBuffer buffer(String name) {
        return buffers.get(name);
    }

    @Override
    public void close() throws OrtException {
        for (Map<String, OnnxTensor> m : List.of(inputs, outputs)) {
            m.values().forEach(OnnxTensor::close);
        }
        session.close();
        options.close();
    }
}
