package org.eppanama.pipeline;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * Mono audio: float samples (nominally in [-1, 1]) at {@code sampleRate}, in a segment the caller owns.
 * The pipeline reads 16 kHz audio in place when the segment is native and float-aligned, and copies it
 * otherwise.
 */
public record Waveform(MemorySegment samples, int sampleRate) {
    /** Samples in native byte order, as ONNX Runtime reads tensor memory; unaligned, so any segment will do. */
    static final ValueLayout.OfFloat SAMPLE = ValueLayout.JAVA_FLOAT_UNALIGNED;

    public Waveform {
        Objects.requireNonNull(samples, "samples");
        if (samples.byteSize() % Float.BYTES != 0) {
            throw new AudioException("a waveform segment holds 4-byte float samples, but it is " + samples.byteSize()
                    + " bytes long: pass a segment of length 4 * sampleCount");
        }
        if (sampleRate <= 0) {
            throw new AudioException("sample rate must be positive, got " + sampleRate);
        }
    }

    /** Number of samples. */
    public long length() {
        return samples.byteSize() / Float.BYTES;
    }

    public double seconds() {
        return (double) length() / sampleRate;
    }

    public float get(long index) {
        return samples.getAtIndex(SAMPLE, index);
    }

    /** Largest absolute sample value. */
    public float peak() {
        float peak = 0;
        for (long i = 0, n = length(); i < n; i++) {
            peak = Math.max(peak, Math.abs(get(i)));
        }
        return peak;
    }
}
