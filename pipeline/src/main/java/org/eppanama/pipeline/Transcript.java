package org.eppanama.pipeline;

import java.util.List;

/** What a transcription gives: the text, its tokens with times, the audio's length and the stage timings. */
public record Transcript(String text, List<TimedToken> tokens, double audioSeconds, StageTimings timings) {
    public Transcript {
        tokens = List.copyOf(tokens);
    }

    /** Processing time over audio time. */
    public double realTimeFactor() {
        return timings.totalNanos() / 1e9 / audioSeconds;
    }
}
