package org.eppanama.pipeline;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
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

    /**
     * A Conformer-like stack of {@code layers} blocks of {@code width} channels that an encoder runs beside the
     * tone channels, so that encoding costs what a real encoder's does (benchmarks). Each block: a half-step
     * Swish feed-forward (4 x width), single-head self-attention over the whole input, a depthwise (kernel 9) and
     * pointwise convolution, another half-step feed-forward, layer norms; weights seeded from {@code seed}. Its
     * output fills channels {@code WORDS..DIM-1}, which the joint does not read, so the transcript stays exact
     * while ONNX Runtime still has to compute every value (they are part of the encoder's output).
     */
    record Conformer(int layers, int width, long seed) {
        Conformer {
            if (layers < 1 || width < 8 || width % 4 != 0) {
                throw new IllegalArgumentException("need layers >= 1 and a width >= 8 divisible by 4, got " + layers
                        + " x " + width);
            }
        }
    }

    /** The files of an encoder: the model and its external data, by file name. */
    static Map<String, byte[]> encoder(EncoderSpec spec) {
        return encoder(spec, null);
    }

    /**
     * The files of an encoder with a {@link Conformer} stack beside the tone channels (null: none); the stack's
     * weights go to the spec's last data file (fp32 only).
     */
    static Map<String, byte[]> encoder(EncoderSpec spec, Conformer conformer) {
        if (conformer != null && (spec.precision() != Precision.FP32 || spec.dataFiles().isEmpty())) {
            throw new IllegalArgumentException("a Conformer stack needs an fp32 encoder with external data");
        }
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
        String frames = "projected";
        if (conformer != null) {
            String location = spec.dataFiles().getLast();
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            data.writeBytes(files.getOrDefault(location, new byte[0]));
            conformer(b, conformer, "frames_first", "conformer_out", location, data);
            files.put(location, data.toByteArray());
            b.initializer("word_start", ElementType.INT64, new long[] {1}, Raw.longs(0));
            b.initializer("word_end", ElementType.INT64, new long[] {1}, Raw.longs(WORDS));
            b.initializer("frame_axis2", ElementType.INT64, new long[] {1}, Raw.longs(2));
            b.node("Slice").inputs("projected", "word_start", "word_end", "frame_axis2").outputs("word_channels");
            b.node("Concat").inputs("word_channels", "conformer_out").outputs("all_channels").attr("axis", 2L);
            frames = "all_channels";
        }
        String out = io == ElementType.FLOAT16 ? "out32" : "outputs";
        b.node("Transpose").inputs(frames).outputs(out).attr("perm", new long[] {0, 2, 1});
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

    /**
     * The {@link Conformer} stack from {@code in} (FLOAT [B, T, 128]) to {@code out} (FLOAT [B, T, DIM - WORDS]),
     * its weights appended to {@code data}, the external file {@code location}.
     */
    private static void conformer(OnnxModelBuilder b, Conformer c, String in, String out, String location,
                                  ByteArrayOutputStream data) {
        int d = c.width();
        SplittableRandom random = new SplittableRandom(c.seed());
        BiConsumer<String, long[]> weight = (name, dims) -> {
            int n = 1;
            for (long x : dims) {
                n *= (int) x;
            }
            // Uniform in +-1/sqrt(fan-in): the fan-in is every axis but the first for a convolution, else the first.
            long fanIn = dims.length == 3 ? dims[1] * dims[2] : dims[0];
            double bound = 1 / Math.sqrt(fanIn);
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) random.nextDouble(-bound, bound);
            }
            byte[] raw = Raw.floats(v);
            b.externalInitializer(name, ElementType.FLOAT, dims, location, data.size(), raw.length);
            data.writeBytes(raw);
        };
        float[] ones = new float[d];
        Arrays.fill(ones, 1f);
        b.initializer("cf_ln_scale", ElementType.FLOAT, new long[] {d}, Raw.floats(ones));
        b.initializer("cf_ln_bias", ElementType.FLOAT, new long[] {d}, Raw.floats(new float[d]));
        b.initializer("cf_half", ElementType.FLOAT, new long[] {}, Raw.floats(0.5f));
        b.initializer("cf_scale", ElementType.FLOAT, new long[] {}, Raw.floats((float) (1 / Math.sqrt(d))));
        weight.accept("cf_in", new long[] {128, d});
        b.node("MatMul").inputs(in, "cf_in").outputs("cf_x0");
        String x = "cf_x0";
        for (int l = 0; l < c.layers(); l++) {
            String p = "cf" + l + "_";
            x = feedForward(b, weight, p + "ff1_", x, d);
            // Self-attention, one head.
            b.node("LayerNormalization").inputs(x, "cf_ln_scale", "cf_ln_bias").outputs(p + "att_ln").attr("axis", -1L);
            for (String m : new String[] {"q", "k", "v", "o"}) {
                weight.accept(p + "w" + m, new long[] {d, d});
            }
            b.node("MatMul").inputs(p + "att_ln", p + "wq").outputs(p + "q");
            b.node("MatMul").inputs(p + "att_ln", p + "wk").outputs(p + "k");
            b.node("MatMul").inputs(p + "att_ln", p + "wv").outputs(p + "v");
            b.node("Transpose").inputs(p + "k").outputs(p + "kt").attr("perm", new long[] {0, 2, 1});
            b.node("MatMul").inputs(p + "q", p + "kt").outputs(p + "qk");
            b.node("Mul").inputs(p + "qk", "cf_scale").outputs(p + "scores");
            b.node("Softmax").inputs(p + "scores").outputs(p + "attention").attr("axis", -1L);
            b.node("MatMul").inputs(p + "attention", p + "v").outputs(p + "context");
            b.node("MatMul").inputs(p + "context", p + "wo").outputs(p + "att_out");
            b.node("Add").inputs(x, p + "att_out").outputs(p + "x_att");
            // Convolution module: depthwise over time, then pointwise, channels first.
            b.node("LayerNormalization").inputs(p + "x_att", "cf_ln_scale", "cf_ln_bias").outputs(p + "conv_ln")
                    .attr("axis", -1L);
            b.node("Transpose").inputs(p + "conv_ln").outputs(p + "conv_in").attr("perm", new long[] {0, 2, 1});
            weight.accept(p + "dw", new long[] {d, 1, 9});
            weight.accept(p + "pw", new long[] {d, d, 1});
            b.node("Conv").inputs(p + "conv_in", p + "dw").outputs(p + "depthwise").attr("kernel_shape", new long[] {9})
                    .attr("pads", new long[] {4, 4}).attr("group", (long) d);
            swish(b, p + "depthwise", p + "dw_act");
            b.node("Conv").inputs(p + "dw_act", p + "pw").outputs(p + "pointwise").attr("kernel_shape", new long[] {1});
            b.node("Transpose").inputs(p + "pointwise").outputs(p + "conv_out").attr("perm", new long[] {0, 2, 1});
            b.node("Add").inputs(p + "x_att", p + "conv_out").outputs(p + "x_conv");
            x = feedForward(b, weight, p + "ff2_", p + "x_conv", d);
            b.node("LayerNormalization").inputs(x, "cf_ln_scale", "cf_ln_bias").outputs(p + "out").attr("axis", -1L);
            x = p + "out";
        }
        weight.accept("cf_out", new long[] {d, DIM - WORDS});
        b.node("MatMul").inputs(x, "cf_out").outputs(out);
    }

    /** x + 0.5 * Swish(LayerNorm(x) W1) W2, W1 [d, 4d], W2 [4d, d]; returns the result's name. */
    private static String feedForward(OnnxModelBuilder b, BiConsumer<String, long[]> weight, String p,
                                      String x, int d) {
        weight.accept(p + "w1", new long[] {d, 4L * d});
        weight.accept(p + "w2", new long[] {4L * d, d});
        b.node("LayerNormalization").inputs(x, "cf_ln_scale", "cf_ln_bias").outputs(p + "ln").attr("axis", -1L);
        b.node("MatMul").inputs(p + "ln", p + "w1").outputs(p + "up");
        swish(b, p + "up", p + "act");
        b.node("MatMul").inputs(p + "act", p + "w2").outputs(p + "down");
        b.node("Mul").inputs(p + "down", "cf_half").outputs(p + "scaled");
        b.node("Add").inputs(x, p + "scaled").outputs(p + "sum");
        return p + "sum";
    }

    private static void swish(OnnxModelBuilder b, String x, String out) {
        b.node("Sigmoid").inputs(x).outputs(out + "_gate");
        b.node("Mul").inputs(x, out + "_gate").outputs(out);
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
