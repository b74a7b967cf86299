package org.eppanama.pipeline;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/** Deterministic test audio. */
final class Signals {
    private Signals() {
    }

    static Waveform waveform(float[] samples, int rate, Arena arena) {
        return new Waveform(arena.allocateFrom(ValueLayout.JAVA_FLOAT, samples), rate);
    }

    static float[] sine(double hz, double amplitude, int rate, int n) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    /** Gaussian noise of the given RMS from a fixed seed. */
    static float[] noise(double rms, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (rms * gaussian(r));
        }
        return s;
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** Something speech-like for feature comparisons: gliding harmonics, syllable-rate envelope, noise. */
    static float[] babble(int rate, int n, long seed) {
        float[] noise = noise(0.01, n, seed);
        float[] s = new float[n];
        double phase = 0;
        for (int i = 0; i < n; i++) {
            double t = (double) i / rate;
            double f0 = 120 + 40 * Math.sin(2 * Math.PI * 0.7 * t);
            phase += 2 * Math.PI * f0 / rate;
            double env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
            double v = 0;
            for (int h = 1; h <= 20; h++) {
                v += Math.sin(h * phase) / h;
            }
            s[i] = (float) (0.1 * env * v) + noise[i];
        }
        return s;
    }

    static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static float[] toArray(MemorySegment samples) {
        return samples.toArray(ValueLayout.JAVA_FLOAT);
    }
}
