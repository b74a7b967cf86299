package org.eppanama.tests.conformance;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eppanama.onnx.TensorProtoData;
import org.eppanama.runtime.ElementType;

/**
 * Reference {@link CaseRunner} over ONNX Runtime's official JNI Java API ({@code ai.onnxruntime}),
 * CPU execution provider, a new session per call. Session options are ONNX Runtime's defaults,
 * which is what ORT's own Python backend-test runner uses; the graph optimization level is set
 * explicitly to ALL (the default) so that the choice is visible. Logging is at error level.
 *
 * <p>The JNI API can create tensors of float, double, int8, uint8, int16, int32, int64, bool,
 * float16, bfloat16 and string only; an input of any other type (uint16/32/64, float8, 4-bit,
 * complex, ...) raises {@link UnsupportedByRunner}. Outputs of uint16/32/64 can be read (the API
 * reports them under the signed Java type of the same width); outputs the API reports as
 * {@code UNKNOWN}, and non-tensor outputs, raise {@link UnsupportedByRunner}.
 */
public final class JniCaseRunner implements CaseRunner {

    private final OrtEnvironment env;

    public JniCaseRunner() {
        // The environment is a process-wide singleton; the first caller fixes its log level.
        this.env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "eppanama-conformance");
    }

    @Override
    public String name() {
        return "jni";
    }

    /** ONNX Runtime's version as the JNI library reports it. */
    public String ortVersion() {
        return env.getVersion();
    }

    @Override
    public Map<String, TensorProtoData> run(byte[] modelBytes, Map<String, TensorProtoData> inputs) throws Exception {
        for (Map.Entry<String, TensorProtoData> e : inputs.entrySet()) {
            if (javaType(e.getValue().type()) == null) {
                throw new UnsupportedByRunner("input '" + e.getKey() + "' has element type " + e.getValue().type()
                        + ", which the JNI API cannot create");
            }
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(modelBytes, options)) {
                Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
                try {
                    for (Map.Entry<String, TensorProtoData> e : inputs.entrySet()) {
                        feeds.put(e.getKey(), toOnnxTensor(e.getValue()));
                    }
                    try (OrtSession.Result result = session.run(feeds)) {
                        Map<String, TensorProtoData> outputs = new LinkedHashMap<>();
                        for (Map.Entry<String, OnnxValue> e : result) {
                            outputs.put(e.getKey(), fromOnnxValue(e.getKey(), e.getValue()));
                        }
                        return outputs;
                    }
                } finally {
                    for (OnnxTensor t : feeds.values()) {
                        t.close();
                    }
                }
            }
        }
    }

    /** The JNI type that creates a tensor of {@code type}, or null if there is none. */
    static OnnxJavaType javaType(ElementType type) {
        return switch (type) {
            case FLOAT -> OnnxJavaType.FLOAT;
            case DOUBLE -> OnnxJavaType.DOUBLE;
            case INT8 -> OnnxJavaType.INT8;
            case UINT8 -> OnnxJavaType.UINT8;
            case INT16 -> OnnxJavaType.INT16;
            case INT32 -> OnnxJavaType.INT32;
            case INT64 -> OnnxJavaType.INT64;
            case BOOL -> OnnxJavaType.BOOL;
            case FLOAT16 -> OnnxJavaType.FLOAT16;
            case BFLOAT16 -> OnnxJavaType.BFLOAT16;
            case STRING -> OnnxJavaType.STRING;
            default -> null;
        };
    }

    /**
     * The element type of a JNI {@code OnnxTensorType}, matched by name: the enum's {@code value}
     * field is its own numbering, not the ONNX code. Null for UNDEFINED or a name ElementType lacks.
     */
    static ElementType elementType(TensorInfo.OnnxTensorType t) {
        String prefix = "ONNX_TENSOR_ELEMENT_DATA_TYPE_";
        String name = t.name().startsWith(prefix) ? t.name().substring(prefix.length()) : t.name();
        for (ElementType e : ElementType.values()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private OnnxTensor toOnnxTensor(TensorProtoData t) throws Exception {
        long[] shape = t.dims();
        if (t.type().isString()) {
            return OnnxTensor.createTensor(env, t.stringValues().toArray(new String[0]), shape);
        }
        ByteBuffer src = t.data();
        ByteBuffer direct = ByteBuffer.allocateDirect(src.remaining()).order(ByteOrder.nativeOrder());
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedByRunner("big-endian hosts are not supported");
        }
        direct.put(src).flip();
        return OnnxTensor.createTensor(env, direct, shape, javaType(t.type()));
    }

    private static TensorProtoData fromOnnxValue(String name, OnnxValue value) throws Exception {
        if (!(value instanceof OnnxTensor tensor)) {
            throw new UnsupportedByRunner("output '" + name + "' is a " + value.getType() + ", not a tensor");
        }
        TensorInfo info = tensor.getInfo();
        long[] shape = info.getShape();
        ElementType type = elementType(info.onnxType);
        if (type == null) {
            throw new UnsupportedByRunner("output '" + name + "' has ONNX type " + info.onnxType
                    + ", which the JNI API cannot read");
        }
        if (info.type == OnnxJavaType.UNKNOWN) {
            throw new UnsupportedByRunner("output '" + name + "' has element type " + type
                    + ", which the JNI API cannot read");
        }
        if (type.isString()) {
            List<byte[]> strings = new ArrayList<>();
            flattenStrings(tensor.getValue(), strings);
            return new TensorProtoData(name, type, shape, null, strings);
        }
        long count = TensorProtoData.countOf(shape);
        if (count == 0) {
            return TensorProtoData.of(name, type, shape, new byte[0]);
        }
        ByteBuffer bytes = tensor.getByteBuffer();
        if (bytes == null) {
            throw new UnsupportedByRunner("output '" + name + "' of type " + type + " has no byte view in the JNI API");
        }
        bytes = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        return TensorProtoData.of(name, type, shape, copy);
    }

    /** Flattens the (possibly nested) String arrays {@code getValue()} returns, in row-major order. */
    private static void flattenStrings(Object value, List<byte[]> out) {
        if (value instanceof String s) {
            out.add(s.getBytes(StandardCharsets.UTF_8));
        } else if (value != null && value.getClass().isArray()) {
            int n = Array.getLength(value);
            for (int i = 0; i < n; i++) {
                flattenStrings(Array.get(value, i), out);
            }
        } else {
            throw new IllegalStateException("unexpected string tensor value " + value);
        }
    }
}
