package org.eppanama.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.SplittableRandom;
import org.eppanama.runtime.ElementType;
import org.eppanama.runtime.Tensor;

/**
 * A small speech encoder shaped like a NeMo Conformer export, with seeded random weights: for tests and
 * benchmarks of backends, padding and static-shape buckets without downloading a model.
 *
 * <p>Inputs {@value #AUDIO} FLOAT [1, features, T] and {@value #LENGTH} (INT64 or INT32) [1], the number of
 * valid time steps; outputs {@value #OUTPUTS} FLOAT [1, dModel, T'] and {@value #ENCODED_LENGTHS} INT64 [1],
 * with T' = (T - 1) / 2 + 1 from a stride-2 convolution ({@link #encodedLength}). The graph: mask the input by
 * the length, subsampling Conv + Relu, mask, a feed-forward half step, single-head self-attention whose
 * padded keys get -10000 before the softmax, a depthwise time convolution, mask. Every step that mixes time
 * steps only sees zeros or masked keys beyond the length, so zero-padding an input (and passing its true
 * length) leaves the valid outputs unchanged.
 */
public final class ConformerLikeEncoder {
    public static final String AUDIO = "audio_signal";
    public static final String LENGTH = "length";
    public static final String OUTPUTS = "outputs";
    public static final String ENCODED_LENGTHS = "encoded_lengths";

    private int features = 128;
    private int dModel = 64;
    private int ffDim = 128;
    private long seed = 1;
    private ElementType lengthType = ElementType.INT64;

    /** Feature channels of the input (mel bins); default 128. */
    public ConformerLikeEncoder features(int features) {
        this.features = positive(features, "features");
        return this;
    }

    /** Model width, the channels of the output; default 64. */
    public ConformerLikeEncoder dModel(int dModel) {
        this.dModel = positive(dModel, "dModel");
        return this;
    }

    /** Hidden size of the feed-forward step; default 128. */
    public ConformerLikeEncoder ffDim(int ffDim) {
        this.ffDim = positive(ffDim, "ffDim");
        return this;
    }

    /** Seed of the weights: the same seed gives the same model. */
    public ConformerLikeEncoder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** INT64 (NeMo's exports) or INT32. */
    public ConformerLikeEncoder lengthType(ElementType type) {
        if (type != ElementType.INT64 && type != ElementType.INT32) {
            throw new IllegalArgumentException("length type must be INT64 or INT32, got " + type);
        }
        this.lengthType = type;
        return this;
    }

    public int features() {
        return features;
    }

    public int dModel() {
        return dModel;
    }

    public int ffDim() {
        return ffDim;
    }

    /** Valid output steps for {@code length} valid input steps: (length - 1) / 2 + 1. */
    public static long encodedLength(long length) {
        return (length - 1) / 2 + 1;
    }

    /** The model with its weights inside. */
    public byte[] build() {
        return write(null).model;
    }

    /**
     * The model with its weights in an external data file named {@code location} (relative to the model's
     * folder): the model's bytes, and the file's.
     */
    public ExternalData buildWithExternalData(String location) {
        Objects.requireNonNull(location, "location");
        return write(location);
    }

    /** A model whose weight matrices live in a separate file. */
    public record ExternalData(byte[] model, byte[] data) {
    }

    private ExternalData write(String location) {
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 17).graphName("conformer_like_encoder")
                .producer("eppanama", "ConformerLikeEncoder");
        b.input(AUDIO, ElementType.FLOAT, Dim.of(1), Dim.of(features), Dim.param("T"));
        b.input(LENGTH, lengthType, Dim.of(1));
        b.output(OUTPUTS, ElementType.FLOAT, Dim.of(1), Dim.of(dModel), Dim.param("T_out"));
        b.output(ENCODED_LENGTHS, ElementType.INT64, Dim.of(1));

        Weights w = new Weights(b, location, new SplittableRandom(seed));
        b.initializer(TensorProtoData.ofLongs("zero", new long[0], 0));
        b.initializer(TensorProtoData.ofLongs("one", new long[0], 1));
        b.initializer(TensorProtoData.ofLongs("axis_time", new long[0], 2));
        b.initializer(TensorProtoData.ofLongs("one_1d", new long[] {1}, 1));
        b.initializer(TensorProtoData.ofLongs("two_1d", new long[] {1}, 2));
        b.initializer(TensorProtoData.ofFloats("half", new long[0], 0.5f));
        b.initializer(TensorProtoData.ofFloats("one_f", new long[0], 1f));
        b.initializer(TensorProtoData.ofFloats("masked_key", new long[0], -10000f));
        b.initializer(TensorProtoData.ofFloats("attention_scale", new long[0], (float) (1 / Math.sqrt(dModel))));

        String len = LENGTH;
        if (lengthType != ElementType.INT64) {
            b.node("Cast").inputs(LENGTH).outputs("length_i64").attr("to", (long) ElementType.INT64.code());
            len = "length_i64";
        }
        // Input mask: steps at or past the length are zeroed.
        String inputMask = timeMask(b, AUDIO, len, "in");
        b.node("Mul").inputs(AUDIO, inputMask).outputs("x_masked");

        // Subsampling: Conv1d, kernel 3, stride 2, pad 1 -> [1, D, T'].
        w.matrix("sub_w", features * 3, new long[] {dModel, features, 3});
        w.vector("sub_b", dModel);
        b.node("Conv").inputs("x_masked", "sub_w", "sub_b").outputs("sub").attr("kernel_shape", new long[] {3})
                .attr("strides", new long[] {2}).attr("pads", new long[] {1, 1});
        b.node("Relu").inputs("sub").outputs("sub_relu");
        b.node("Sub").inputs(len, "one_1d").outputs("len_minus_1");
        b.node("Div").inputs("len_minus_1", "two_1d").outputs("len_half");
        b.node("Add").inputs("len_half", "one_1d").outputs(ENCODED_LENGTHS);
        String mask = timeMask(b, "sub_relu", ENCODED_LENGTHS, "enc");
        b.node("Mul").inputs("sub_relu", mask).outputs("h0");
        b.node("Transpose").inputs("h0").outputs("t0").attr("perm", new long[] {0, 2, 1});

        // Feed-forward half step: t1 = t0 + 0.5 * (Relu(t0 W1 + b1) W2 + b2).
        w.matrix("ff_w1", dModel, new long[] {dModel, ffDim});
        w.vector("ff_b1", ffDim);
        w.matrix("ff_w2", ffDim, new long[] {ffDim, dModel});
        w.vector("ff_b2", dModel);
        b.node("MatMul").inputs("t0", "ff_w1").outputs("ff_mm1");
        b.node("Add").inputs("ff_mm1", "ff_b1").outputs("ff_a1");
        b.node("Relu").inputs("ff_a1").outputs("ff_r1");
        b.node("MatMul").inputs("ff_r1", "ff_w2").outputs("ff_mm2");
        b.node("Add").inputs("ff_mm2", "ff_b2").outputs("ff_out");
        b.node("Mul").inputs("ff_out", "half").outputs("ff_half");
        b.node("Add").inputs("t0", "ff_half").outputs("t1");

        // Self-attention, one head; padded keys get -10000 so the softmax gives them weight 0.
        for (String m : new String[] {"att_q", "att_k", "att_v", "att_o"}) {
            w.matrix(m, dModel, new long[] {dModel, dModel});
        }
        b.node("MatMul").inputs("t1", "att_q").outputs("q");
        b.node("MatMul").inputs("t1", "att_k").outputs("k");
        b.node("MatMul").inputs("t1", "att_v").outputs("v");
        b.node("Transpose").inputs("k").outputs("kt").attr("perm", new long[] {0, 2, 1});
        b.node("MatMul").inputs("q", "kt").outputs("qk");
        b.node("Mul").inputs("qk", "attention_scale").outputs("scores");
        b.node("Sub").inputs("one_f", mask).outputs("padded_keys");
        b.node("Mul").inputs("padded_keys", "masked_key").outputs("key_bias");
        b.node("Add").inputs("scores", "key_bias").outputs("scores_masked");
        b.node("Softmax").inputs("scores_masked").outputs("attention").attr("axis", -1L);
        b.node("MatMul").inputs("attention", "v").outputs("context");
        b.node("MatMul").inputs("context", "att_o").outputs("att_out");
        b.node("Add").inputs("t1", "att_out").outputs("t2");

        // Depthwise time convolution over masked steps, residual, final mask.
        b.node("Transpose").inputs("t2").outputs("c0").attr("perm", new long[] {0, 2, 1});
        b.node("Mul").inputs("c0", mask).outputs("c0_masked");
        w.matrix("dw_w", 3, new long[] {dModel, 1, 3});
        w.vector("dw_b", dModel);
        b.node("Conv").inputs("c0_masked", "dw_w", "dw_b").outputs("dw").attr("kernel_shape", new long[] {3})
                .attr("pads", new long[] {1, 1}).attr("group", (long) dModel);
        b.node("Relu").inputs("dw").outputs("dw_relu");
        b.node("Add").inputs("c0_masked", "dw_relu").outputs("c1");
        b.node("Mul").inputs("c1", mask).outputs(OUTPUTS);
        return new ExternalData(b.build(), w.data());
    }

    /**
     * Adds nodes for a FLOAT [T] mask of {@code value}'s last axis: 1 before {@code length}, 0 from it on.
     * Broadcasting multiplies it along that axis.
     */
    private static String timeMask(OnnxModelBuilder b, String value, String length, String prefix) {
        b.node("Shape").inputs(value).outputs(prefix + "_shape");
        b.node("Gather").inputs(prefix + "_shape", "axis_time").outputs(prefix + "_steps").attr("axis", 0L);
        b.node("Range").inputs("zero", prefix + "_steps", "one").outputs(prefix + "_positions");
        b.node("Less").inputs(prefix + "_positions", length).outputs(prefix + "_valid");
        b.node("Cast").inputs(prefix + "_valid").outputs(prefix + "_mask").attr("to", (long) ElementType.FLOAT.code());
        return prefix + "_mask";
    }

    private static int positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be 1 or more, got " + value);
        }
        return value;
    }

    /** Seeded weights, uniform in +-1/sqrt(fan-in), written inline or appended to the external data. */
    private static final class Weights {
        private final OnnxModelBuilder builder;
        private final String location;
        private final SplittableRandom random;
        private final ByteArrayOutputStream external = new ByteArrayOutputStream();

        Weights(OnnxModelBuilder builder, String location, SplittableRandom random) {
            this.builder = builder;
            this.location = location;
            this.random = random;
        }

        void matrix(String name, int fanIn, long[] dims) {
            add(name, dims, 1 / Math.sqrt(fanIn));
        }

        void vector(String name, int size) {
            add(name, new long[] {size}, 0.1);
        }

        private void add(String name, long[] dims, double bound) {
            int n = Math.toIntExact(Tensor.elementCount(dims));
            ByteBuffer raw = ByteBuffer.allocate(n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                raw.putFloat((float) random.nextDouble(-bound, bound));
            }
            if (location == null) {
                builder.initializer(name, ElementType.FLOAT, dims, raw.array());
            } else {
                builder.externalInitializer(name, ElementType.FLOAT, dims, location, external.size(), raw.capacity());
                external.writeBytes(raw.array());
            }
        }

        byte[] data() {
            return external.toByteArray();
        }
    }
}
