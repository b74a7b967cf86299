package org.eppanama.pipeline;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.eppanama.onnx.Dim;
import org.eppanama.onnx.OnnxModelBuilder;
import org.eppanama.runtime.ElementType;

/**
 * ONNX models of the {@link ToneLanguage} with the exact input and output contracts of exported Parakeet-TDT
 * models (names, element types, ranks), built with {@link OnnxModelBuilder}.
 *
 * <p>Encoder: the features averaged over each 8 frames ({@code AveragePool}), then a matrix that puts word k's
 * mel band on channel k of 1024. Joint: channel k votes for word k's pieces; the blank scores
 * {@link #THRESHOLD}; two or more channels above it (the opening chord) force blank; a table indexed by the
 * previous token and the one before (from the LSTM state) masks pieces that may not come next; the duration
 * logits are looked up for the winning token. The prediction network's new state is the one-hot previous token.
 */
final class ToneModels {
    static final int DIM = 1024;
    static final int HIDDEN = 640;
    static final int LAYERS = 2;
    /** A normalized band value above this counts as its tone sounding. */
    static final float THRESHOLD = 1f;
    private static final float NEVER = -1000f;
    private static final int WORDS = ToneLanguage.WORDS.size();
    private static final int V = ToneLanguage.VOCAB;

    private ToneModels() {
    }

    /** How an encoder is exported. */
    record EncoderSpec(int fixedFrames, ElementType lengthType, Precision precision, String file, List<String> dataFiles,
                       Map<String, String> metadata) {
        /** A dynamic-shape fp32 encoder with INT64 lengths, its weights in {@code dataFiles} (none: embedded). */
        static EncoderSpec dynamic(String file, String... dataFiles) {
            return new EncoderSpec(-1, ElementType.INT64, Precision.FP32, file, List.of(dataFiles), Map.of());
        }
    }

    /** The files of an encoder: the model and its external data, by file name. */
    static Map<String, byte[]> encoder(EncoderSpec spec) {
        boolean fixed = spec.fixedFrames() > 0;
        ElementType io = spec.precision() == Precision.FP16 ? ElementType.FLOAT16 : ElementType.FLOAT;
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 17).graphName("tone_encoder").producer("eppanama-tests")
                .docString("tone-language encoder, " + spec.precision());
        spec.metadata().forEach(b::metadata);
        Dim batch = fixed ? Dim.of(1) : Dim.param("batch");
        b.input("audio_signal", io, batch, Dim.of(128), fixed ? Dim.of(spec.fixedFrames()) : Dim.param("time"));
        b.input("length", spec.lengthType(), batch);
        b.output("outputs", io, batch, Dim.of(DIM), fixed ? Dim.of((spec.fixedFrames() + 7) / 8) : Dim.param("encoded_time"));
        b.output("encoded_lengths", spec.lengthType(), batch);
        String x = "audio_signal";
        if (io == ElementType.FLOAT16) {
            b.node("Cast").inputs(x).outputs("x32").attr("to", (long) ElementType.FLOAT.code());
            x = "x32";
        }
        b.node("AveragePool").inputs(x).outputs("pooled").attr("kernel_shape", new long[] {8}).attr("strides", new long[] {8})
                .attr("ceil_mode", 1L);
        b.node("Transpose").inputs("pooled").outputs("frames_first").attr("perm", new long[] {0, 2, 1});
        Map<String, byte[]> files = new LinkedHashMap<>();
        addWeights(b, spec, bandMatrix(), files);
        b.node("MatMul").inputs("frames_first", "w").outputs("projected");
        String out = io == ElementType.FLOAT16 ? "out32" : "outputs";
        b.node("Transpose").inputs("projected").outputs(out).attr("perm", new long[] {0, 2, 1});
        if (io == ElementType.FLOAT16) {
            b.node("Cast").inputs(out).outputs("outputs").attr("to", (long) ElementType.FLOAT16.code());
        }
        // NeMo's three stride-2 convolutions give ceil(length / 8) frames.
        b.initializer("seven", spec.lengthType(), new long[] {}, integer(spec.lengthType(), 7));
        b.initializer("eight", spec.lengthType(), new long[] {}, integer(spec.lengthType(), 8));
        b.node("Add").inputs("length", "seven").outputs("rounded_up");
        b.node("Div").inputs("rounded_up", "eight").outputs("encoded_lengths");
        Map<String, byte[]> all = new LinkedHashMap<>();
        all.put(spec.file(), b.build());
        all.putAll(files);
        return all;
    }

    /** [128, DIM]: word k's band to channel k. */
    private static float[] bandMatrix() {
        MelFilterBank filters = new NemoMelSpectrogram(128, true).filters();
        float[] w = new float[128 * DIM];
        for (int k = 0; k < WORDS; k++) {
            w[ToneLanguage.band(k, filters) * DIM + k] = 1f;
        }
        return w;
    }

    /**
     * The projection "w" at the spec's precision: fp32 columns split over the data files (several files:
     * one slice each; one file: all slices in it at increasing offsets; none: embedded), int8 with a
     * DequantizeLinear, or fp16 with a Cast.
     */
    private static void addWeights(OnnxModelBuilder b, EncoderSpec spec, float[] w, Map<String, byte[]> files) {
        switch (spec.precision()) {
            case INT8 -> {
                byte[] q = new byte[w.length];
                for (int i = 0; i < w.length; i++) {
                    q[i] = (byte) Math.round(w[i] * 127);
                }
                b.initializer("w_q", ElementType.INT8, new long[] {128, DIM}, q);
                b.initializer("w_scale", ElementType.FLOAT, new long[] {}, Raw.floats(1f / 127));
                b.node("DequantizeLinear").inputs("w_q", "w_scale").outputs("w");
            }
            case FP16 -> {
                b.initializer("w_h", ElementType.FLOAT16, new long[] {128, DIM}, Raw.halfs(w));
                b.node("Cast").inputs("w_h").outputs("w").attr("to", (long) ElementType.FLOAT.code());
            }
            case FP32 -> {
                List<String> locations = spec.dataFiles();
                if (locations.isEmpty()) {
                    b.initializer("w", ElementType.FLOAT, new long[] {128, DIM}, Raw.floats(w));
                    return;
                }
                int parts = Math.max(2, locations.size());
                int cols = DIM / parts;
                Map<String, ByteArrayOutputStream> data = new LinkedHashMap<>();
                String[] names = new String[parts];
                for (int p = 0; p < parts; p++) {
                    float[] slice = new float[128 * cols];
                    for (int r = 0; r < 128; r++) {
                        System.arraycopy(w, r * DIM + p * cols, slice, r * cols, cols);
                    }
                    String location = locations.get(Math.min(p, locations.size() - 1));
                    ByteArrayOutputStream file = data.computeIfAbsent(location, k -> new ByteArrayOutputStream());
                    byte[] raw = Raw.floats(slice);
                    names[p] = "w_" + p;
                    b.externalInitializer(names[p], ElementType.FLOAT, new long[] {128, cols}, location, file.size(), raw.length);
                    file.writeBytes(raw);
                }
                b.node("Concat").inputs(names).outputs("w").attr("axis", 1L);
                data.forEach((name, bytes) -> files.put(name, bytes.toByteArray()));
            }
        }
    }

    /** onnx-asr's decoder_joint-model.onnx; {@code io} is the element type of encoder_outputs and outputs. */
    static byte[] decoderJoint(ElementType io) {
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 17).graphName("tone_decoder_joint").producer("eppanama-tests")
                .docString("tone-language decoder_joint, " + io);
        Dim batch = Dim.param("batch");
        b.input("encoder_outputs", io, batch, Dim.of(DIM), Dim.param("encoder_time"));
        b.input("targets", ElementType.INT32, batch, Dim.param("target_time"));
        b.input("target_length", ElementType.INT32, batch);
        b.input("input_states_1", ElementType.FLOAT, Dim.of(LAYERS), batch, Dim.of(HIDDEN));
        b.input("input_states_2", ElementType.FLOAT, Dim.of(LAYERS), batch, Dim.of(HIDDEN));
        b.output("outputs", io, batch, Dim.param("encoder_time"), Dim.param("target_time"), Dim.of(V + ToneLanguage.DURATIONS));
        b.output("prednet_lengths", ElementType.INT32, batch);
        b.output("output_states_1", ElementType.FLOAT, Dim.of(LAYERS), batch, Dim.of(HIDDEN));
        b.output("output_states_2", ElementType.FLOAT, Dim.of(LAYERS), batch, Dim.of(HIDDEN));
        Set<String> added = new HashSet<>();
        prediction(b, added, "targets", "input_states_1", "prev", "prev_prev", "output_states_1");
        b.node("Identity").inputs("input_states_2").outputs("output_states_2");
        b.node("Identity").inputs("target_length").outputs("prednet_lengths");
        channels(b, added, "encoder_outputs", io);
        joint(b, added, "prev", "prev_prev", "outputs", io);
        return b.build();
    }

    /**
     * sherpa-onnx's decoder.onnx: previous token and state to a decoder output holding the one-hot previous
     * token (first half) and the one before (second half). Its value names are not NeMo's on purpose: sherpa
     * addresses them by position.
     */
    static byte[] sherpaDecoder() {
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 17).graphName("tone_decoder").producer("eppanama-tests");
        Dim batch = Dim.param("N");
        b.input("targets", ElementType.INT32, batch, Dim.param("U"));
        b.input("target_length", ElementType.INT32, batch);
        b.input("states.1", ElementType.FLOAT, Dim.of(LAYERS), batch, Dim.of(HIDDEN));
        b.input("onnx::Slice_3", ElementType.FLOAT, Dim.of(LAYERS), batch, Dim.of(HIDDEN));
        b.output("decoder_output", ElementType.FLOAT, batch, Dim.of(HIDDEN), Dim.param("U"));
        b.output("decoder_output_length", ElementType.INT32, batch);
        b.output("states", ElementType.FLOAT, Dim.of(LAYERS), batch, Dim.of(HIDDEN));
        b.output("162", ElementType.FLOAT, Dim.of(LAYERS), batch, Dim.of(HIDDEN));
        Set<String> added = new HashSet<>();
        prediction(b, added, "targets", "states.1", "prev", "prev_prev", "states");
        b.node("Identity").inputs("onnx::Slice_3").outputs("162");
        b.node("Identity").inputs("target_length").outputs("decoder_output_length");
        b.initializer("half_table", ElementType.FLOAT, new long[] {V, HIDDEN / 2}, Raw.floats(oneHots(HIDDEN / 2)));
        b.node("Gather").inputs("half_table", "prev").outputs("prev_hot");
        b.node("Gather").inputs("half_table", "prev_prev").outputs("prev_prev_hot");
        b.node("Concat").inputs("prev_hot", "prev_prev_hot").outputs("hot").attr("axis", 1L);
        constants(b, added, "axis2");
        b.node("Unsqueeze").inputs("hot", "axis2").outputs("decoder_output");
        return b.build();
    }

    /** sherpa-onnx's joiner.onnx: encoder frame and decoder output to logits. */
    static byte[] sherpaJoiner() {
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 17).graphName("tone_joiner").producer("eppanama-tests");
        Dim batch = Dim.param("N");
        b.input("encoder_output", ElementType.FLOAT, batch, Dim.of(DIM), Dim.param("T"));
        b.input("decoder_output", ElementType.FLOAT, batch, Dim.of(HIDDEN), Dim.param("U"));
        b.output("logit", ElementType.FLOAT, batch, Dim.param("T"), Dim.param("U"), Dim.of(V + ToneLanguage.DURATIONS));
        Set<String> added = new HashSet<>();
        constants(b, added, "axis1", "axis2");
        b.node("Squeeze").inputs("decoder_output", "axis2").outputs("hot");
        b.initializer("first_half", ElementType.INT64, new long[] {1}, Raw.longs(0));
        b.initializer("second_half", ElementType.INT64, new long[] {1}, Raw.longs(HIDDEN / 2));
        b.initializer("first_end", ElementType.INT64, new long[] {1}, Raw.longs(V));
        b.initializer("second_end", ElementType.INT64, new long[] {1}, Raw.longs(HIDDEN / 2 + V));
        b.node("Slice").inputs("hot", "first_half", "first_end", "axis1").outputs("prev_hot");
        b.node("Slice").inputs("hot", "second_half", "second_end", "axis1").outputs("prev_prev_hot");
        b.node("ArgMax").inputs("prev_hot").outputs("prev").attr("axis", 1L).attr("keepdims", 0L);
        b.node("ArgMax").inputs("prev_prev_hot").outputs("prev_prev").attr("axis", 1L).attr("keepdims", 0L);
        channels(b, added, "encoder_output", ElementType.FLOAT);
        joint(b, added, "prev", "prev_prev", "logit", ElementType.FLOAT);
        return b.build();
    }

    /** sherpa-onnx's encoder metadata for the tone model. */
    static Map<String, String> sherpaMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("vocab_size", Integer.toString(V - 1));
        m.put("subsampling_factor", "8");
        m.put("normalize_type", "per_feature");
        m.put("pred_rnn_layers", Integer.toString(LAYERS));
        m.put("pred_hidden", Integer.toString(HIDDEN));
        m.put("feat_dim", "128");
        m.put("model_type", "EncDecRNNTBPEModel");
        return m;
    }

    /** The INT64 constants the graphs share; each model gets those it uses, once. */
    private static final Map<String, long[]> CONSTANTS = Map.of("axis1", new long[] {1}, "axis2", new long[] {2},
            "axes12", new long[] {1, 2}, "flat", new long[] {-1});

    /** Adds the shared constants {@code names} to {@code b} unless {@code added} says it has them. */
    private static void constants(OnnxModelBuilder b, Set<String> added, String... names) {
        for (String n : names) {
            if (added.add(n)) {
                b.initializer(n, ElementType.INT64, new long[] {CONSTANTS.get(n).length}, Raw.longs(CONSTANTS.get(n)));
            }
        }
    }

    /**
     * The prediction network: {@code prev} (INT64 [B]) from the targets, {@code prevPrev} from the state's
     * first layer (argmax of its one-hot), and the new state, the one-hot of {@code prev}, in layer 0.
     */
    private static void prediction(OnnxModelBuilder b, Set<String> added, String targets, String state, String prev,
                                   String prevPrev, String newState) {
        constants(b, added, "flat", "axis1");
        b.initializer("layer_zero", ElementType.INT64, new long[] {}, Raw.longs(0));
        b.node("Cast").inputs(targets).outputs("targets64").attr("to", (long) ElementType.INT64.code());
        b.node("Reshape").inputs("targets64", "flat").outputs(prev);
        b.node("Gather").inputs(state, "layer_zero").outputs("layer0").attr("axis", 0L);
        b.initializer("state_start", ElementType.INT64, new long[] {1}, Raw.longs(0));
        b.initializer("state_end", ElementType.INT64, new long[] {1}, Raw.longs(V));
        b.node("Slice").inputs("layer0", "state_start", "state_end", "axis1").outputs("state_hot");
        b.node("ArgMax").inputs("state_hot").outputs(prevPrev).attr("axis", 1L).attr("keepdims", 0L);
        float[] table = new float[V * LAYERS * HIDDEN];
        for (int v = 0; v < V; v++) {
            table[v * LAYERS * HIDDEN + v] = 1f;
        }
        b.initializer("state_table", ElementType.FLOAT, new long[] {V, LAYERS, HIDDEN}, Raw.floats(table));
        b.node("Gather").inputs("state_table", prev).outputs("state_batch_first");
        b.node("Transpose").inputs("state_batch_first").outputs(newState).attr("perm", new long[] {1, 0, 2});
    }

    /** "channels": the words' channels of the (single) encoder frame, FLOAT [B, words]. */
    private static void channels(OnnxModelBuilder b, Set<String> added, String encoder, ElementType io) {
        constants(b, added, "axis1", "axis2");
        String e = encoder;
        if (io == ElementType.FLOAT16) {
            b.node("Cast").inputs(e).outputs("encoder32").attr("to", (long) ElementType.FLOAT.code());
            e = "encoder32";
        }
        b.node("Squeeze").inputs(e, "axis2").outputs("frame");
        b.initializer("channel_start", ElementType.INT64, new long[] {1}, Raw.longs(0));
        b.initializer("channel_end", ElementType.INT64, new long[] {1}, Raw.longs(WORDS));
        b.node("Slice").inputs("frame", "channel_start", "channel_end", "axis1").outputs("channels");
    }

    /** Logits from "channels", {@code prev} and {@code prevPrev}, written to {@code output} [B, 1, 1, V + durations]. */
    private static void joint(OnnxModelBuilder b, Set<String> added, String prev, String prevPrev, String output,
                              ElementType io) {
        constants(b, added, "axis1", "axes12");
        float[] votes = new float[WORDS * V];
        for (int k = 0; k < WORDS; k++) {
            for (int piece : ToneLanguage.WORDS.get(k).pieces()) {
                votes[k * V + piece] = 1f;
            }
        }
        float[] bias = new float[V];
        bias[ToneLanguage.BLANK] = THRESHOLD;
        bias[ToneLanguage.UNK] = NEVER;
        float[] chordPenalty = new float[V];
        Arrays.fill(chordPenalty, NEVER);
        chordPenalty[ToneLanguage.BLANK] = 0;
        b.initializer("votes", ElementType.FLOAT, new long[] {WORDS, V}, Raw.floats(votes));
        b.initializer("bias", ElementType.FLOAT, new long[] {V}, Raw.floats(bias));
        b.initializer("chord_penalty", ElementType.FLOAT, new long[] {V}, Raw.floats(chordPenalty));
        b.initializer("threshold", ElementType.FLOAT, new long[] {}, Raw.floats(THRESHOLD));
        b.initializer("one_and_a_half", ElementType.FLOAT, new long[] {}, Raw.floats(1.5f));
        b.initializer("vocab", ElementType.INT64, new long[] {}, Raw.longs(V));
        b.initializer("masks", ElementType.FLOAT, new long[] {(long) V * V, V}, Raw.floats(masks()));
        b.initializer("durations", ElementType.FLOAT, new long[] {V, ToneLanguage.DURATIONS}, Raw.floats(durationTable()));

        b.node("Greater").inputs("channels", "threshold").outputs("sounding");
        b.node("Cast").inputs("sounding").outputs("sounding_f").attr("to", (long) ElementType.FLOAT.code());
        b.node("ReduceSum").inputs("sounding_f", "axis1").outputs("sounding_count").attr("keepdims", 1L);
        b.node("Greater").inputs("sounding_count", "one_and_a_half").outputs("is_chord");
        b.node("Cast").inputs("is_chord").outputs("is_chord_f").attr("to", (long) ElementType.FLOAT.code());
        b.node("Mul").inputs("is_chord_f", "chord_penalty").outputs("penalty");
        b.node("MatMul").inputs("channels", "votes").outputs("voted");
        b.node("Add").inputs("voted", "bias").outputs("biased");
        b.node("Add").inputs("biased", "penalty").outputs("unmasked");
        b.node("Mul").inputs(prev, "vocab").outputs("prev_row");
        b.node("Add").inputs("prev_row", prevPrev).outputs("context");
        b.node("Gather").inputs("masks", "context").outputs("mask");
        b.node("Add").inputs("unmasked", "mask").outputs("token_logits");
        b.node("ArgMax").inputs("token_logits").outputs("best").attr("axis", 1L).attr("keepdims", 0L);
        b.node("Gather").inputs("durations", "best").outputs("duration_logits");
        b.node("Concat").inputs("token_logits", "duration_logits").outputs("logits").attr("axis", 1L);
        String out = io == ElementType.FLOAT16 ? "logits_4d" : output;
        b.node("Unsqueeze").inputs("logits", "axes12").outputs(out);
        if (io == ElementType.FLOAT16) {
            b.node("Cast").inputs(out).outputs(output).attr("to", (long) ElementType.FLOAT16.code());
        }
    }

    /**
     * masks[prev * V + prevPrev][piece]: 0 where the piece may come next, NEVER where not. Piece i > 0 of a word
     * needs the word's pieces before it just emitted; its first piece is barred while a continuation of the
     * word is due.
     */
    private static float[] masks() {
        float[] m = new float[V * V * V];
        for (int prev = 0; prev < V; prev++) {
            for (int pp = 0; pp < V; pp++) {
                float[] row = new float[V];
                for (ToneLanguage.Word w : ToneLanguage.WORDS) {
                    int[] p = w.pieces();
                    boolean continuing = false;
                    for (int i = 1; i < p.length; i++) {
                        boolean due = prev == p[i - 1] && (i < 2 || pp == p[i - 2]);
                        row[p[i]] = due ? 0 : NEVER;
                        continuing |= due;
                    }
                    row[p[0]] = continuing ? NEVER : 0;
                }
                System.arraycopy(row, 0, m, (prev * V + pp) * V, V);
            }
        }
        return m;
    }

    /** durations[token]: a one-hot (scaled) at the token's duration. */
    private static float[] durationTable() {
        int[] duration = new int[V];
        duration[ToneLanguage.BLANK] = 1;
        duration[ToneLanguage.UNK] = 1;
        for (ToneLanguage.Word w : ToneLanguage.WORDS) {
            int[] p = w.pieces();
            for (int i = 0; i < p.length; i++) {
                duration[p[i]] = w.stutter() || i < p.length - 1 ? 0 : w.frames();
            }
        }
        float[] t = new float[V * ToneLanguage.DURATIONS];
        for (int v = 0; v < V; v++) {
            t[v * ToneLanguage.DURATIONS + duration[v]] = 10f;
        }
        return t;
    }

    private static float[] oneHots(int width) {
        float[] t = new float[V * width];
        for (int v = 0; v < V; v++) {
            t[v * width + v] = 1f;
        }
        return t;
    }

    private static byte[] integer(ElementType type, long v) {
        return type == ElementType.INT64 ? Raw.longs(v) : Raw.ints((int) v);
    }
}
