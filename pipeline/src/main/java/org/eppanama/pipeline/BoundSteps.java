package org.eppanama.pipeline;

import java.lang.foreign.MemorySegment;
import org.eppanama.runtime.ElementType;
import org.eppanama.runtime.IoBinding;
import org.eppanama.runtime.Tensor;

/**
 * Decoder steps over tensors and bindings made once per decoder and reused by every utterance: the encoder
 * frame the joint reads, the previous token, the logits, and two state bindings that swap roles after each
 * emitted token (the state a run writes is the one the next run reads), so nothing is allocated or rebound
 * per step or per utterance.
 */
abstract class BoundSteps implements TransducerNet.Steps {
    private final StepTensors tensors;
    private final Tensor frame;
    private final Tensor out;
    private DecoderMeter meter;
    final Tensor target;
    /** The tensors' memory, asked for once: {@link Tensor#data()} is synchronized and makes a lambda per call. */
    private final MemorySegment frameData;
    private final MemorySegment logitsData;
    private final MemorySegment targetData;
    /** The state binding that reads the current state. */
    IoBinding current;
    /** The other state binding: it reads the state the current one writes. */
    IoBinding other;
    /** The bindings an utterance starts with, and the state memory the first of them reads. */
    private final IoBinding first;
    private final IoBinding second;
    private final MemorySegment[] firstState;

    /** {@code current} reads {@code currentState} at the start of an utterance. */
    BoundSteps(StepTensors tensors, Tensor frame, Tensor target, Tensor out, IoBinding current, IoBinding other,
               Tensor... currentState) {
        this.tensors = tensors;
        this.frame = frame;
        this.target = target;
        this.out = out;
        frameData = frame.data();
        logitsData = out.data();
        targetData = target.data();
        this.current = current;
        this.other = other;
        first = current;
        second = other;
        firstState = new MemorySegment[currentState.length];
        for (int i = 0; i < currentState.length; i++) {
            firstState[i] = currentState[i].data();
        }
    }

    @Override
    public void reset(int blank) {
        for (MemorySegment s : firstState) {
            s.fill((byte) 0);
        }
        current = first;
        other = second;
        setTarget(blank);
    }

    @Override
    public final void meter(DecoderMeter meter) {
        this.meter = meter;
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
