package org.eppanama.pipeline;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Band-limited resampling by a rational factor L/M (polyphase, Kaiser-windowed sinc). The low-pass sits at
 * 95% of the lower Nyquist frequency, so content near 8 kHz is attenuated when going to 16 kHz, as any
 * resampler must.
 */
public final class Resampler {
    /** Rates the pipeline resamples from; outside these it asks for a conversion instead. */
    public static final int MIN_RATE = 8_000;
    public static final int MAX_RATE = 384_000;
    /** Zero crossings of the sinc on each side: with KAISER_BETA, stop-band attenuation is about 80 dB. */
    private static final int ZERO_CROSSINGS = 24;
    private static final double KAISER_BETA = 8.0;
    private static final double CUTOFF = 0.95;
    /** Polyphase tables above this many phases (very odd rate pairs) would cost more memory than the audio. */
    private static final int MAX_PHASES = 4096;

    private final int up;
    private final int down;
    private final int taps;
    /** phase p, tap k: weight of input sample (i - taps/2 + 1 + k) for output position i + p/up. */
    private final float[][] table;

    private Resampler(int from, int to) {
        int g = gcd(from, to);
        up = to / g;
        down = from / g;
        if (up > MAX_PHASES) {
            throw new AudioException("cannot resample " + from + " Hz to " + to + " Hz: the ratio " + up + "/" + down
                    + " has no small form; convert the audio to " + to + " Hz first (ffmpeg -ar " + to + ")");
        }
        double scale = Math.min(1.0, (double) up / down); // below 1 when decimating: widen the kernel
        double cutoff = CUTOFF * scale;
        double halfWidth = ZERO_CROSSINGS / scale;
        taps = 2 * (int) Math.ceil(halfWidth);
        table = new float[up][taps];
        double norm = besselI0(KAISER_BETA);
        for (int p = 0; p < up; p++) {
            double frac = (double) p / up;
            for (int k = 0; k < taps; k++) {
                double x = frac - (k - taps / 2 + 1); // distance from the output position to the input sample
                double w = Math.abs(x) >= halfWidth ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - sq(x / halfWidth))) / norm;
                table[p][k] = (float) (cutoff * sinc(cutoff * x) * w);
            }
        }
    }

    /** {@code in} at {@code rate}, in {@code arena}; {@code in} itself when it already has that rate. */
    public static Waveform resample(Waveform in, int rate, Arena arena) {
        if (in.sampleRate() == rate) {
            return in;
        }
        if (in.sampleRate() < MIN_RATE || in.sampleRate() > MAX_RATE) {
            throw new AudioException("sample rate " + in.sampleRate() + " Hz is outside the " + MIN_RATE + ".." + MAX_RATE
                    + " Hz this pipeline resamples; convert the audio to " + rate + " Hz first (ffmpeg -ar " + rate + ")");
        }
        return new Resampler(in.sampleRate(), rate).apply(in, rate, arena);
    }

    private Waveform apply(Waveform in, int rate, Arena arena) {
        long n = in.length();
        long outLength = (n * up + down - 1) / down;
        MemorySegment out = arena.allocate(ValueLayout.JAVA_FLOAT, outLength);
        int first = -taps / 2 + 1;
        for (long o = 0; o < outLength; o++) {
            long pos = o * down;
            long i = pos / up;
            float[] h = table[(int) (pos % up)];
            double acc = 0;
            long start = i + first;
            int k0 = (int) Math.max(0, -start);
            int k1 = (int) Math.min(taps, n - start);
            for (int k = k0; k < k1; k++) {
                acc += h[k] * in.get(start + k);
            }
            out.setAtIndex(ValueLayout.JAVA_FLOAT, o, (float) acc);
        }
        return new Waveform(out, rate);
    }

    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }

    private static double sq(double x) {
        return x * x;
    }

    /** Modified Bessel function of the first kind, order 0 (power series; converges fast for the betas used). */
    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        for (int k = 1; k < 50; k++) {
            term *= sq(x / (2 * k));
            sum += term;
            if (term < sum * 1e-12) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
