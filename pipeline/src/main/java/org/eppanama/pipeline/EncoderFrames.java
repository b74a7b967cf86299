package org.eppanama.pipeline;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** An utterance's encoding, stitched from its windows: {@code frames} rows of {@code dim} floats. */
public record EncoderFrames(MemorySegment data, int frames, int dim) {
    public EncoderFrames {
        Objects.requireNonNull(data, "data");
        if (data.byteSize() != (long) frames * dim * Float.BYTES) {
            throw new IllegalArgumentException(data.byteSize() + " bytes do not hold " + frames + " x " + dim + " floats");
        }
    }

    /** Row {@code t}, a view. */
    public MemorySegment frame(int t) {
        return data.asSlice((long) t * dim * Float.BYTES, (long) dim * Float.BYTES);
    }
}
