package org.eppanama.pipeline;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/** Runs an encoder over the windows of a {@link ChunkPlan} and concatenates what each window adds. */
final class ChunkStitcher {
    private ChunkStitcher() {
    }

    /** The stitched encoding of {@code features}, allocated in {@code arena}. */
    static EncoderFrames encode(Encoder encoder, Features features, ChunkPlan plan, Arena arena) {
        List<ChunkPlan.Chunk> chunks = plan.chunks(features);
        MemorySegment out = null;
        int capacity = 0;
        int dim = 0;
        int at = 0;
        for (ChunkPlan.Chunk c : chunks) {
            EncodedWindow w = encoder.encode(features, c.start(), c.length());
            if (out == null) {
                dim = w.dim();
                // One frame per `subsampling` feature frames, rounded up per window: an upper bound whatever
                // the encoder's length formula rounds to.
                for (ChunkPlan.Chunk k : chunks) {
                    capacity += (k.length() + plan.subsampling() - 1) / plan.subsampling() - k.drop();
                }
                out = arena.allocate(ValueLayout.JAVA_FLOAT, (long) capacity * dim);
            } else if (w.dim() != dim) {
                throw new IllegalStateException("the encoder gave " + w.dim() + " channels after " + dim);
            }
            int keep = w.frames() - c.drop();
            if (keep < 0 || at + keep > capacity) {
                throw new IllegalStateException("the encoder gave " + w.frames() + " frames for a window of " + c.length()
                        + " feature frames (subsampling " + plan.subsampling() + ", dropping " + c.drop() + ")");
            }
            w.copyFrames(c.drop(), keep, out, at);
            at += keep;
        }
        return new EncoderFrames(out.asSlice(0, (long) at * dim * Float.BYTES), at, dim);
    }
}
