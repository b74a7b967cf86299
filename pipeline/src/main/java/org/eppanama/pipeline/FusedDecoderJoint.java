package org.eppanama.pipeline;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import org.eppanama.runtime.ElementType;
import org.eppanama.runtime.Environment;
import org.eppanama.runtime.IoBinding;
import org.eppanama.runtime.Session;
import org.eppanama.runtime.SessionOptions;
import org.eppanama.runtime.Tensor;
import org.eppanama.runtime.TensorInfo;

/**
 * onnx-asr's {@code decoder_joint-model.onnx}: {@code encoder_outputs} {@code [1, dim, 1]}, {@code targets}
 * {@code [1, 1]} (the previous token), {@code target_length} {@code [1]}, {@code input_states_1/2}
 * {@code [layers, 1, hidden]} in; {@code outputs} {@code [1, 1, 1, logits]}, {@code prednet_lengths},
 * {@code output_states_1/2} out. The states are double-buffered: two bindings, A to B and B to A, are made once
 * per decoder, and emitting a token switches to the other, so no step or utterance rebinds or allocates.
 */
final class FusedDecoderJoint implements TransducerNet {
    private final Session session;
    private final TensorInfo encoder;
    private final TensorInfo targets;
    private final TensorInfo targetLength;
    private final TensorInfo state1;
    private final TensorInfo state2;
    private final TensorInfo outputs;
    private final int encoderDim;
    private final int logits;

    private FusedDecoderJoint(Session session, String model) {
        this.session = session;
        SessionContract c = new SessionContract(session, model);
        encoder = c.input("encoder_outputs", 3, ElementType.FLOAT, ElementType.FLOAT16);
        targets = c.input("targets", 2, ElementType.INT32, ElementType.INT64);
        targetLength = c.input("target_length", 1, ElementType.INT32, ElementType.INT64);
        state1 = c.input("input_states_1", 3, ElementType.FLOAT, ElementType.FLOAT16);
        state2 = c.input("input_states_2", 3, ElementType.FLOAT, ElementType.FLOAT16);
        outputs = c.output("outputs", 4, ElementType.FLOAT, ElementType.FLOAT16);
        c.output("output_states_1", 3, state1.type());
        c.output("output_states_2", 3, state2.type());
        encoderDim = Shapes.fixed(encoder, 1, model, "encoder_outputs", "channel count");
        logits = Shapes.fixed(outputs, 3, model, "outputs", "logit count");
        Shapes.fixed(state1, 0, model, "input_states_1", "LSTM layer count");
        Shapes.fixed(state1, 2, model, "input_states_1", "LSTM width");
        Shapes.fixed(state2, 0, model, "input_states_2", "LSTM layer count");
        Shapes.fixed(state2, 2, model, "input_states_2", "LSTM width");
    }

    static FusedDecoderJoint load(Environment env, Path file, SessionOptions options) {
        Session s = MappedModel.open(env, file, options);
        try {
            return new FusedDecoderJoint(s, file.getFileName().toString());
        } catch (RuntimeException e) {
            s.close();
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
            Tensor frame = t.tensor(encoder.type(), 1, encoderDim, 1);
            Tensor target = t.tensor(targets.type(), 1, 1);
            Tensor length = t.tensor(targetLength.type(), 1);
            FloatElements.setInteger(length.data(), length.type(), 1);
            Tensor a1 = t.tensor(state1.type(), Shapes.batchOne(state1));
            Tensor a2 = t.tensor(state2.type(), Shapes.batchOne(state2));
            Tensor b1 = t.tensor(state1.type(), Shapes.batchOne(state1));
            Tensor b2 = t.tensor(state2.type(), Shapes.batchOne(state2));
            Tensor out = t.tensor(outputs.type(), 1, 1, 1, logits);
            IoBinding ab = t.binding(bind(frame, target, length, a1, a2, b1, b2, out));
            IoBinding ba = t.binding(bind(frame, target, length, b1, b2, a1, a2, out));
            return new FusedSteps(t, frame, target, out, ab, ba, a1, a2);
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
    }

    private IoBinding bind(Tensor frame, Tensor target, Tensor length, Tensor in1, Tensor in2, Tensor out1, Tensor out2,
                           Tensor out) {
        return session.createIoBinding().bindInput("encoder_outputs", frame).bindInput("targets", target)
                .bindInput("target_length", length).bindInput("input_states_1", in1).bindInput("input_states_2", in2)
                .bindOutput("outputs", out).bindOutput("output_states_1", out1).bindOutput("output_states_2", out2);
    }

    /** One fused decoder+joint run per step. */
    private static final class FusedSteps extends BoundSteps {
        FusedSteps(StepTensors tensors, Tensor frame, Tensor target, Tensor out, IoBinding current, IoBinding other,
                   Tensor... currentState) {
            super(tensors, frame, target, out, current, other, currentState);
        }

        @Override
        public void run() {
            run(current);
        }

        @Override
        public void emit(int token) {
            setTarget(token);
            // The last run wrote the new state into the other buffers: read from them from now on.
            swapStates();
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
