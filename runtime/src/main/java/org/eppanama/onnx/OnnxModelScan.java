package org.eppanama.onnx;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a serialized {@code ModelProto} needs from outside itself (external-data files, inputs) and which
 * operators its main graph runs, read in place from a segment (typically a memory-mapped .onnx file). Only the few fields that
 * say so are decoded; weights are skipped without being copied, so a model with embedded weights near
 * protobuf's 2 GB limit costs no heap.
 *
 * @param externalDataLocations the distinct {@code external_data} locations of tensors stored outside the
 *                              model (initializers, sparse initializers and tensor attributes, subgraphs
 *                              included), in the order first met; each is a path relative to the model
 * @param operators             the distinct operators of the main graph's nodes
 * @param inputs                the main graph's tensor inputs with their declared shapes (initializers
 *                              included when the graph lists them as inputs), in graph order
 */
public record OnnxModelScan(List<String> externalDataLocations, Set<Operator> operators, List<Input> inputs) {

    /** An operator: its domain ({@code ""} for the default ONNX domain) and type. */
    public record Operator(String domain, String type) {
        public Operator {
            domain = domain.equals("ai.onnx") ? "" : domain;
        }

        @Override
        public String toString() {
            return domain.isEmpty() ? type : domain + "::" + type;
        }
    }

    /**
     * A graph input of tensor type: its name and declared shape, or a {@code null} shape when the model
     * declares none (so a caller can fix symbolic dimensions before creating a session).
     */
    public record Input(String name, List<Dim> shape) {
        public Input {
            shape = shape == null ? null : List.copyOf(shape);
        }
    }

    // Field numbers from onnx.proto.
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_SPARSE_INITIALIZER = 15;
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_DOMAIN = 7;
    private static final int ATTR_T = 5;
    private static final int ATTR_G = 6;
    private static final int ATTR_TENSORS = 10;
    private static final int ATTR_GRAPHS = 11;
    private static final int ATTR_SPARSE_TENSOR = 22;
    private static final int ATTR_SPARSE_TENSORS = 23;
    private static final int SPARSE_VALUES = 1;
    private static final int SPARSE_INDICES = 2;
    /** Subgraphs (If/Loop/Scan bodies) nest; real models stay far below this. */
    private static final int MAX_DEPTH = 64;

    public OnnxModelScan {
        externalDataLocations = List.copyOf(externalDataLocations);
        operators = Collections.unmodifiableSet(new LinkedHashSet<>(operators));
        inputs = List.copyOf(inputs);
    }

    /** Scans the ModelProto in {@code model}; malformed input raises {@link IllegalArgumentException} naming the offset. */
    public static OnnxModelScan of(MemorySegment model) {
        Objects.requireNonNull(model, "model");
        Set<String> locations = new LinkedHashSet<>();
        Set<Operator> operators = new LinkedHashSet<>();
        List<Input> inputs = new ArrayList<>();
        Cursor c = new Cursor(model, 0, model.byteSize());
        while (c.next()) {
            if (c.field == MODEL_GRAPH && c.wireType == ProtoWriter.WIRE_LEN) {
                graph(c.message(), locations, operators, inputs, 0);
            } else {
                c.skip();
            }
        }
        return new OnnxModelScan(List.copyOf(locations), operators, inputs);
    }

    /** Scans a serialized ModelProto held in a byte array. */
    public static OnnxModelScan of(byte[] model) {
        return of(MemorySegment.ofArray(model));
    }

    /** The input named {@code name}, if the graph has one. */
    public Optional<Input> input(String name) {
        return inputs.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** Whether the main graph has a node of this operator. */
    public boolean uses(String domain, String type) {
        return operators.contains(new Operator(domain, type));
    }

    /** {@code operators} and {@code inputs} are collected for the main graph only (null for subgraphs). */
    private static void graph(Cursor g, Set<String> locations, Set<Operator> operators, List<Input> inputs, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("subgraphs nested deeper than " + MAX_DEPTH + " at byte " + g.pos);
        }
        while (g.next()) {
            switch (g.field) {
                case GRAPH_NODE -> node(g.message(), locations, operators, depth);
                case GRAPH_INITIALIZER -> tensor(g.message(), locations);
                case GRAPH_SPARSE_INITIALIZER -> sparseTensor(g.message(), locations);
                case GRAPH_INPUT -> {
                    Cursor v = g.message();
                    if (inputs != null) {
                        valueInfo(v, inputs);
                    }
                }
                default -> g.skip();
            }
        }
    }

    private static void node(Cursor n, Set<String> locations, Set<Operator> operators, int depth) {
        String type = "";
        String domain = "";
        while (n.next()) {
            switch (n.field) {
                case NODE_OP_TYPE -> type = n.string();
                case NODE_DOMAIN -> domain = n.string();
                case NODE_ATTRIBUTE -> attribute(n.message(), locations, depth);
                default -> n.skip();
            }
        }
        if (operators != null) {
            operators.add(new Operator(domain, type));
        }
    }

    private static void attribute(Cursor a, Set<String> locations, int depth) {
        while (a.next()) {
            switch (a.field) {
                case ATTR_T, ATTR_TENSORS -> tensor(a.message(), locations);
                case ATTR_G, ATTR_GRAPHS -> graph(a.message(), locations, null, null, depth + 1);
                case ATTR_SPARSE_TENSOR, ATTR_SPARSE_TENSORS -> sparseTensor(a.message(), locations);
                default -> a.skip();
            }
        }
    }

    private static void valueInfo(Cursor v, List<Input> inputs) {
        String name = "";
        List<Dim> shape = null;
        boolean tensor = false;
        while (v.next()) {
            switch (v.field) {
                case VALUE_INFO_NAME -> name = v.string();
                case VALUE_INFO_TYPE -> {
                    Cursor type = v.message();
                    while (type.next()) {
                        if (type.field == TYPE_TENSOR) {
                            tensor = true;
                            shape = tensorShape(type.message());
                        } else {
                            type.skip();
                        }
                    }
                }
                default -> v.skip();
            }
        }
        if (tensor) {
            inputs.add(new Input(name, shape));
        }
    }

    private static List<Dim> tensorShape(Cursor t) {
        List<Dim> shape = null;
        while (t.next()) {
            if (t.field != TENSOR_TYPE_SHAPE) {
                t.skip();
                continue;
            }
            shape = new ArrayList<>();
            Cursor s = t.message();
            while (s.next()) {
                if (s.field != SHAPE_DIM) {
                    s.skip();
                    continue;
                }
                Dim dim = Dim.unknown();
                Cursor d = s.message();
                while (d.next()) {
                    switch (d.field) {
                        case DIM_VALUE -> dim = Dim.of(d.varint());
                        case DIM_PARAM -> dim = Dim.param(d.string());
                        default -> d.skip();
                    }
                }
                shape.add(dim);
            }
        }
        return shape;
    }

    private static void sparseTensor(Cursor s, Set<String> locations) {
        while (s.next()) {
            if (s.field == SPARSE_VALUES || s.field == SPARSE_INDICES) {
                tensor(s.message(), locations);
            } else {
                s.skip();
            }
        }
    }

    private static void tensor(Cursor t, Set<String> locations) {
        String location = null;
        boolean external = false;
        while (t.next()) {
            switch (t.field) {
                case TensorProtos.EXTERNAL_DATA -> {
                    Cursor entry = t.message();
                    String key = null;
                    String value = null;
                    while (entry.next()) {
                        switch (entry.field) {
                            case 1 -> key = entry.string();
                            case 2 -> value = entry.string();
                            default -> entry.skip();
                        }
                    }
                    if ("location".equals(key)) {
                        location = value;
                    }
                }
                case TensorProtos.DATA_LOCATION -> external = t.varint() == TensorProtos.LOCATION_EXTERNAL;
                default -> t.skip();
            }
        }
        if (external && location != null) {
            locations.add(location);
        }
    }

    /** Walks the fields of one message in place; nested messages get their own cursor over the same segment. */
    private static final class Cursor {
        private final MemorySegment seg;
        private final long end;
        private long pos;
        int field;
        int wireType;

        Cursor(MemorySegment seg, long start, long end) {
            this.seg = seg;
            this.pos = start;
            this.end = end;
        }

        boolean next() {
            if (pos >= end) {
                return false;
            }
            long at = pos;
            long key = varintRaw();
            field = (int) (key >>> 3);
            wireType = (int) (key & 7);
            if (field == 0) {
                throw corrupt(at, "field number 0");
            }
            return true;
        }

        long varint() {
            expect(ProtoWriter.WIRE_VARINT);
            return varintRaw();
        }

        String string() {
            long len = length();
            if (len > Integer.MAX_VALUE) {
                throw corrupt(pos, "string of " + len + " bytes");
            }
            byte[] bytes = seg.asSlice(pos, len).toArray(ValueLayout.JAVA_BYTE);
            pos += len;
            return new String(bytes, StandardCharsets.UTF_8);
        }

        Cursor message() {
            long len = length();
            Cursor c = new Cursor(seg, pos, pos + len);
            pos += len;
            return c;
        }

        void skip() {
            switch (wireType) {
                case ProtoWriter.WIRE_VARINT -> varintRaw();
                case ProtoWriter.WIRE_FIXED64 -> advance(8);
                case ProtoWriter.WIRE_LEN -> {
                    long len = length(); // apart: length() moves pos, which "pos += length()" would read first
                    pos += len;
                }
                case ProtoWriter.WIRE_FIXED32 -> advance(4);
                default -> throw corrupt(pos, "wire type " + wireType + " (groups are not used by ONNX) in field " + field);
            }
        }

        private long length() {
            expect(ProtoWriter.WIRE_LEN);
            long at = pos;
            long len = varintRaw();
            if (len < 0 || len > end - pos) {
                throw corrupt(at, "length " + len + " of field " + field + " runs past the end of its message");
            }
            return len;
        }

        private void advance(long n) {
            if (n > end - pos) {
                throw corrupt(pos, "value of field " + field + " runs past the end of its message");
            }
            pos += n;
        }

        private void expect(int wt) {
            if (wireType != wt) {
                throw corrupt(pos, "field " + field + " has wire type " + wireType + ", expected " + wt);
            }
        }

        private long varintRaw() {
            long result = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                if (pos >= end) {
                    throw corrupt(pos, "varint runs past the end of its message");
                }
                byte b = seg.get(ValueLayout.JAVA_BYTE, pos++);
                result |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return result;
                }
            }
            throw corrupt(pos, "varint longer than ten bytes");
        }

        private static IllegalArgumentException corrupt(long at, String what) {
            return new IllegalArgumentException("malformed ONNX model at byte " + at + ": " + what);
        }
    }
}
