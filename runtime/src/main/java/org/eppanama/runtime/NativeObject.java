package org.eppanama.runtime;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One native handle with one owner. {@link #close()} is idempotent; after it, every use throws
 * {@link IllegalStateException} before reaching native code. Calls that may overlap a close on another
 * thread (a Run, a tensor bound into one) hold a reference with {@link #retain()} / {@link #release()},
 * so the handle is released only after the last of them returns.
 *
 * <p>Public, with protected members, so the bindings of other native runtimes (the OpenVINO layer in
 * {@code org.eppanama.openvino}) follow the same ownership rules with the same code.
 */
public abstract class NativeObject implements AutoCloseable {
    private final String kind;
    private final MemorySegment handle;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    protected NativeObject(String kind, MemorySegment handle) {
        this.kind = kind;
        this.handle = handle;
    }

    /** The raw handle, for a call on the owner's thread; throws if closed. */
    protected final MemorySegment handle() {
        if (closed.get()) {
            throw closedError();
        }
        return handle;
    }

    /** Holds the handle open across a call that another thread's close must not cut short. */
    protected final MemorySegment retain() {
        for (;;) {
            int r = refs.get();
            if (r <= 0 || closed.get()) {
                throw closedError();
            }
            if (refs.compareAndSet(r, r + 1)) {
                return handle;
            }
        }
    }

    protected final void release() {
        if (refs.decrementAndGet() == 0) {
            free(handle);
        }
    }

    public final boolean isClosed() {
        return closed.get();
    }

    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            onClose();
            release();
        }
    }

    /** Runs once, on close, before the handle is released (e.g. to drop references it holds). */
    protected void onClose() {
    }

    /** Releases the native handle; called exactly once. */
    protected abstract void free(MemorySegment handle);

    private IllegalStateException closedError() {
        return new IllegalStateException(kind + " is closed");
    }
}
