package org.eppanama.runtime;

import static org.eppanama.bindings.ort.OnnxRuntime.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * What one Run needs besides its tensors: the four native pointer arrays it passes (input names and
 * values, output names and values) and the objects it holds open. Kept per thread and reused, so a
 * steady-state run allocates neither native nor heap memory. The arrays grow when a run needs more
 * slots and are never cleared: a caller writes every slot it passes, NULL included.
 */
final class RunBuffers {
    private static final ThreadLocal<RunBuffers> PER_THREAD = ThreadLocal.withInitial(RunBuffers::new);

    private MemorySegment inNames = MemorySegment.NULL;
    private MemorySegment inValues = MemorySegment.NULL;
    private MemorySegment outNames = MemorySegment.NULL;
    private MemorySegment outValues = MemorySegment.NULL;
    private NativeObject[] held = new NativeObject[8];
    private int heldCount;
    private boolean inUse;

    private RunBuffers() {
    }

    /**
     * This thread's buffers, with room for the given counts; {@link #releaseAll()} gives them back. A run
     * started while they are taken (from inside a log callback of another run) gets buffers of its own.
     */
    static RunBuffers acquire(int inputs, int outputs) {
        RunBuffers b = PER_THREAD.get();
        if (b.inUse) {
            b = new RunBuffers();
        }
        b.inUse = true;
        if (slots(b.inNames) < inputs) {
            b.inNames = pointers(inputs);
            b.inValues = pointers(inputs);
        }
        if (slots(b.outNames) < outputs) {
            b.outNames = pointers(outputs);
            b.outValues = pointers(outputs);
        }
        return b;
    }

    private static long slots(MemorySegment array) {
        return array.byteSize() / C_POINTER.byteSize();
    }

    /** Freed by the GC once the thread's buffers outgrow it or the thread ends. */
    private static MemorySegment pointers(int count) {
        return Arena.ofAuto().allocate(C_POINTER, Math.max(1, count));
    }

    MemorySegment inNames() {
        return inNames;
    }

    MemorySegment inValues() {
        return inValues;
    }

    MemorySegment outNames() {
        return outNames;
    }

    MemorySegment outValues() {
        return outValues;
    }

    /** Records an object the run retained; {@link #releaseAll()} releases it. */
    void hold(NativeObject o) {
        if (heldCount == held.length) {
            held = Arrays.copyOf(held, held.length * 2);
        }
        held[heldCount++] = o;
    }

    /** Releases every held object and gives the buffers back to the thread. */
    void releaseAll() {
        try {
            for (int i = 0; i < heldCount; i++) {
                held[i].release();
            }
        } finally {
            // Dropped so a finished run keeps no tensor reachable from the thread.
            Arrays.fill(held, 0, heldCount, null);
            heldCount = 0;
            inUse = false;
        }
    }
}
