package org.eppanama.pipeline;

/**
 * Where a transcription's time went, in nanoseconds: reading (and resampling) the audio, features, the encoder
 * over all windows, TDT decoding, and text; with the window count and joint steps.
 */
public record StageTimings(long audioNanos, long preprocessNanos, long encodeNanos, long decodeNanos, long textNanos,
                           int windows, int decoderSteps) {
    public long totalNanos() {
        return audioNanos + preprocessNanos + encodeNanos + decodeNanos + textNanos;
    }

    @Override
    public String toString() {
        return String.format("audio %.1f ms, preprocess %.1f ms, encode %.1f ms (%d window%s), decode %.1f ms (%d steps),"
                        + " text %.2f ms, total %.1f ms", ms(audioNanos), ms(preprocessNanos), ms(encodeNanos), windows,
                windows == 1 ? "" : "s", ms(decodeNanos), decoderSteps, ms(textNanos), ms(totalNanos()));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
