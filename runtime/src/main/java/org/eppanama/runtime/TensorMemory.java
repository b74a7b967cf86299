package org.eppanama.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The memory behind a tensor of any native runtime: either the caller's segment, handed over without a copy,
 * or memory the runtime owns, read through a view that dies with the tensor (any access after
 * {@link #close()} throws instead of touching freed memory).
 */
public final class TensorMemory {
    private final MemorySegment callerData;
    private Arena viewArena;
    private MemorySegment view;

    private TensorMemory(MemorySegment callerData) {
        this.callerData = callerData;
    }

    /**
     * The caller's {@code data} for a tensor of {@code type} and {@code shape}, checked first: a native segment
     * (native code cannot read the Java heap without a copy) of exactly the tensor's byte size, aligned to its
     * element size. {@code wrapper} names the call in messages, e.g. "Tensor.wrap".
     */
    public static TensorMemory ofCaller(MemorySegment data, ElementType type, long[] shape, String wrapper) {
        long bytes = type.byteSize(Tensor.elementCount(shape));
        if (!data.isNative()) {
            throw new IllegalArgumentException(wrapper + " needs a native segment (from an Arena), not a heap segment:"
                    + " native code cannot read Java heap arrays without a copy; allocate the data with arena.allocate(...)");
        }
        if (data.byteSize() != bytes) {
            throw new IllegalArgumentException("segment of " + data.byteSize() + " bytes does not match " + type
                    + Arrays.toString(shape) + ", which takes " + bytes + " bytes"
                    + (data.byteSize() > bytes ? "; pass segment.asSlice(0, " + bytes + ")" : ""));
        }
        // A complex element is two floating-point parts; each part's alignment is what the hardware needs.
        int parts = type == ElementType.COMPLEX64 || type == ElementType.COMPLEX128 ? 2 : 1;
        long align = Math.max(1, Math.min(8, type.bits() / 8 / parts));
        if (data.address() % align != 0) {
            throw new IllegalArgumentException("segment at 0x" + Long.toHexString(data.address()) + " is not aligned to "
                    + align + " bytes, as " + type + " elements need: allocate with arena.allocate(size, " + align + ")");
        }
        return new TensorMemory(data);
    }

    /** Memory the native runtime allocated and owns. */
    public static TensorMemory ofRuntime() {
        return new TensorMemory(null);
    }

    public boolean isCallerOwned() {
        return callerData != null;
    }

    /**
     * The data: the caller's segment, or a view of {@code byteSize} bytes over the runtime's memory at the
     * address {@code rawData} returns (asked once), valid until {@link #close()}.
     */
    public synchronized MemorySegment data(Supplier<MemorySegment> rawData, long byteSize) {
        if (callerData != null) {
            return callerData;
        }
        if (view == null) {
            viewArena = Arena.ofShared();
            view = rawData.get().reinterpret(byteSize, viewArena, null);
        }
        return view;
    }

    /** Throws if the caller's memory was freed while the tensor is still in use by {@code user}. */
    public void checkAlive(String name, String user) {
        if (callerData != null && !callerData.scope().isAlive()) {
            throw new IllegalStateException("the memory of tensor '" + name + "' was freed (its arena is closed)"
                    + " while " + user + " still uses it; keep the arena open until the tensor is closed");
        }
    }

    /** Ends the view over the runtime's memory, before that memory is released. */
    public synchronized void close() {
        if (viewArena != null) {
            viewArena.close();
        }
    }
}
