package org.eppanama.pipeline;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.eppanama.runtime.ElementType;

/**
 * Greedy Token-and-Duration Transducer decoding (NeMo's, as onnx-asr runs it). At frame t the joint gives
 * token logits and duration logits; the best token, unless blank, is emitted at t and becomes the previous
 * token (its LSTM state is kept; a blank's is discarded); the frame pointer then advances by the best
 * duration, or, for a duration of 0, stays, unless the token was blank or this frame already emitted
 * {@code maxSymbolsPerFrame} tokens, in which case it advances by one.
 */
public final class TdtDecoder implements AutoCloseable {
    private final TransducerNet net;
    private final Vocabulary vocabulary;
    private final int[] durations;
    private final int maxSymbolsPerFrame;
    /**
     * Emitted token ids and their frames, kept across utterances and grown only when one emits more than any
     * before it, so the step loop allocates nothing once the buffers have reached their working size.
     */
    private int[] tokens = new int[256];
    private int[] at = new int[256];
    /** The joint's buffers and bindings, made at the first decoding in a shared arena and reused by every one after. */
    private Arena jointArena;
    private TransducerNet.Steps joint;

    /** The result: token ids, the encoder frame of each, and how many joint steps it took. */
    public record Result(int[] tokens, int[] frames, int steps) {
    }

    /**
     * @param durations the frame advance of each duration logit, in order (Parakeet-TDT: 0, 1, 2, 3, 4)
     */
    TdtDecoder(TransducerNet net, Vocabulary vocabulary, int[] durations, int maxSymbolsPerFrame, String what) {
        if (maxSymbolsPerFrame < 1) {
            throw new IllegalArgumentException("max symbols per frame must be at least 1, got " + maxSymbolsPerFrame);
        }
        if (durations.length == 0) {
            throw new IllegalArgumentException("a TDT model has at least one duration");
        }
        if (net.logits() != vocabulary.size() + durations.length) {
            throw new ModelFolderException(what + " gives " + net.logits() + " logits per step, but the vocabulary has "
                    + vocabulary.size() + " tokens (blank included) and the model " + durations.length + " durations "
                    + Arrays.toString(durations) + ", which make " + (vocabulary.size() + durations.length)
                    + ": the vocabulary file does not belong to this decoder");
        }
        this.net = net;
        this.vocabulary = vocabulary;
        this.durations = durations.clone();
        this.maxSymbolsPerFrame = maxSymbolsPerFrame;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** Channels the decoder expects per encoder frame. */
    public int encoderDim() {
        return net.encoderDim();
    }

    /** Decodes an utterance; the buffers and bindings are the decoder's own, made at its first decoding. */
    public Result decode(EncoderFrames frames) {
        return decode(frames, null);
    }

    /**
     * Decodes an utterance, timing ONNX Runtime's runs and counting the step loop's allocations with
     * {@code meter} (benchmarks); null measures nothing. Decodings of one decoder run one at a time.
     */
    public synchronized Result decode(EncoderFrames frames, DecoderMeter meter) {
        if (frames.dim() != net.encoderDim()) {
            throw new ModelFolderException("the encoder gives " + frames.dim() + " channels per frame but the decoder takes "
                    + net.encoderDim() + ": encoder and decoder are from different models");
        }
        int vocab = vocabulary.size();
        int blank = vocabulary.blank();
        int[] tokens = this.tokens;
        int[] at = this.at;
        int count = 0;
        int steps = 0;
        TransducerNet.Steps s = joint();
        s.meter(meter);
        try {
            s.reset(blank);
            MemorySegment logits = s.logits();
            ElementType logitType = s.logitType();
            int t = 0;
            int emittedHere = 0;
            int loaded = -1;
            if (meter != null) {
                meter.loopStarted();
            }
            while (t < frames.frames()) {
                if (loaded != t) {
                    load(frames, t, s);
                    loaded = t;
                }
                s.run();
                steps++;
                int token = argmax(logits, logitType, 0, vocab);
                int advance = durations[argmax(logits, logitType, vocab, durations.length) - vocab];
                if (token != blank) {
                    if (count == tokens.length) {
                        tokens = this.tokens = Arrays.copyOf(tokens, count * 2);
                        at = this.at = Arrays.copyOf(at, count * 2);
                    }
                    tokens[count] = token;
                    at[count++] = t;
                    emittedHere++;
                    s.emit(token);
                }
                if (advance > 0) {
                    t += advance;
                    emittedHere = 0;
                } else if (token == blank || emittedHere >= maxSymbolsPerFrame) {
                    t++;
                    emittedHere = 0;
                }
            }
            if (meter != null) {
                meter.loopEnded(steps);
            }
        } finally {
            s.meter(null);
        }
        return new Result(Arrays.copyOf(tokens, count), Arrays.copyOf(at, count), steps);
    }

    private TransducerNet.Steps joint() {
        if (joint == null) {
            Arena arena = Arena.ofShared();
            try {
                joint = net.start(arena);
            } catch (RuntimeException e) {
                arena.close();
                throw e;
            }
            jointArena = arena;
        }
        return joint;
    }

    private static void load(EncoderFrames frames, int t, TransducerNet.Steps s) {
        int dim = frames.dim();
        long from = (long) t * dim;
        MemorySegment dst = s.frame();
        if (s.frameType() == ElementType.FLOAT) {
            MemorySegment.copy(frames.data(), ValueLayout.JAVA_FLOAT, from * Float.BYTES, dst, ValueLayout.JAVA_FLOAT, 0, dim);
        } else {
            for (int c = 0; c < dim; c++) {
                FloatElements.set(dst, s.frameType(), c, frames.data().getAtIndex(ValueLayout.JAVA_FLOAT, from + c));
            }
        }
    }

    /** Index (from {@code from}) of the largest of {@code count} logits; the first on ties, as numpy's argmax. */
    private static int argmax(MemorySegment logits, ElementType type, int from, int count) {
        int best = from;
        float max = FloatElements.get(logits, type, from);
        for (int i = from + 1; i < from + count; i++) {
            float v = FloatElements.get(logits, type, i);
            if (v > max) {
                best = i;
                max = v;
            }
        }
        return best;
    }

    @Override
    public synchronized void close() {
        if (joint != null) {
            joint.close();
            jointArena.close();
            joint = null;
        }
        net.close();
    }
}
