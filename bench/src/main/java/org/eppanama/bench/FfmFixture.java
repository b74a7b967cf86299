package org.eppanama.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eppanama.runtime.ElementType;
import org.eppanama.runtime.Environment;
import org.eppanama.runtime.IoBinding;
import org.eppanama.runtime.Session;
import org.eppanama.runtime.SessionOptions;
import org.eppanama.runtime.Tensor;
import org.eppanama.runtime.ValueInfo;

/**
 * What a caller of this runtime that reuses its buffers holds: one session over a model whose inputs and
 * outputs are FLOAT tensors of fixed shape, a segment per input and output (inputs filled with
 * {@link BenchModels#sample}), a tensor wrapped over each segment once, and an IoBinding bound to those
 * same tensors.
 */
public final class FfmFixture implements AutoCloseable {
    /** Shared: JMH may set a state up on one thread and run it on another. */
    private final Arena arena = Arena.ofShared();
    private final Environment env;
    private final SessionOptions options;
    private final Session session;
    private final Map<String, MemorySegment> segments = new LinkedHashMap<>();
    private final Map<String, Tensor> inputs = new LinkedHashMap<>();
    private final Map<String, Tensor> outputs = new LinkedHashMap<>();
    private final IoBinding binding;

    public FfmFixture(byte[] model) {
        env = Environment.create();
        options = SameOptions.ffm(env);
        session = Session.create(env, model, options);
        session.inputs().forEach(v -> inputs.put(v.name(), wrap(v, true)));
        session.outputs().forEach(v -> outputs.put(v.name(), wrap(v, false)));
        binding = session.createIoBinding();
        inputs.forEach(binding::bindInput);
        outputs.forEach(binding::bindOutput);
    }

    private Tensor wrap(ValueInfo value, boolean fill) {
        long[] shape = value.tensor().shape();
        MemorySegment data = arena.allocate(ValueLayout.JAVA_FLOAT, BenchModels.elementCount(shape));
        if (fill) {
            for (long i = 0; i < data.byteSize() / Float.BYTES; i++) {
                data.setAtIndex(ValueLayout.JAVA_FLOAT, i, BenchModels.sample(i));
            }
        }
        segments.put(value.name(), data);
        return Tensor.wrap(data, ElementType.FLOAT, shape);
    }

    public Session session() {
        return session;
    }

    /** Input tensors by name, each over its caller segment. */
    public Map<String, Tensor> inputs() {
        return inputs;
    }

    /** Output tensors by name, each over its caller segment: a run writes straight into them. */
    public Map<String, Tensor> outputs() {
        return outputs;
    }

    public IoBinding binding() {
        return binding;
    }

    /** The caller segment of an input or output. */
    public MemorySegment segment(String name) {
        return segments.get(name);
    }

    @Override
    public void close() {
        binding.close();
        List.of(inputs, outputs).forEach(m -> m.values().forEach(Tensor::close));
        session.close();
        options.close();
        env.close();
        arena.close();
    }
}
