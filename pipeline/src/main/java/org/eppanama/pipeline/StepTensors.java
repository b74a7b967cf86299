package org.eppanama.pipeline;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import org.eppanama.runtime.ElementType;
import org.eppanama.runtime.IoBinding;
import org.eppanama.runtime.Tensor;

/**
 * The tensors and bindings one utterance's decoding reuses at every step: zero-filled memory from the
 * utterance's arena, each wrapped once in a tensor; closing releases them all (the arena frees the memory).
 */
final class StepTensors implements AutoCloseable {
    private final Arena arena;
    private final List<Tensor> tensors = new ArrayList<>();
    private final List<IoBinding> bindings = new ArrayList<>();

    StepTensors(Arena arena) {
        this.arena = arena;
    }

    Tensor tensor(ElementType type, long... shape) {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        Tensor t = Tensor.wrap(arena.allocate(type.byteSize(count), 8), type, shape);
        tensors.add(t);
        return t;
    }

    IoBinding binding(IoBinding b) {
        bindings.add(b);
        return b;
    }

    @Override
    public void close() {
        // Bindings first: they hold references to the tensors bound to them.
        bindings.forEach(IoBinding::close);
        tensors.forEach(Tensor::close);
        bindings.clear();
        tensors.clear();
    }
}
