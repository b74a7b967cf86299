package org.eppanama.pipeline;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import org.eppanama.runtime.ElementType;
import org.eppanama.runtime.Environment;
import org.eppanama.runtime.IoBinding;
import org.eppanama.runtime.Session;
import org.eppanama.runtime.SessionOptions;
import org.eppanama.runtime.Tensor;
import org.eppanama.runtime.ValueInfo;

/**
 * sherpa-onnx's NeMo transducer as two models, addressed by position: {@code decoder.onnx} (targets, target
 * length, two LSTM states in; decoder output, its length, two new states out) and {@code joiner.onnx}
 * (encoder frame {@code [1, dim, 1]} and decoder output {@code [1, hidden, 1]} in, logits out). The decoder
 * runs only when a token is emitted; its output tensor is the joiner's input, shared memory between the two
 * bindings. States are double-buffered as in {@link FusedDecoderJoint}.
 */
final class SplitDecoderJoint implements TransducerNet {
    private final Session decoder;
    private final Session joiner;
    private final ValueInfo targets;
    private final ValueInfo targetLength;
    private final ValueInfo state1;
    private final ValueInfo state2;
    private final ValueInfo decoderOut;
    private final ValueInfo state1Out;
    private final ValueInfo state2Out;
    private final ValueInfo joinerEncoder;
    private final ValueInfo joinerDecoder;
    private final ValueInfo joinerOut;
    private final int encoderDim;
    private final int hidden;
    private final int logits;

    private SplitDecoderJoint(Session decoder, String decoderName, Session joiner, String joinerName) {
        this.decoder = decoder;
        this.joiner = joiner;
        SessionContract d = new SessionContract(decoder, decoderName);
        targets = d.inputAt(0, 2, ElementType.INT32, ElementType.INT64);
        targetLength = d.inputAt(1, 1, ElementType.INT32, ElementType.INT64);
        state1 = d.inputAt(2, 3, ElementType.FLOAT, ElementType.FLOAT16);
        state2 = d.inputAt(3, 3, ElementType.FLOAT, ElementType.FLOAT16);
        decoderOut = d.outputAt(0, 3, ElementType.FLOAT, ElementType.FLOAT16);
        state1Out = d.outputAt(2, 3, state1.tensor().type());
        state2Out = d.outputAt(3, 3, state2.tensor().type());
        SessionContract j = new SessionContract(joiner, joinerName);
        joinerEncoder = j.inputAt(0, 3, ElementType.FLOAT, ElementType.FLOAT16);
        joinerDecoder = j.inputAt(1, 3, decoderOut.tensor().type());
        joinerOut = j.outputAt(0, 4, ElementType.FLOAT, ElementType.FLOAT16);
        encoderDim = Shapes.fixed(joinerEncoder.tensor(), 1, joinerName, joinerEncoder.name(), "channel count");
        hidden = Shapes.fixed(joinerDecoder.tensor(), 1, joinerName, joinerDecoder.name(), "decoder output width");
        logits = Shapes.fixed(joinerOut.tensor(), 3, joinerName, joinerOut.name(), "logit count");
        for (ValueInfo s : new ValueInfo[] {state1, state2}) {
            Shapes.fixed(s.tensor(), 0, decoderName, s.name(), "LSTM layer count");
            Shapes.fixed(s.tensor(), 2, decoderName, s.name(), "LSTM width");
        }
    }

    static SplitDecoderJoint load(Environment env, Path decoderFile, SessionOptions decoderOptions, Path joinerFile,
                                  SessionOptions joinerOptions) {
        Session d = MappedModel.open(env, decoderFile, decoderOptions);
        Session j = null;
        try {
            j = MappedModel.open(env, joinerFile, joinerOptions);
            return new SplitDecoderJoint(d, decoderFile.getFileName().toString(), j, joinerFile.getFileName().toString());
        } catch (RuntimeException e) {
            d.close();
            if (j != null) {
                j.close();
            }
            throw e;
        }
    }

    @Override
    public int encoderDim() {
        return encoderDim;
    }

    @Override
    public int logits() {
        return logits;
    }

    @Override
    public Steps start(Arena arena) {
        StepTensors t = new StepTensors(arena);
        try {
            Tensor frame = t.tensor(joinerEncoder.tensor().type(), 1, encoderDim, 1);
            Tensor target = t.tensor(targets.tensor().type(), 1, 1);
            Tensor length = t.tensor(targetLength.tensor().type(), 1);
            FloatElements.setInteger(length.data(), length.type(), 1);
            Tensor a1 = t.tensor(state1.tensor().type(), Shapes.batchOne(state1.tensor()));
            Tensor a2 = t.tensor(state2.tensor().type(), Shapes.batchOne(state2.tensor()));
            Tensor b1 = t.tensor(state1.tensor().type(), Shapes.batchOne(state1.tensor()));
            Tensor b2 = t.tensor(state2.tensor().type(), Shapes.batchOne(state2.tensor()));
            Tensor dec = t.tensor(decoderOut.tensor().type(), 1, hidden, 1);
            Tensor out = t.tensor(joinerOut.tensor().type(), 1, 1, 1, logits);
            IoBinding ab = t.binding(bindDecoder(target, length, a1, a2, b1, b2, dec));
            IoBinding ba = t.binding(bindDecoder(target, length, b1, b2, a1, a2, dec));
            IoBinding join = t.binding(joiner.createIoBinding().bindInput(joinerEncoder.name(), frame)
                    .bindInput(joinerDecoder.name(), dec).bindOutput(joinerOut.name(), out));
            return new SplitSteps(t, frame, target, out, ab, ba, join, a1, a2);
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
    }

    private IoBinding bindDecoder(Tensor target, Tensor length, Tensor in1, Tensor in2, Tensor out1, Tensor out2,
                                  Tensor dec) {
        // The decoder's output length (output 1) is not needed, so it is not bound.
        return decoder.createIoBinding().bindInput(targets.name(), target).bindInput(targetLength.name(), length)
                .bindInput(state1.name(), in1).bindInput(state2.name(), in2)
                .bindOutput(decoderOut.name(), dec).bindOutput(state1Out.name(), out1).bindOutput(state2Out.name(), out2);
    }

    /** The decoder runs once per emitted token, the joiner once per step. */
    private static final class SplitSteps extends BoundSteps {
        private final IoBinding join;

        SplitSteps(StepTensors tensors, Tensor frame, Tensor target, Tensor out, IoBinding predict, IoBinding other,
                   IoBinding join, Tensor... currentState) {
            super(tensors, frame, target, out, predict, other, currentState);
            this.join = join;
        }

        /** Zero state, then the prediction network's output for the blank, which the joiner starts from. */
        @Override
        public void reset(int blank) {
            super.reset(blank);
            predict(blank);
        }

        /** Runs the decoder on {@code token} from the current state. */
        void predict(int token) {
            setTarget(token);
            run(current);
        }

        @Override
        public void run() {
            run(join);
        }

        @Override
        public void emit(int token) {
            // The state after the previous token becomes current; the decoder then predicts from it.
            swapStates();
            predict(token);
        }
    }

    @Override
    public void close() {
        decoder.close();
        joiner.close();
    }
}
