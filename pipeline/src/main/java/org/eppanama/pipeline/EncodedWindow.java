package org.eppanama.pipeline;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import org.eppanama.runtime.ElementType;

/**
 * An encoder's output as NeMo encoders give it, channel-major: {@code dim} rows of {@code capacity} frames
 * (a {@code [1, dim, capacity]} tensor) of which the first {@code frames} are real.
 */
public record EncodedWindow(MemorySegment data, ElementType type, int dim, int capacity, int frames) {
    public EncodedWindow {
        Objects.requireNonNull(data, "data");
        FloatElements.requireFloat(type, "encoder output");
        if (frames < 0 || frames > capacity || data.byteSize() != type.byteSize((long) dim * capacity)) {
            throw new IllegalArgumentException("encoder output of " + data.byteSize() + " bytes does not hold " + dim + " x "
                    + capacity + " " + type + " with " + frames + " real frames");
        }
    }

    /** Copies frames {@code [from, from + count)} as FLOAT rows of {@code dim} into {@code dst} from row {@code dstFrame}. */
    void copyFrames(int from, int count, MemorySegment dst, long dstFrame) {
        for (int t = 0; t < count; t++) {
            long row = (dstFrame + t) * dim;
            for (int c = 0; c < dim; c++) {
                dst.setAtIndex(ValueLayout.JAVA_FLOAT, row + c, FloatElements.get(data, type, (long) c * capacity + from + t));
            }
        }
    }
}
