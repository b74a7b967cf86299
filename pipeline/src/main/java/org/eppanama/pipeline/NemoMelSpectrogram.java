package org.eppanama.pipeline;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * NeMo's {@code AudioToMelSpectrogramPreprocessor} at inference, in Java: pre-emphasis 0.97; frames centred
 * every 160 samples (zero padding of n_fft/2 at both ends); a symmetric 400-sample Hann window in a 512-point
 * FFT; power spectrum; Slaney mel filters over 0..8000 Hz; {@code log(x + 2^-24)}; then, unless disabled,
 * per-feature normalization: each band minus its mean over the valid frames, divided by its standard
 * deviation (n - 1) plus 1e-5. Frames: {@code 1 + n/160}, of which {@code n/160} are valid; the last is zero.
 */
public final class NemoMelSpectrogram implements Preprocessor {
    public static final int SAMPLE_RATE = 16_000;
    public static final int HOP = 160;
    public static final int WINDOW = 400;
    public static final int N_FFT = 512;
    static final double PREEMPHASIS = 0.97;
    static final double LOG_GUARD = Math.scalb(1.0, -24);
    static final double STD_GUARD = 1e-5;
    /** Frames whose samples are pre-emphasized in one go. */
    private static final int BLOCK = 64;

    private final int bins;
    private final boolean normalize;
    private final MelFilterBank filters;
    private final double[] window;

    /** {@code bins} mel bands (128 for Parakeet); {@code normalize}: per-feature normalization (NeMo's "per_feature"). */
    public NemoMelSpectrogram(int bins, boolean normalize) {
        if (bins <= 0) {
            throw new IllegalArgumentException("mel bins must be positive, got " + bins);
        }
        this.bins = bins;
        this.normalize = normalize;
        this.filters = MelFilterBank.slaney(SAMPLE_RATE, N_FFT, bins, 0, SAMPLE_RATE / 2.0);
        this.window = hann(WINDOW);
    }

    /** The symmetric Hann window NeMo uses ({@code torch.hann_window(n, periodic=False)}). */
    static double[] hann(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
        }
        return w;
    }

    public MelFilterBank filters() {
        return filters;
    }

    @Override
    public int bins() {
        return bins;
    }

    @Override
    public Features compute(Waveform audio, Arena arena) {
        if (audio.sampleRate() != SAMPLE_RATE) {
            throw new AudioException("the NeMo preprocessor takes " + SAMPLE_RATE + " Hz audio, got " + audio.sampleRate()
                    + " Hz: resample first (Resampler.resample)");
        }
        long n = audio.length();
        long frameCount = 1 + n / HOP;
        if ((long) bins * frameCount > Integer.MAX_VALUE) {
            throw new AudioException("audio of " + audio.seconds() + " s is too long for one feature matrix");
        }
        int frames = (int) frameCount;
        int valid = (int) (n / HOP);
        MemorySegment out = arena.allocate(ValueLayout.JAVA_FLOAT, (long) bins * frames);
        PowerSpectrum fft = new PowerSpectrum(N_FFT);
        double[] frame = new double[N_FFT];
        double[] power = new double[N_FFT / 2 + 1];
        // The pre-emphasized samples that BLOCK frames read, zero outside the audio: the frame loop then has no
        // edge cases (a per-sample bounds branch that only the first and last frames take makes the JIT
        // deoptimize and recompile this method at every utterance).
        double[] emphasized = new double[(BLOCK - 1) * HOP + WINDOW];
        for (int t = 0; t < frames; t++) {
            int inBlock = t % BLOCK;
            if (inBlock == 0) {
                int count = Math.min(BLOCK, frames - t);
                emphasize(audio, n, (long) t * HOP - WINDOW / 2, (count - 1) * HOP + WINDOW, emphasized);
            }
            // The 400-sample window sits in the middle of the 512-point frame; where in the FFT buffer it
            // lands only changes the phase, not the power, so it is placed at the start.
            int offset = inBlock * HOP;
            for (int i = 0; i < WINDOW; i++) {
                frame[i] = emphasized[offset + i] * window[i];
            }
            fft.compute(frame, power);
            for (int b = 0; b < bins; b++) {
                out.setAtIndex(ValueLayout.JAVA_FLOAT, (long) b * frames + t,
                        (float) Math.log(filters.apply(b, power) + LOG_GUARD));
            }
        }
        if (normalize) {
            normalize(out, frames, valid);
        }
        for (int b = 0; b < bins; b++) {
            // NeMo sets the frames past the valid length to its pad value, 0.
            out.asSlice(((long) b * frames + valid) * Float.BYTES, (long) (frames - valid) * Float.BYTES).fill((byte) 0);
        }
        return new Features(out, bins, frames, valid);
    }

    /**
     * {@code out[j]} = the pre-emphasized sample {@code from + j} ({@code x[i] - 0.97 x[i-1]}, the first sample as
     * it is), 0 outside the audio, for j in {@code [0, length)}.
     */
    private static void emphasize(Waveform audio, long n, long from, int length, double[] out) {
        long lo = Math.max(from, 0);
        long hi = Math.min(from + length, n);
        int a = (int) (lo - from);
        int b = (int) Math.max(hi - from, a);
        Arrays.fill(out, 0, a, 0);
        double previous = lo == 0 || lo >= n ? 0 : audio.get(lo - 1);
        long i = lo;
        for (int j = a; j < b; j++, i++) {
            double x = audio.get(i);
            out[j] = x - PREEMPHASIS * previous;
            previous = x;
        }
        Arrays.fill(out, b, length, 0);
    }

    private void normalize(MemorySegment out, int frames, int valid) {
        if (valid < 2) {
            throw new AudioException("per-feature normalization needs at least 2 frames (" + 2 * HOP
                    + " samples), got " + valid);
        }
        for (int b = 0; b < bins; b++) {
            long row = (long) b * frames;
            double sum = 0;
            for (int t = 0; t < valid; t++) {
                sum += out.getAtIndex(ValueLayout.JAVA_FLOAT, row + t);
            }
            double mean = sum / valid;
            double squares = 0;
            for (int t = 0; t < valid; t++) {
                double d = out.getAtIndex(ValueLayout.JAVA_FLOAT, row + t) - mean;
                squares += d * d;
            }
            double scale = 1 / (Math.sqrt(squares / (valid - 1)) + STD_GUARD);
            for (int t = 0; t < valid; t++) {
                out.setAtIndex(ValueLayout.JAVA_FLOAT, row + t, (float) ((out.getAtIndex(ValueLayout.JAVA_FLOAT, row + t) - mean) * scale));
            }
        }
    }

    @Override
    public void close() {
        // Nothing native to release.
    }
}
