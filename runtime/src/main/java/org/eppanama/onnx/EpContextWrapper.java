package org.eppanama.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.eppanama.runtime.ElementType;

/**
 * Writes the thin model that points ONNX Runtime at an existing context binary: one {@code EPContext} node
 * (domain com.microsoft) with {@code embed_mode=0}, {@code ep_cache_context} = the binary's path relative to
 * the model's folder, {@code source} and {@code main_context=1}, and the graph's inputs and outputs with
 * their element types and static shapes.
 * <pre>{@code
 * byte[] wrapper = EpContextWrapper.forContextFile("model_qnn.bin", "QNNExecutionProvider")
 *         .graph("QNNExecutionProvider_QNN_1234_1_0")      // the graph's name inside the binary
 *         .input("x", ElementType.FLOAT, 1, 3).output("z", ElementType.FLOAT, 1, 3)
 *         .build();
 * }</pre>
 * The QNN EP looks the graph up in the binary by the node's name, so {@link #graph} must be the name the
 * binary records (a QNN context binary lists it; see QnnContextBinary). Loading refuses a path that leaves
 * the model's folder unless the caller allows it.
 */
public final class EpContextWrapper {
    private final String contextFile;
    private final String source;
    private String graph;
    private final List<Io> inputs = new ArrayList<>();
    private final List<Io> outputs = new ArrayList<>();

    private record Io(String name, ElementType type, long[] dims) {
    }

    private EpContextWrapper(String contextFile, String source) {
        this.contextFile = contextFile;
        this.source = source;
    }

    /** A wrapper for {@code contextFile} (relative to the model's folder) written by the EP {@code source}. */
    public static EpContextWrapper forContextFile(String contextFile, String source) {
        Objects.requireNonNull(contextFile, "contextFile");
        Objects.requireNonNull(source, "source");
        if (contextFile.isEmpty()) {
            throw new IllegalArgumentException("the context file name is empty: give the binary's path relative to the model");
        }
        return new EpContextWrapper(contextFile, source);
    }

    /** The graph (in the context binary) this wrapper runs; it becomes the EPContext node's name. */
    public EpContextWrapper graph(String name) {
        this.graph = Objects.requireNonNull(name, "name");
        return this;
    }

    public EpContextWrapper input(String name, ElementType type, long... dims) {
        inputs.add(io(name, type, dims));
        return this;
    }

    public EpContextWrapper output(String name, ElementType type, long... dims) {
        outputs.add(io(name, type, dims));
        return this;
    }

    private static Io io(String name, ElementType type, long[] dims) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("'" + name + "' has dims " + Arrays.toString(dims)
                        + ": a context binary has static shapes, give every dim");
            }
        }
        return new Io(name, type, dims.clone());
    }

    /** The ModelProto bytes. */
    public byte[] build() {
        if (graph == null) {
            throw new IllegalStateException("no graph name: call graph(...) with the name the context binary records");
        }
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw new IllegalStateException("the wrapper needs the graph's inputs and outputs (input(...), output(...))");
        }
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 17).opset(EpContextNode.DOMAIN, 1)
                .graphName(graph).producer("eppanama");
        inputs.forEach(io -> b.input(io.name(), io.type(), io.dims()));
        outputs.forEach(io -> b.output(io.name(), io.type(), io.dims()));
        b.node(EpContextNode.DOMAIN, EpContextNode.OP_TYPE).name(graph)
                .inputs(inputs.stream().map(Io::name).toArray(String[]::new))
                .outputs(outputs.stream().map(Io::name).toArray(String[]::new))
                .attr("embed_mode", 0L)
                .attr("ep_cache_context", contextFile)
                .attr("source", source)
                .attr("main_context", 1L)
                .attr("partition_name", graph);
        return b.build();
    }
}
