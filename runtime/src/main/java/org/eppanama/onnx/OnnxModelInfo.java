package org.eppanama.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eppanama.runtime.ElementType;

/**
 * What a serialized {@code ModelProto} declares about its interface, read without decoding the
 * weights: IR version, opset imports, and the main graph's inputs (those that are not also
 * initializers, i.e. what a caller feeds) and outputs, each with its value kind and, for
 * tensors, element type and shape.
 *
 * @param irVersion       {@code ir_version}
 * @param producerName    {@code producer_name}, {@code ""} if absent
 * @param graphName       the main graph's name, {@code ""} if absent
 * @param opsetImports    {@code opset_import} entries in file order
 * @param inputs          graph inputs that are not initializers, in graph order
 * @param outputs         graph outputs, in graph order
 * @param initializerNames names of the graph's (dense and sparse) initializers
 */
public record OnnxModelInfo(long irVersion, String producerName, String graphName, List<OpsetImport> opsetImports,
                            List<ValueInfo> inputs, List<ValueInfo> outputs, Set<String> initializerNames) {

    public OnnxModelInfo {
        opsetImports = List.copyOf(opsetImports);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        initializerNames = Collections.unmodifiableSet(new LinkedHashSet<>(initializerNames));
    }

    /** One {@code OperatorSetIdProto}; {@code domain} is {@code ""} for the default ONNX domain. */
    public record OpsetImport(String domain, long version) {
    }

    /** The kind of value a graph input or output carries ({@code TypeProto}'s oneof). */
    public enum ValueKind { TENSOR, SEQUENCE, MAP, OPTIONAL, SPARSE_TENSOR, OTHER }

    /**
     * A graph input or output.
     *
     * @param name            value name
     * @param kind            value kind
     * @param elementTypeCode ONNX element type code for TENSOR / SPARSE_TENSOR, 0 otherwise
     * @param shape           dims for TENSOR / SPARSE_TENSOR when the model gives a shape, else {@code null}
     * @param type            a readable description such as {@code tensor(float)} or {@code seq(tensor(int64))}
     */
    public record ValueInfo(String name, ValueKind kind, int elementTypeCode, List<Dim> shape, String type) {

        /** The element type of a tensor, or {@code null} for other kinds or a code {@link ElementType} does not know. */
        public ElementType elementType() {
            return elementTypeCode == 0 ? null : knownType(elementTypeCode);
        }

        public boolean isTensor() {
            return kind == ValueKind.TENSOR;
        }
    }

    /** Reads a serialized ModelProto; malformed input raises {@link IllegalArgumentException}. */
    public static OnnxModelInfo parse(byte[] model) {
        long ir = 0;
        String producer = "";
        List<OpsetImport> opsets = new ArrayList<>();
        GraphParts graph = null;
        ProtoReader r = new ProtoReader(model);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> ir = r.readVarint();
                case 2 -> producer = r.readString();
                case 7 -> graph = readGraph(r.readMessage());
                case 8 -> opsets.add(readOpset(r.readMessage()));
                default -> r.skip();
            }
        }
        if (graph == null) {
            graph = new GraphParts();
        }
        List<ValueInfo> feeds = new ArrayList<>();
        for (ValueInfo v : graph.inputs) {
            if (!graph.initializers.contains(v.name())) {
                feeds.add(v);
            }
        }
        return new OnnxModelInfo(ir, producer, graph.name, opsets, feeds, graph.outputs, graph.initializers);
    }

    /** Reads the ModelProto in {@code file}. */
    public static OnnxModelInfo read(Path file) throws IOException {
        try {
            return parse(Files.readAllBytes(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Whether every input and output is a tensor. */
    public boolean tensorsOnly() {
        return inputs.stream().allMatch(ValueInfo::isTensor) && outputs.stream().allMatch(ValueInfo::isTensor);
    }

    /** The imported version of {@code domain} ({@code ""} or {@code "ai.onnx"} for the default domain), or -1. */
    public long opsetVersion(String domain) {
        String want = domain.equals("ai.onnx") ? "" : domain;
        for (OpsetImport o : opsetImports) {
            String d = o.domain().equals("ai.onnx") ? "" : o.domain();
            if (d.equals(want)) {
                return o.version();
            }
        }
        return -1;
    }

    // ---- decoding ----

    private static final class GraphParts {
        String name = "";
        final List<ValueInfo> inputs = new ArrayList<>();
        final List<ValueInfo> outputs = new ArrayList<>();
        final Set<String> initializers = new LinkedHashSet<>();
    }

    private static GraphParts readGraph(ProtoReader r) {
        GraphParts g = new GraphParts();
        while (r.next()) {
            switch (r.field()) {
                case 2 -> g.name = r.readString();
                case 5 -> g.initializers.add(readTensorName(r.readMessage()));
                case 11 -> g.inputs.add(readValueInfo(r.readMessage()));
                case 12 -> g.outputs.add(readValueInfo(r.readMessage()));
                case 15 -> { // SparseTensorProto: values (1) is a TensorProto carrying the name
                    ProtoReader s = r.readMessage();
                    while (s.next()) {
                        if (s.field() == 1) {
                            g.initializers.add(readTensorName(s.readMessage()));
                        } else {
                            s.skip();
                        }
                    }
                }
                default -> r.skip();
            }
        }
        return g;
    }

    private static String readTensorName(ProtoReader t) {
        String name = "";
        while (t.next()) {
            if (t.field() == TensorProtos.NAME) {
                name = t.readString();
            } else {
                t.skip();
            }
        }
        return name;
    }

    private static OpsetImport readOpset(ProtoReader r) {
        String domain = "";
        long version = 0;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> domain = r.readString();
                case 2 -> version = r.readVarint();
                default -> r.skip();
            }
        }
        return new OpsetImport(domain, version);
    }

    private static ValueInfo readValueInfo(ProtoReader r) {
        String name = "";
        TypeParts type = new TypeParts();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> name = r.readString();
                case 2 -> type = readType(r.readMessage(), 0);
                default -> r.skip();
            }
        }
        return new ValueInfo(name, type.kind, type.elem, type.shape, type.text);
    }

    private static final class TypeParts {
        ValueKind kind = ValueKind.OTHER;
        int elem;
        List<Dim> shape;
        String text = "undefined";
    }

    private static TypeParts readType(ProtoReader r, int depth) {
        if (depth > 64) {
            throw new IllegalArgumentException("TypeProto nested deeper than 64 levels");
        }
        TypeParts t = new TypeParts();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> readTensorType(r.readMessage(), t, ValueKind.TENSOR, "tensor");
                case 8 -> readTensorType(r.readMessage(), t, ValueKind.SPARSE_TENSOR, "sparse_tensor");
                case 4 -> { // Sequence { TypeProto elem_type = 1; }
                    t.kind = ValueKind.SEQUENCE;
                    t.text = "seq(" + readWrapped(r.readMessage(), 1, depth) + ")";
                }
                case 9 -> { // Optional { TypeProto elem_type = 1; }
                    t.kind = ValueKind.OPTIONAL;
                    t.text = "optional(" + readWrapped(r.readMessage(), 1, depth) + ")";
                }
                case 5 -> { // Map { int32 key_type = 1; TypeProto value_type = 2; }
                    t.kind = ValueKind.MAP;
                    ProtoReader m = r.readMessage();
                    int key = 0;
                    String value = "undefined";
                    while (m.next()) {
                        switch (m.field()) {
                            case 1 -> key = m.readInt32();
                            case 2 -> value = readType(m.readMessage(), depth + 1).text;
                            default -> m.skip();
                        }
                    }
                    t.text = "map(" + typeName(key) + "," + value + ")";
                }
                case 7 -> { // Opaque { string domain = 1; string name = 2; }
                    t.kind = ValueKind.OTHER;
                    ProtoReader o = r.readMessage();
                    String domain = "";
                    String name = "";
                    while (o.next()) {
                        switch (o.field()) {
                            case 1 -> domain = o.readString();
                            case 2 -> name = o.readString();
                            default -> o.skip();
                        }
                    }
                    t.text = "opaque(" + (domain.isEmpty() ? name : domain + "." + name) + ")";
                }
                default -> r.skip();
            }
        }
        return t;
    }

    private static String readWrapped(ProtoReader r, int field, int depth) {
        String text = "undefined";
        while (r.next()) {
            if (r.field() == field) {
                text = readType(r.readMessage(), depth + 1).text;
            } else {
                r.skip();
            }
        }
        return text;
    }

    private static void readTensorType(ProtoReader r, TypeParts t, ValueKind kind, String label) {
        t.kind = kind;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> t.elem = r.readInt32();
                case 2 -> t.shape = readShape(r.readMessage());
                default -> r.skip();
            }
        }
        t.text = label + "(" + typeName(t.elem) + ")";
    }

    private static List<Dim> readShape(ProtoReader r) {
        List<Dim> dims = new ArrayList<>();
        while (r.next()) {
            if (r.field() != 1) {
                r.skip();
                continue;
            }
            ProtoReader d = r.readMessage();
            Dim dim = Dim.unknown();
            while (d.next()) {
                switch (d.field()) {
                    case 1 -> {
                        long v = d.readVarint();
                        dim = v >= 0 ? Dim.of(v) : Dim.unknown();
                    }
                    case 2 -> dim = Dim.param(d.readString());
                    default -> d.skip();
                }
            }
            dims.add(dim);
        }
        return Collections.unmodifiableList(dims);
    }

    private static ElementType knownType(int code) {
        for (ElementType t : ElementType.values()) {
            if (t.code() == code) {
                return t;
            }
        }
        return null;
    }

    private static String typeName(int code) {
        ElementType t = knownType(code);
        return t != null ? t.name().toLowerCase(Locale.ROOT) : "type" + code;
    }
}
