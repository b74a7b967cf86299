package org.eppanama.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * How an utterance's features are cut into encoder windows: {@code window} feature frames each, every window
 * after the first starting {@code window - overlap} frames after the one before. Of each later window the
 * leading {@code overlap / subsampling} encoder frames, which the previous window already encoded, are
 * dropped, so the stitched encoding has exactly one frame per {@code subsampling} feature frames. Window and
 * overlap are multiples of {@code subsampling} so that seams fall on encoder frame boundaries.
 */
public record ChunkPlan(int window, int overlap, int subsampling) {
    /** Feature frames per second (NeMo's 10 ms hop). */
    public static final int FRAMES_PER_SECOND = NemoMelSpectrogram.SAMPLE_RATE / NemoMelSpectrogram.HOP;

    public ChunkPlan {
        if (subsampling <= 0) {
            throw new IllegalArgumentException("subsampling must be positive, got " + subsampling);
        }
        if (window <= 0 || window % subsampling != 0) {
            throw new IllegalArgumentException("window of " + window + " feature frames must be a positive multiple of the"
                    + " subsampling factor " + subsampling);
        }
        if (overlap < 0 || overlap >= window || overlap % subsampling != 0) {
            throw new IllegalArgumentException("overlap of " + overlap + " feature frames must be a multiple of "
                    + subsampling + " in [0, " + window + ")");
        }
    }

    /** A plan from seconds, each rounded down to whole encoder frames. */
    public static ChunkPlan ofSeconds(double windowSeconds, double overlapSeconds, int subsampling) {
        return new ChunkPlan(frames(windowSeconds, subsampling), frames(overlapSeconds, subsampling), subsampling);
    }

    private static int frames(double seconds, int subsampling) {
        int f = (int) Math.floor(seconds * FRAMES_PER_SECOND + 1e-9);
        return f / subsampling * subsampling;
    }

    /**
     * One window: feature frames {@code [start, start + length)}, of whose encoding the first {@code drop}
     * frames are dropped.
     */
    public record Chunk(int start, int length, int drop) {
    }

    /**
     * The windows for {@code features}. An utterance whose valid frames fit one window is one chunk of all its
     * frames (padding frame included, as NeMo feeds it); longer ones are cut over the valid frames.
     */
    public List<Chunk> chunks(Features features) {
        int valid = features.validFrames();
        if (valid <= window) {
            return List.of(new Chunk(0, features.frames(), 0));
        }
        List<Chunk> chunks = new ArrayList<>();
        int stride = window - overlap;
        for (int start = 0; ; start += stride) {
            chunks.add(new Chunk(start, Math.min(window, valid - start), start == 0 ? 0 : overlap / subsampling));
            if (start + window >= valid) {
                return chunks;
            }
        }
    }

    public double windowSeconds() {
        return (double) window / FRAMES_PER_SECOND;
    }

    public double overlapSeconds() {
        return (double) overlap / FRAMES_PER_SECOND;
    }
}
