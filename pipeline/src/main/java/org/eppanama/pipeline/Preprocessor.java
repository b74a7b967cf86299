package org.eppanama.pipeline;

import java.lang.foreign.Arena;

/** Turns 16 kHz mono audio into the encoder's features. */
public interface Preprocessor extends AutoCloseable {
    /** Mel bins per frame. */
    int bins();

    /** Features of {@code audio} (16 kHz), allocated in {@code arena}. */
    Features compute(Waveform audio, Arena arena);

    @Override
    void close();
}
