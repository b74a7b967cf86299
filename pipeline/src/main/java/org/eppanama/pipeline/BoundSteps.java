package org.eppanama.pipeline;

import java.lang.foreign.MemorySegment;
import org.eppanama.runtime.ElementType;
import org.eppanama.runtime.IoBinding;
import org.eppanama.runtime.Tensor;

/**
 * Decoder steps over tensors and bindings made once per utterance: the encoder frame the joint reads, the
 * previous token, the logits, and two state bindings that swap roles after each emitted token (the state a
 * run writes is the one the next run reads), so nothing is allocated or rebound per step.
 */
abstract class BoundSteps implements TransducerNet.Steps {
    private final StepTensors tensors;
    private final Tensor frame;
    private final Tensor out;
    private final DecoderMeter meter;
    final Tensor target;
    /** The tensors' memory, asked for once: {@link Tensor#data()} is synchronized and makes a lambda per call. */
    private final MemorySegment frameData;
    private final MemorySegment logitsData;
    private final MemorySegment targetData;
    /** The state binding that reads the current state. */
    IoBinding current;
    /** The other state binding: it reads the state the current one writes. */
    IoBinding other;

    BoundSteps(StepTensors tensors, Tensor frame, Tensor target, Tensor out, IoBinding current, IoBinding other,
               DecoderMeter meter) {
        this.tensors = tensors;
        this.meter = meter;
        this.frame = frame;
        this.target = target;
        this.out = out;
        frameData = frame.data();
        logitsData = out.data();
        targetData = target.data();
        this.current = current;
        this.other = other;
    }

    /** Runs {@code binding}, through the meter when there is one. */
    final void run(IoBinding binding) {
        if (meter == null) {
            binding.run(null);
        } else {
            meter.run(binding);
        }
    }

    /** Swaps the state bindings: the state the last run wrote becomes current. */
    final void swapStates() {
        IoBinding t = current;
        current = other;
        other = t;
    }

    /** Writes the previous-token input. */
    final void setTarget(int token) {
        FloatElements.setInteger(targetData, target.type(), token);
    }

    @Override
    public final MemorySegment frame() {
        return frameData;
    }

    @Override
    public final ElementType frameType() {
        return frame.type();
    }

    @Override
    public final MemorySegment logits() {
        return logitsData;
    }

    @Override
    public final ElementType logitType() {
        return out.type();
    }

    @Override
    public final void close() {
        tensors.close();
    }
}
