package org.eppanama.repro;

/**
 * The SplitMix64 generator (Steele, Lea, Flood 2014): tiny, and as easy to write in C, so the emitted C
 * program fills "random" inputs with exactly the bytes the JVM run used.
 */
final class SplitMix64 {
    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    long next() {
        long z = state += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
