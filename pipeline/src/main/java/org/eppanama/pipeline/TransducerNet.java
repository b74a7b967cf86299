package org.eppanama.pipeline;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.eppanama.runtime.ElementType;

/**
 * A transducer's prediction network and joint as one step function: encoder frame, previous token and
 * LSTM state in; token logits (vocabulary, blank included), then duration logits, out. Implemented over
 * onnx-asr's fused {@code decoder_joint} model ({@link FusedDecoderJoint}) and sherpa-onnx's separate
 * decoder and joiner ({@link SplitDecoderJoint}).
 */
interface TransducerNet extends AutoCloseable {
    /** Channels of one encoder frame. */
    int encoderDim();

    /** Logits per step: vocabulary (blank included) then durations. */
    int logits();

    /**
     * Buffers and bindings made once, in {@code arena}, and reused for every step of every utterance;
     * {@link Steps#reset(int)} starts an utterance.
     */
    Steps start(Arena arena);

    @Override
    void close();

    /** The decoding state, one utterance at a time. Not for concurrent use. */
    interface Steps extends AutoCloseable {
        /** Starts an utterance: zero LSTM state, {@code blank} the previous token. */
        void reset(int blank);

        /** Times every ONNX Runtime run with {@code meter} from now on (benchmarks); null: no timing. */
        void meter(DecoderMeter meter);

        /** Where the current encoder frame goes before {@link #run()}: {@link #encoderDim()} elements of {@link #frameType()}. */
        MemorySegment frame();

        ElementType frameType();

        /** Runs the joint on the current frame, previous token and state. */
        void run();

        /** The logits of the last run, {@link #logits()} elements of {@link #logitType()}. */
        MemorySegment logits();

        ElementType logitType();

        /** Makes {@code token} the previous token and keeps the state the prediction network gave for it. */
        void emit(int token);

        @Override
        void close();
    }
}
