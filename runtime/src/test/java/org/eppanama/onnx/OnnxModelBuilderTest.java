package org.eppanama.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eppanama.onnx.OnnxModelInfo.OpsetImport;
import org.eppanama.onnx.OnnxModelInfo.ValueKind;
import org.eppanama.runtime.ElementType;
import org.junit.jupiter.api.Test;

/** Builds models and reads them back field by field (field numbers from onnx.proto). */
class OnnxModelBuilderTest {

    /** The parts of a ModelProto the tests look at, decoded independently of OnnxModelInfo. */
    private record Model(long ir, String producer, String producerVersion, String doc, List<OpsetImport> opsets,
                         Map<String, String> metadata, ProtoReader graph) {
    }

    private static Model readModel(byte[] bytes) {
        long ir = -1;
        String producer = null;
        String producerVersion = null;
        String doc = null;
        List<OpsetImport> opsets = new ArrayList<>();
        Map<String, String> meta = new LinkedHashMap<>();
        ProtoReader graph = null;
        ProtoReader r = new ProtoReader(bytes);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> ir = r.readVarint();
                case 2 -> producer = r.readString();
                case 3 -> producerVersion = r.readString();
                case 6 -> doc = r.readString();
                case 7 -> graph = r.readMessage();
                case 8 -> {
                    ProtoReader o = r.readMessage();
                    String d = "";
                    long v = -1;
                    while (o.next()) {
                        if (o.field() == 1) {
                            d = o.readString();
                        } else {
                            v = o.readVarint();
                        }
                    }
                    opsets.add(new OpsetImport(d, v));
                }
                case 14 -> {
                    String[] kv = TensorProtos.readStringPair(r.readMessage());
                    meta.put(kv[0], kv[1]);
                }
                default -> throw new AssertionError("unexpected model field " + r.field());
            }
        }
        return new Model(ir, producer, producerVersion, doc, opsets, meta, graph);
    }

    /** A decoded NodeProto. */
    private record Node(String opType, String domain, String name, List<String> inputs, List<String> outputs,
                        Map<String, Attr> attrs) {
    }

    /** A decoded AttributeProto. */
    private record Attr(int type, Float f, Long i, byte[] s, List<Long> ints, List<Float> floats, List<String> strings,
                        TensorProtoData t) {
    }

    private static Node readNode(ProtoReader r) {
        String op = null;
        String domain = "";
        String name = null;
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        Map<String, Attr> attrs = new LinkedHashMap<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> in.add(r.readString());
                case 2 -> out.add(r.readString());
                case 3 -> name = r.readString();
                case 4 -> op = r.readString();
                case 7 -> domain = r.readString();
                case 5 -> {
                    ProtoReader a = r.readMessage();
                    String an = null;
                    int type = 0;
                    Float f = null;
                    Long i = null;
                    byte[] s = null;
                    TensorProtoData t = null;
                    List<Long> ints = new ArrayList<>();
                    List<Float> floats = new ArrayList<>();
                    List<String> strings = new ArrayList<>();
                    while (a.next()) {
                        switch (a.field()) {
                            case 1 -> an = a.readString();
                            case 20 -> type = a.readInt32();
                            case 2 -> f = a.readFloat();
                            case 3 -> i = a.readVarint();
                            case 4 -> s = a.readBytes();
                            case 5 -> t = TensorProtos.parse(a.readMessage());
                            case 7 -> a.readFixed32s(bits -> floats.add(Float.intBitsToFloat(bits)));
                            case 8 -> a.readVarints(ints::add);
                            case 9 -> strings.add(a.readString());
                            default -> throw new AssertionError("unexpected attribute field " + a.field());
                        }
                    }
                    attrs.put(an, new Attr(type, f, i, s, ints, floats, strings, t));
                }
                default -> throw new AssertionError("unexpected node field " + r.field());
            }
        }
        return new Node(op, domain, name, in, out, attrs);
    }

    private static List<Node> nodes(ProtoReader graph) {
        List<Node> nodes = new ArrayList<>();
        while (graph.next()) {
            if (graph.field() == 1) {
                nodes.add(readNode(graph.readMessage()));
            } else {
                graph.skip();
            }
        }
        return nodes;
    }

    private static List<ProtoReader> initializers(ProtoReader graph) {
        List<ProtoReader> out = new ArrayList<>();
        while (graph.next()) {
            if (graph.field() == 5) {
                out.add(graph.readMessage());
            } else {
                graph.skip();
            }
        }
        return out;
    }

    @Test
    void oneNodeAddModel() {
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 13).producer("eppanama-test", "0.1")
                .docString("adds").metadata("k1", "v1").metadata("k2", "v2").graphName("add_graph");
        b.input("A", ElementType.FLOAT, Dim.param("N"), Dim.of(3));
        b.input("B", ElementType.FLOAT, Dim.param("N"), Dim.of(3));
        b.output("C", ElementType.FLOAT, Dim.param("N"), Dim.unknown());
        b.node("Add").name("add0").inputs("A", "B").outputs("C");
        byte[] bytes = b.build();

        Model m = readModel(bytes);
        assertEquals(10, m.ir());
        assertEquals("eppanama-test", m.producer());
        assertEquals("0.1", m.producerVersion());
        assertEquals("adds", m.doc());
        assertEquals(List.of(new OpsetImport("", 13)), m.opsets());
        assertEquals(Map.of("k1", "v1", "k2", "v2"), m.metadata());
        List<Node> nodes = nodes(m.graph());
        assertEquals(1, nodes.size());
        Node add = nodes.get(0);
        assertEquals("Add", add.opType());
        assertEquals("", add.domain());
        assertEquals("add0", add.name());
        assertEquals(List.of("A", "B"), add.inputs());
        assertEquals(List.of("C"), add.outputs());

        OnnxModelInfo info = OnnxModelInfo.parse(bytes);
        assertEquals(10, info.irVersion());
        assertEquals("add_graph", info.graphName());
        assertEquals("eppanama-test", info.producerName());
        assertEquals(13, info.opsetVersion(""));
        assertEquals(13, info.opsetVersion("ai.onnx"));
        assertEquals(-1, info.opsetVersion("com.microsoft"));
        assertEquals(2, info.inputs().size());
        OnnxModelInfo.ValueInfo a = info.inputs().get(0);
        assertEquals("A", a.name());
        assertEquals(ValueKind.TENSOR, a.kind());
        assertEquals(ElementType.FLOAT, a.elementType());
        assertEquals(List.of(Dim.param("N"), Dim.of(3)), a.shape());
        assertEquals("tensor(float)", a.type());
        assertEquals(List.of(Dim.param("N"), Dim.unknown()), info.outputs().get(0).shape());
        assertTrue(info.tensorsOnly());
    }

    @Test
    void defaultsAndScalarsAndUnrankedValues() {
        OnnxModelBuilder b = new OnnxModelBuilder();
        b.input("s", ElementType.INT64);
        b.inputWithoutShape("u", ElementType.STRING);
        b.output("o", ElementType.INT64, new long[] {2, -1});
        b.node("Identity").inputs("s").outputs("o");
        OnnxModelInfo info = OnnxModelInfo.parse(b.build());
        assertEquals(OnnxModelBuilder.DEFAULT_IR_VERSION, info.irVersion());
        assertEquals(List.of(new OpsetImport("", OnnxModelBuilder.DEFAULT_OPSET)), info.opsetImports());
        assertEquals(List.of(), info.inputs().get(0).shape());
        assertNull(info.inputs().get(1).shape());
        assertEquals(ElementType.STRING, info.inputs().get(1).elementType());
        assertEquals(List.of(Dim.of(2), Dim.unknown()), info.outputs().get(0).shape());
    }

    @Test
    void customDomainEpContextNodeWithAllAttributeKinds() {
        byte[] blob = {0, 1, 2, (byte) 0xfe, (byte) 0xff};
        TensorProtoData tensorAttr = TensorProtoData.ofFloats("value", new long[] {2}, 0.5f, -1f);
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 21).opset("com.microsoft", 1);
        b.input("x", ElementType.FLOAT16, Dim.of(1), Dim.of(8));
        b.output("y", ElementType.FLOAT16, Dim.of(1), Dim.of(8));
        b.node("com.microsoft", "EPContext").name("ctx").inputs("x").outputs("y")
                .attr("main_context", 1)
                .attr("embed_mode", 1L)
                .attr("ep_cache_context", blob)
                .attr("source", "QNNExecutionProvider")
                .attr("partition_name", "part_0")
                .attr("alpha", 0.25f)
                .attr("axes", new long[] {0, -1, 5})
                .attr("scales", new float[] {1.5f, 2f})
                .attr("names", new String[] {"a", "bé"})
                .attr("value", tensorAttr);
        byte[] bytes = b.build();

        Model m = readModel(bytes);
        assertEquals(List.of(new OpsetImport("", 21), new OpsetImport("com.microsoft", 1)), m.opsets());
        Node n = nodes(m.graph()).get(0);
        assertEquals("EPContext", n.opType());
        assertEquals("com.microsoft", n.domain());
        Map<String, Attr> at = n.attrs();
        assertEquals(2, at.get("main_context").type()); // INT
        assertEquals(1L, at.get("main_context").i());
        assertEquals(1L, at.get("embed_mode").i());
        assertEquals(3, at.get("ep_cache_context").type()); // STRING
        assertArrayEquals(blob, at.get("ep_cache_context").s());
        assertEquals("QNNExecutionProvider", new String(at.get("source").s(), StandardCharsets.UTF_8));
        assertEquals(1, at.get("alpha").type()); // FLOAT
        assertEquals(0.25f, at.get("alpha").f());
        assertEquals(7, at.get("axes").type()); // INTS
        assertEquals(List.of(0L, -1L, 5L), at.get("axes").ints());
        assertEquals(6, at.get("scales").type()); // FLOATS
        assertEquals(List.of(1.5f, 2f), at.get("scales").floats());
        assertEquals(8, at.get("names").type()); // STRINGS
        assertEquals(List.of("a", "bé"), at.get("names").strings());
        assertEquals(4, at.get("value").type()); // TENSOR
        assertEquals(tensorAttr, at.get("value").t());

        OnnxModelInfo info = OnnxModelInfo.parse(bytes);
        assertEquals(1, info.opsetVersion("com.microsoft"));
        assertEquals(ElementType.FLOAT16, info.inputs().get(0).elementType());
    }

    @Test
    void nodeDomainsWithoutImportGetVersionOne() {
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 17);
        b.node("com.microsoft", "FusedMatMul").inputs("a", "b").outputs("c");
        assertEquals(List.of(new OpsetImport("", 17), new OpsetImport("com.microsoft", 1)),
                OnnxModelInfo.parse(b.build()).opsetImports());
    }

    @Test
    void initializersInlineAndExternal() {
        byte[] raw = {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, 0x40}; // 1.0f, 2.0f
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 13);
        b.input("x", ElementType.FLOAT, new long[] {2});
        b.input("w", ElementType.FLOAT, new long[] {2}); // also an initializer: not a feed
        b.output("y", ElementType.FLOAT, new long[] {2});
        b.initializer("w", ElementType.FLOAT, new long[] {2}, raw);
        b.initializer("v", ElementType.FLOAT, new long[] {2}, ByteBuffer.wrap(raw));
        b.externalInitializer("big", ElementType.FLOAT, new long[] {1024, 4}, "weights.bin", 4096, 16384);
        b.node("Add").inputs("x", "w").outputs("y");
        byte[] bytes = b.build();

        OnnxModelInfo info = OnnxModelInfo.parse(bytes);
        assertEquals(List.of("x"), info.inputs().stream().map(OnnxModelInfo.ValueInfo::name).toList());
        assertEquals(List.of("w", "v", "big"), List.copyOf(info.initializerNames()));

        List<ProtoReader> inits = initializers(readModel(bytes).graph());
        assertEquals(3, inits.size());
        TensorProtoData w = TensorProtos.parse(inits.get(0));
        assertEquals("w", w.name());
        assertEquals(2.0f, w.data().getFloat(4));
        assertEquals(w.data(), TensorProtos.parse(inits.get(1)).data());

        ProtoReader ext = inits.get(2);
        List<Long> dims = new ArrayList<>();
        Map<String, String> entries = new LinkedHashMap<>();
        long location = -1;
        long type = -1;
        while (ext.next()) {
            switch (ext.field()) {
                case 1 -> ext.readVarints(dims::add);
                case 2 -> type = ext.readVarint();
                case 8 -> assertEquals("big", ext.readString());
                case 13 -> {
                    String[] kv = TensorProtos.readStringPair(ext.readMessage());
                    entries.put(kv[0], kv[1]);
                }
                case 14 -> location = ext.readVarint();
                default -> throw new AssertionError("unexpected tensor field " + ext.field());
            }
        }
        assertEquals(List.of(1024L, 4L), dims);
        assertEquals(1, type);
        assertEquals(1, location);
        assertEquals(Map.of("location", "weights.bin", "offset", "4096", "length", "16384"), entries);
    }

    @Test
    void modelInfoReportsNonTensorKinds() {
        // Hand-written graph inputs of sequence / map / optional / sparse types.
        ProtoWriter tensorFloat = new ProtoWriter().writeMessage(1, new ProtoWriter().writeVarint(1, 1));
        ProtoWriter seq = new ProtoWriter().writeMessage(4, new ProtoWriter().writeMessage(1, tensorFloat));
        ProtoWriter map = new ProtoWriter().writeMessage(5, new ProtoWriter().writeVarint(1, 7).writeMessage(2, tensorFloat));
        ProtoWriter opt = new ProtoWriter().writeMessage(9, new ProtoWriter().writeMessage(1, seq));
        ProtoWriter sparse = new ProtoWriter().writeMessage(8, new ProtoWriter().writeVarint(1, 1));
        ProtoWriter graph = new ProtoWriter();
        String[] names = {"seq", "map", "opt", "sparse", "t"};
        ProtoWriter[] types = {seq, map, opt, sparse, tensorFloat};
        for (int i = 0; i < names.length; i++) {
            graph.writeMessage(11, new ProtoWriter().writeString(1, names[i]).writeMessage(2, types[i]));
        }
        graph.writeMessage(12, new ProtoWriter().writeString(1, "out").writeMessage(2, new ProtoWriter()));
        byte[] model = new ProtoWriter().writeVarint(1, 8).writeMessage(7, graph)
                .writeMessage(8, new ProtoWriter().writeVarint(2, 18)).toByteArray();

        OnnxModelInfo info = OnnxModelInfo.parse(model);
        List<ValueKind> kinds = info.inputs().stream().map(OnnxModelInfo.ValueInfo::kind).toList();
        assertEquals(List.of(ValueKind.SEQUENCE, ValueKind.MAP, ValueKind.OPTIONAL, ValueKind.SPARSE_TENSOR,
                ValueKind.TENSOR), kinds);
        assertEquals("seq(tensor(float))", info.inputs().get(0).type());
        assertEquals("map(int64,tensor(float))", info.inputs().get(1).type());
        assertEquals("optional(seq(tensor(float)))", info.inputs().get(2).type());
        assertEquals("sparse_tensor(float)", info.inputs().get(3).type());
        assertNull(info.inputs().get(0).elementType());
        assertEquals(ElementType.FLOAT, info.inputs().get(3).elementType());
        assertEquals(ValueKind.OTHER, info.outputs().get(0).kind());
        assertTrue(!info.tensorsOnly());
        assertEquals(18, info.opsetVersion(""));
    }
}
