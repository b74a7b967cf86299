package org.eppanama.onnx;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One {@code EPContext} node (domain {@code com.microsoft}) of a model's main graph: the node through which
 * an execution provider loads what it compiled before, from the node itself (embed_mode 1) or from a file
 * named relative to the model (embed_mode 0).
 *
 * @param name          node name; the QNN EP looks the graph of this name up in the context binary
 * @param inputs        node inputs
 * @param outputs       node outputs
 * @param embedMode     {@code embed_mode}: 1 the context is inside {@code ep_cache_context}, 0 that names a file
 * @param mainContext   {@code main_context}: 1 for the node whose context holds the graphs
 * @param source        {@code source}: the EP (or its short name) that wrote the context
 * @param cacheContext  {@code ep_cache_context} bytes: the context itself, or a UTF-8 path
 * @param partitionName {@code partition_name}, "" if absent
 * @param sdkVersion    {@code ep_sdk_version}, "" if absent
 */
public record EpContextNode(String name, List<String> inputs, List<String> outputs, long embedMode, long mainContext,
                            String source, byte[] cacheContext, String partitionName, String sdkVersion) {
    public static final String OP_TYPE = "EPContext";
    public static final String DOMAIN = "com.microsoft";

    public EpContextNode {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        Objects.requireNonNull(cacheContext, "cacheContext");
    }

    /** Whether the context binary is inside the node. */
    public boolean embedded() {
        return embedMode != 0;
    }

    /** The file {@code ep_cache_context} names (embed_mode 0), as written in the model. */
    public String cacheContextPath() {
        if (embedded()) {
            throw new IllegalStateException("EPContext node '" + name + "' embeds its context (embed_mode="
                    + embedMode + "): it names no file");
        }
        return new String(cacheContext, StandardCharsets.UTF_8);
    }

    /** The EPContext nodes of a serialized ModelProto's main graph, in graph order. */
    public static List<EpContextNode> read(byte[] model) {
        List<EpContextNode> found = new ArrayList<>();
        ProtoReader r = new ProtoReader(model);
        while (r.next()) {
            if (r.field() != 7) { // ModelProto.graph
                r.skip();
                continue;
            }
            ProtoReader g = r.readMessage();
            while (g.next()) {
                if (g.field() == 1) { // GraphProto.node
                    EpContextNode n = readNode(g.readMessage());
                    if (n != null) {
                        found.add(n);
                    }
                } else {
                    g.skip();
                }
            }
        }
        return found;
    }

    /** An EPContext node, or null for any other node. */
    private static EpContextNode readNode(ProtoReader n) {
        String name = "";
        String opType = "";
        String domain = "";
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        List<ProtoReader> attributes = new ArrayList<>();
        while (n.next()) {
            switch (n.field()) {
                case 1 -> inputs.add(n.readString());
                case 2 -> outputs.add(n.readString());
                case 3 -> name = n.readString();
                case 4 -> opType = n.readString();
                case 5 -> attributes.add(n.readMessage());
                case 7 -> domain = n.readString();
                default -> n.skip();
            }
        }
        if (!opType.equals(OP_TYPE) || !domain.equals(DOMAIN)) {
            return null;
        }
        // embed_mode defaults to 1 in the contrib op schema.
        long embedMode = 1;
        long mainContext = 1;
        String source = "";
        byte[] cache = new byte[0];
        String partition = "";
        String sdk = "";
        for (ProtoReader a : attributes) {
            String attr = "";
            long i = 0;
            byte[] s = new byte[0];
            while (a.next()) {
                switch (a.field()) {
                    case 1 -> attr = a.readString();
                    case 3 -> i = a.readVarint();
                    case 4 -> s = a.readBytes();
                    default -> a.skip();
                }
            }
            switch (attr) {
                case "embed_mode" -> embedMode = i;
                case "main_context" -> mainContext = i;
                case "source" -> source = new String(s, StandardCharsets.UTF_8);
                case "ep_cache_context" -> cache = s;
                case "partition_name" -> partition = new String(s, StandardCharsets.UTF_8);
                case "ep_sdk_version" -> sdk = new String(s, StandardCharsets.UTF_8);
                default -> { }
            }
        }
        return new EpContextNode(name, inputs, outputs, embedMode, mainContext, source, cache, partition, sdk);
    }
}
