package org.eppanama.pipeline;

/** A decoded token: its id and piece, the encoder frame it was emitted at, and that frame's start time. */
public record TimedToken(int id, String piece, int frame, double seconds) {
}
