package org.eppanama.pipeline;

import java.lang.management.ManagementFactory;
import org.eppanama.runtime.IoBinding;

/**
 * Measures one decoding, for benchmarks: the time spent inside ONNX Runtime's runs ({@link IoBinding#run}, each
 * bracketed by {@link System#nanoTime()}), the time of the step loop, and the bytes the decoding thread allocated
 * on the Java heap during the loop. Handed to {@link TdtDecoder#decode(EncoderFrames, java.lang.foreign.Arena,
 * DecoderMeter)}; without one (the production path) the decoder only tests a field for null per run.
 * Not for concurrent use: one decoding at a time.
 */
public final class DecoderMeter {
    private static final com.sun.management.ThreadMXBean THREADS = threads();

    private long runNanos;
    private int runs;
    private long loopStart;
    private long loopNanos;
    private long bytesAtStart;
    private long loopBytes = -1;
    private int steps;

    private static com.sun.management.ThreadMXBean threads() {
        try {
            if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                    && t.isThreadAllocatedMemorySupported()) {
                t.setThreadAllocatedMemoryEnabled(true);
                return t;
            }
        } catch (RuntimeException | LinkageError e) {
            // No HotSpot management extension: allocation is then reported as unknown (-1).
        }
        return null;
    }

    /** Whether this JVM can count the bytes a thread allocates. */
    public static boolean countsAllocation() {
        return THREADS != null;
    }

    /** Bytes the current thread has allocated so far, or -1 when the JVM does not say. */
    public static long threadAllocatedBytes() {
        return THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Runs {@code binding}, adding the time inside the call to {@link #runNanos()}. */
    void run(IoBinding binding) {
        long t0 = System.nanoTime();
        binding.run(null);
        runNanos += System.nanoTime() - t0;
        runs++;
    }

    void loopStarted() {
        bytesAtStart = threadAllocatedBytes();
        loopStart = System.nanoTime();
    }

    void loopEnded(int steps) {
        loopNanos = System.nanoTime() - loopStart;
        long bytes = threadAllocatedBytes();
        loopBytes = bytes < 0 || bytesAtStart < 0 ? -1 : bytes - bytesAtStart;
        this.steps = steps;
    }

    /** Nanoseconds inside ONNX Runtime's runs (the joint's, and the prediction network's where it is separate). */
    public long runNanos() {
        return runNanos;
    }

    /** How many runs that was. */
    public int runs() {
        return runs;
    }

    /** Nanoseconds of the step loop (from the first step to the last; the per-utterance setup is outside). */
    public long loopNanos() {
        return loopNanos;
    }

    /** Heap bytes the decoding thread allocated in the step loop, or -1 when the JVM does not count them. */
    public long loopBytes() {
        return loopBytes;
    }

    /** Joint steps of the loop. */
    public int steps() {
        return steps;
    }

    @Override
    public String toString() {
        return String.format("%d steps, %d runs: %.2f ms inside ONNX Runtime of a %.2f ms loop, %d bytes allocated",
                steps, runs, runNanos / 1e6, loopNanos / 1e6, loopBytes);
    }
}
