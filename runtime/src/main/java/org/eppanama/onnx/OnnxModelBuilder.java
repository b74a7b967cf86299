package org.eppanama.onnx;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eppanama.runtime.ElementType;

/**
 * Writes ONNX {@code ModelProto} bytes for small, hand-made models (tests, EP-context wrappers).
 *
 * <pre>{@code
 * var b = new OnnxModelBuilder().opset("", 13).graphName("add");
 * b.input("A", ElementType.FLOAT, Dim.param("N"), Dim.of(3));
 * b.input("B", ElementType.FLOAT, Dim.param("N"), Dim.of(3));
 * b.output("C", ElementType.FLOAT, Dim.param("N"), Dim.of(3));
 * b.node("Add").inputs("A", "B").outputs("C");
 * byte[] model = b.build();
 * }</pre>
 *
 * <p>Defaults: {@code ir_version} 10; if no opset is imported, the default domain at opset 21
 * (the pairing of IR 10). A node whose domain has no opset import gets one at version 1 when
 * the model is built. Nodes are written in the order they were added, which must be a
 * topological order. Attribute kinds: INT, FLOAT, STRING, INTS, FLOATS, STRINGS, TENSOR.
 * Not thread-safe; {@link #build()} may be called more than once.
 */
public final class OnnxModelBuilder {

    // ModelProto
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_PRODUCER_VERSION = 3;
    private static final int MODEL_DOMAIN = 4;
    private static final int MODEL_MODEL_VERSION = 5;
    private static final int MODEL_DOC_STRING = 6;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int MODEL_METADATA_PROPS = 14;
    // OperatorSetIdProto
    private static final int OPSET_DOMAIN = 1;
    private static final int OPSET_VERSION = 2;
    // GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_DOC_STRING = 10;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    // NodeProto
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int NODE_DOC_STRING = 6;
    private static final int NODE_DOMAIN = 7;
    // AttributeProto
    private static final int ATTR_NAME = 1;
    private static final int ATTR_F = 2;
    private static final int ATTR_I = 3;
    private static final int ATTR_S = 4;
    private static final int ATTR_T = 5;
    private static final int ATTR_FLOATS = 7;
    private static final int ATTR_INTS = 8;
    private static final int ATTR_STRINGS = 9;
    private static final int ATTR_TYPE = 20;
    // AttributeProto.AttributeType
    private static final int ATTR_TYPE_FLOAT = 1;
    private static final int ATTR_TYPE_INT = 2;
    private static final int ATTR_TYPE_STRING = 3;
    private static final int ATTR_TYPE_TENSOR = 4;
    private static final int ATTR_TYPE_FLOATS = 6;
    private static final int ATTR_TYPE_INTS = 7;
    private static final int ATTR_TYPE_STRINGS = 8;
    // ValueInfoProto / TypeProto / TypeProto.Tensor / TensorShapeProto / Dimension
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR_TYPE = 1;
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    /** Default {@code ir_version}. */
    public static final long DEFAULT_IR_VERSION = 10;
    /** Default-domain opset used when none is imported. */
    public static final long DEFAULT_OPSET = 21;

    private long irVersion = DEFAULT_IR_VERSION;
    private final Map<String, Long> opsets = new LinkedHashMap<>();
    private String producerName;
    private String producerVersion;
    private String modelDomain;
    private Long modelVersion;
    private String docString;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private String graphName = "graph";
    private String graphDocString;
    private final List<ValueInfo> inputs = new ArrayList<>();
    private final List<ValueInfo> outputs = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();

    private record ValueInfo(String name, ElementType type, Dim[] shape) {
    }

    public OnnxModelBuilder irVersion(long version) {
        this.irVersion = version;
        return this;
    }

    /** Imports {@code domain} ({@code ""} for the default ONNX domain) at {@code version}; a second call for a domain replaces the version. */
    public OnnxModelBuilder opset(String domain, long version) {
        opsets.put(Objects.requireNonNull(domain, "domain"), version);
        return this;
    }

    public OnnxModelBuilder producer(String name) {
        this.producerName = name;
        return this;
    }

    public OnnxModelBuilder producer(String name, String version) {
        this.producerName = name;
        this.producerVersion = version;
        return this;
    }

    /** {@code ModelProto.domain} (reverse-DNS namespace of the model). */
    public OnnxModelBuilder modelDomain(String domain) {
        this.modelDomain = domain;
        return this;
    }

    public OnnxModelBuilder modelVersion(long version) {
        this.modelVersion = version;
        return this;
    }

    /** The model's doc string. */
    public OnnxModelBuilder docString(String doc) {
        this.docString = doc;
        return this;
    }

    /** Adds (or replaces) a {@code metadata_props} entry. */
    public OnnxModelBuilder metadata(String key, String value) {
        metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    public OnnxModelBuilder graphName(String name) {
        this.graphName = Objects.requireNonNull(name, "name");
        return this;
    }

    public OnnxModelBuilder graphDocString(String doc) {
        this.graphDocString = doc;
        return this;
    }

    /** A graph input of tensor type with the given shape (no dims: a scalar). */
    public OnnxModelBuilder input(String name, ElementType type, Dim... shape) {
        inputs.add(valueInfo(name, type, shape));
        return this;
    }

    /** A graph input with fixed dims; a negative dim is unknown. */
    public OnnxModelBuilder input(String name, ElementType type, long[] shape) {
        return input(name, type, Dim.shape(shape));
    }

    /** A graph input of tensor type whose rank is unknown (no shape at all). */
    public OnnxModelBuilder inputWithoutShape(String name, ElementType type) {
        inputs.add(new ValueInfo(Objects.requireNonNull(name, "name"), Objects.requireNonNull(type, "type"), null));
        return this;
    }

    /** A graph output of tensor type with the given shape (no dims: a scalar). */
    public OnnxModelBuilder output(String name, ElementType type, Dim... shape) {
        outputs.add(valueInfo(name, type, shape));
        return this;
    }

    /** A graph output with fixed dims; a negative dim is unknown. */
    public OnnxModelBuilder output(String name, ElementType type, long[] shape) {
        return output(name, type, Dim.shape(shape));
    }

    /** A graph output of tensor type whose rank is unknown (no shape at all). */
    public OnnxModelBuilder outputWithoutShape(String name, ElementType type) {
        outputs.add(new ValueInfo(Objects.requireNonNull(name, "name"), Objects.requireNonNull(type, "type"), null));
        return this;
    }

    /** An initializer holding {@code tensor} (raw_data, or string_data for STRING); it must be named. */
    public OnnxModelBuilder initializer(TensorProtoData tensor) {
        if (tensor.name().isEmpty()) {
            throw new IllegalArgumentException("an initializer needs a name");
        }
        initializers.add(TensorProtos.encode(tensor));
        return this;
    }

    /** An initializer whose raw_data is a copy of {@code raw} (ONNX Runtime's layout for {@code type}). */
    public OnnxModelBuilder initializer(String name, ElementType type, long[] dims, byte[] raw) {
        return initializer(TensorProtoData.of(name, type, dims, raw));
    }

    /** An initializer whose raw_data is the remaining bytes of {@code raw} (its position is not changed). */
    public OnnxModelBuilder initializer(String name, ElementType type, long[] dims, ByteBuffer raw) {
        return initializer(TensorProtoData.of(name, type, dims, raw.duplicate()));
    }

    /**
     * An initializer whose data lives in an external file: {@code data_location = EXTERNAL} with
     * {@code external_data} entries {@code location}, {@code offset} and {@code length}. The
     * location is relative to the model's directory (or resolved by the runtime's external-data
     * mechanism). A negative offset or length leaves that entry out.
     */
    public OnnxModelBuilder externalInitializer(String name, ElementType type, long[] dims, String location,
                                                long offset, long length) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        ProtoWriter t = new ProtoWriter();
        for (long d : dims) {
            t.writeVarint(TensorProtos.DIMS, d);
        }
        t.writeVarint(TensorProtos.DATA_TYPE, type.code());
        t.writeString(TensorProtos.NAME, name);
        t.writeMessage(TensorProtos.EXTERNAL_DATA, stringPair("location", location));
        if (offset >= 0) {
            t.writeMessage(TensorProtos.EXTERNAL_DATA, stringPair("offset", Long.toString(offset)));
        }
        if (length >= 0) {
            t.writeMessage(TensorProtos.EXTERNAL_DATA, stringPair("length", Long.toString(length)));
        }
        t.writeVarint(TensorProtos.DATA_LOCATION, TensorProtos.LOCATION_EXTERNAL);
        initializers.add(t.toByteArray());
        return this;
    }

    /** Adds a node of the default domain; configure it through the returned {@link Node}. */
    public Node node(String opType) {
        return node("", opType);
    }

    /** Adds a node of {@code domain}; configure it through the returned {@link Node}. */
    public Node node(String domain, String opType) {
        Node n = new Node(Objects.requireNonNull(domain, "domain"), Objects.requireNonNull(opType, "opType"));
        nodes.add(n);
        return n;
    }

    /** The serialized ModelProto. */
    public byte[] build() {
        Map<String, Long> imports = new LinkedHashMap<>(opsets);
        if (imports.isEmpty()) {
            imports.put("", DEFAULT_OPSET);
        }
        for (Node n : nodes) {
            imports.putIfAbsent(n.domain, 1L);
        }

        ProtoWriter graph = new ProtoWriter(1024);
        for (Node n : nodes) {
            graph.writeMessage(GRAPH_NODE, n.encode());
        }
        graph.writeString(GRAPH_NAME, graphName);
        for (byte[] init : initializers) {
            graph.writeMessage(GRAPH_INITIALIZER, init);
        }
        if (graphDocString != null) {
            graph.writeString(GRAPH_DOC_STRING, graphDocString);
        }
        for (ValueInfo v : inputs) {
            graph.writeMessage(GRAPH_INPUT, encodeValueInfo(v));
        }
        for (ValueInfo v : outputs) {
            graph.writeMessage(GRAPH_OUTPUT, encodeValueInfo(v));
        }

        ProtoWriter model = new ProtoWriter(graph.size() + 256);
        model.writeVarint(MODEL_IR_VERSION, irVersion);
        if (producerName != null) {
            model.writeString(MODEL_PRODUCER_NAME, producerName);
        }
        if (producerVersion != null) {
            model.writeString(MODEL_PRODUCER_VERSION, producerVersion);
        }
        if (modelDomain != null) {
            model.writeString(MODEL_DOMAIN, modelDomain);
        }
        if (modelVersion != null) {
            model.writeVarint(MODEL_MODEL_VERSION, modelVersion);
        }
        if (docString != null) {
            model.writeString(MODEL_DOC_STRING, docString);
        }
        model.writeMessage(MODEL_GRAPH, graph);
        for (Map.Entry<String, Long> e : imports.entrySet()) {
            ProtoWriter op = new ProtoWriter(32);
            if (!e.getKey().isEmpty()) {
                op.writeString(OPSET_DOMAIN, e.getKey());
            }
            op.writeVarint(OPSET_VERSION, e.getValue());
            model.writeMessage(MODEL_OPSET_IMPORT, op);
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            model.writeMessage(MODEL_METADATA_PROPS, stringPair(e.getKey(), e.getValue()));
        }
        return model.toByteArray();
    }

    private static ValueInfo valueInfo(String name, ElementType type, Dim[] shape) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Dim[] copy = shape.clone();
        for (Dim d : copy) {
            Objects.requireNonNull(d, "dim");
        }
        return new ValueInfo(name, type, copy);
    }

    private static ProtoWriter encodeValueInfo(ValueInfo v) {
        ProtoWriter tensor = new ProtoWriter(32);
        tensor.writeVarint(TENSOR_TYPE_ELEM_TYPE, v.type().code());
        if (v.shape() != null) {
            ProtoWriter shape = new ProtoWriter(32);
            for (Dim d : v.shape()) {
                ProtoWriter dim = new ProtoWriter(16);
                switch (d) {
                    case Dim.Fixed f -> dim.writeVarint(DIM_VALUE, f.value());
                    case Dim.Symbolic s -> dim.writeString(DIM_PARAM, s.name());
                    case Dim.Unknown _ -> { }
                }
                shape.writeMessage(SHAPE_DIM, dim);
            }
            // An empty TensorShapeProto (rank 0, a scalar) is still written: presence matters.
            tensor.writeMessage(TENSOR_TYPE_SHAPE, shape);
        }
        ProtoWriter type = new ProtoWriter(48);
        type.writeMessage(TYPE_TENSOR_TYPE, tensor);
        ProtoWriter info = new ProtoWriter(64);
        info.writeString(VALUE_INFO_NAME, v.name());
        info.writeMessage(VALUE_INFO_TYPE, type);
        return info;
    }

    static ProtoWriter stringPair(String key, String value) {
        ProtoWriter w = new ProtoWriter(key.length() + value.length() + 8);
        w.writeString(1, key);
        w.writeString(2, value);
        return w;
    }

    /** A node of the graph being built; every setter returns this node. */
    public static final class Node {
        private final String domain;
        private final String opType;
        private String name;
        private String docString;
        private final List<String> inputs = new ArrayList<>();
        private final List<String> outputs = new ArrayList<>();
        private final List<ProtoWriter> attributes = new ArrayList<>();

        private Node(String domain, String opType) {
            this.domain = domain;
            this.opType = opType;
        }

        public Node name(String name) {
            this.name = name;
            return this;
        }

        public Node docString(String doc) {
            this.docString = doc;
            return this;
        }

        /** Appends input names; {@code ""} marks an omitted optional input. */
        public Node inputs(String... names) {
            inputs.addAll(Arrays.asList(names));
            return this;
        }

        /** Appends output names; {@code ""} marks an omitted optional output. */
        public Node outputs(String... names) {
            outputs.addAll(Arrays.asList(names));
            return this;
        }

        /** An INT attribute. */
        public Node attr(String name, long value) {
            attributes.add(attribute(name, ATTR_TYPE_INT).writeVarint(ATTR_I, value));
            return this;
        }

        /** A FLOAT attribute. */
        public Node attr(String name, float value) {
            attributes.add(attribute(name, ATTR_TYPE_FLOAT).writeFloat(ATTR_F, value));
            return this;
        }

        /** A STRING attribute (UTF-8). */
        public Node attr(String name, String value) {
            return attr(name, value.getBytes(StandardCharsets.UTF_8));
        }

        /** A STRING attribute holding arbitrary bytes (for example an EP context blob). */
        public Node attr(String name, byte[] value) {
            attributes.add(attribute(name, ATTR_TYPE_STRING).writeBytes(ATTR_S, value));
            return this;
        }

        /** An INTS attribute. */
        public Node attr(String name, long[] values) {
            ProtoWriter a = attribute(name, ATTR_TYPE_INTS);
            for (long v : values) {
                a.writeVarint(ATTR_INTS, v);
            }
            attributes.add(a);
            return this;
        }

        /** A FLOATS attribute. */
        public Node attr(String name, float[] values) {
            ProtoWriter a = attribute(name, ATTR_TYPE_FLOATS);
            for (float v : values) {
                a.writeFloat(ATTR_FLOATS, v);
            }
            attributes.add(a);
            return this;
        }

        /** A STRINGS attribute (UTF-8). */
        public Node attr(String name, String[] values) {
            ProtoWriter a = attribute(name, ATTR_TYPE_STRINGS);
            for (String v : values) {
                a.writeString(ATTR_STRINGS, v);
            }
            attributes.add(a);
            return this;
        }

        /** A TENSOR attribute. */
        public Node attr(String name, TensorProtoData value) {
            attributes.add(attribute(name, ATTR_TYPE_TENSOR).writeMessage(ATTR_T, TensorProtos.encode(value)));
            return this;
        }

        private static ProtoWriter attribute(String name, int type) {
            ProtoWriter a = new ProtoWriter(32);
            a.writeString(ATTR_NAME, Objects.requireNonNull(name, "attribute name"));
            a.writeVarint(ATTR_TYPE, type);
            return a;
        }

        private ProtoWriter encode() {
            ProtoWriter n = new ProtoWriter(128);
            for (String in : inputs) {
                n.writeString(NODE_INPUT, in);
            }
            for (String out : outputs) {
                n.writeString(NODE_OUTPUT, out);
            }
            if (name != null) {
                n.writeString(NODE_NAME, name);
            }
            n.writeString(NODE_OP_TYPE, opType);
            for (ProtoWriter a : attributes) {
                n.writeMessage(NODE_ATTRIBUTE, a);
            }
            if (docString != null) {
                n.writeString(NODE_DOC_STRING, docString);
            }
            if (!domain.isEmpty()) {
                n.writeString(NODE_DOMAIN, domain);
            }
            return n;
        }
    }
}
