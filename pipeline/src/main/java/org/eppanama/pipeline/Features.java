package org.eppanama.pipeline;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * Log-mel features as NeMo's preprocessor gives them: {@code bins} rows of {@code frames} floats, row-major
 * (the layout of a {@code [1, bins, frames]} tensor). Frames from {@code validFrames} on are padding (zero).
 */
public record Features(MemorySegment data, int bins, int frames, int validFrames) {
    public Features {
        Objects.requireNonNull(data, "data");
        if (bins <= 0 || frames < 0 || validFrames < 0 || validFrames > frames) {
            throw new IllegalArgumentException("bad feature dimensions: " + bins + " bins, " + frames + " frames, "
                    + validFrames + " valid");
        }
        if (data.byteSize() != (long) bins * frames * Float.BYTES) {
            throw new IllegalArgumentException("feature segment of " + data.byteSize() + " bytes does not hold " + bins
                    + " x " + frames + " floats");
        }
    }

    public float get(int bin, int frame) {
        return data.getAtIndex(ValueLayout.JAVA_FLOAT, (long) bin * frames + frame);
    }
}
