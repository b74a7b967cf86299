package org.eppanama.tests.conformance;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eppanama.onnx.TensorProtoData;
import org.eppanama.runtime.DeviceType;
import org.eppanama.runtime.ElementType;
import org.eppanama.runtime.Environment;
import org.eppanama.runtime.EpDevice;
import org.eppanama.runtime.GraphOptimizationLevel;
import org.eppanama.runtime.Outputs;
import org.eppanama.runtime.Session;
import org.eppanama.runtime.SessionOptions;
import org.eppanama.runtime.Tensor;

/**
 * The project's own runner: each case through the Python call flow on the CPU EP device
 * (SessionOptions with ENABLE_ALL → GetEpDevices → SessionOptionsAppendExecutionProvider_V2 →
 * CreateSessionFromArray → Run), inputs handed over as tensors over native segments.
 * Every element type the runtime knows can be fed and read, so nothing is skipped as inexpressible.
 */
final class FfmCaseRunner implements CaseRunner {
    private final Environment env = Environment.create();
    private final List<EpDevice> cpu = env.epDevices("CPUExecutionProvider", DeviceType.CPU);

    @Override
    public String name() {
        return "ffm";
    }

    @Override
    public Map<String, TensorProtoData> run(byte[] modelBytes, Map<String, TensorProtoData> inputs) {
        List<Tensor> tensors = new ArrayList<>();
        try (SessionOptions opts = SessionOptions.create().graphOptimizationLevel(GraphOptimizationLevel.ENABLE_ALL)
                .appendExecutionProvider(cpu, Map.of());
             Session session = Session.create(env, modelBytes, opts);
             Arena arena = Arena.ofConfined()) {
            Map<String, Tensor> feeds = new LinkedHashMap<>();
            for (Map.Entry<String, TensorProtoData> e : inputs.entrySet()) {
                Tensor t = toTensor(arena, e.getValue());
                tensors.add(t);
                feeds.put(e.getKey(), t);
            }
            Map<String, TensorProtoData> result = new LinkedHashMap<>();
            try (Outputs out = session.run(feeds)) {
                for (Map.Entry<String, Tensor> e : out.asMap().entrySet()) {
                    result.put(e.getKey(), fromTensor(e.getKey(), e.getValue()));
                }
            }
            return result;
        } finally {
            tensors.forEach(Tensor::close);
        }
    }

    private static Tensor toTensor(Arena arena, TensorProtoData data) {
        if (data.type() == ElementType.STRING) {
            return Tensor.ofStringBytes(data.strings(), data.dims());
        }
        MemorySegment seg = arena.allocate(Math.max(1, data.byteSize()), 8).asSlice(0, data.byteSize());
        seg.copyFrom(MemorySegment.ofBuffer(data.data()));
        return Tensor.wrap(seg, data.type(), data.dims());
    }

    private static TensorProtoData fromTensor(String name, Tensor t) {
        if (t.type() == ElementType.STRING) {
            return new TensorProtoData(name, ElementType.STRING, t.shape(), null, t.stringBytes());
        }
        return TensorProtoData.of(name, t.type(), t.shape(), t.data().toArray(ValueLayout.JAVA_BYTE));
    }

    @Override
    public void close() {
        env.close();
    }
}
