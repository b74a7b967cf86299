package org.eppanama.pipeline;

/**
 * Triangular mel filters on the Slaney scale (linear below 1 kHz, logarithmic above) with Slaney area
 * normalization: the filter bank librosa builds by default and NeMo's preprocessor uses.
 */
public final class MelFilterBank {
    private static final double LINEAR_HZ_PER_MEL = 200.0 / 3;
    private static final double LOG_START_HZ = 1000;
    private static final double LOG_START_MEL = LOG_START_HZ / LINEAR_HZ_PER_MEL;
    private static final double LOG_STEP = Math.log(6.4) / 27;

    /** weights[m][k]: weight of FFT bin k in band m. */
    private final float[][] weights;
    /** Per band, the first FFT bin with a non-zero weight and one past the last. */
    private final int[] first;
    private final int[] end;

    private MelFilterBank(float[][] weights, int[] first, int[] end) {
        this.weights = weights;
        this.first = first;
        this.end = end;
    }

    /** {@code bands} filters spanning {@code fMin..fMax} Hz over the bins of an {@code nFft}-point FFT at {@code sampleRate}. */
    public static MelFilterBank slaney(int sampleRate, int nFft, int bands, double fMin, double fMax) {
        int bins = nFft / 2 + 1;
        double[] edges = new double[bands + 2];
        double lo = hzToMel(fMin);
        double hi = hzToMel(fMax);
        for (int i = 0; i < edges.length; i++) {
            edges[i] = melToHz(lo + (hi - lo) * i / (bands + 1));
        }
        float[][] w = new float[bands][bins];
        int[] first = new int[bands];
        int[] end = new int[bands];
        for (int m = 0; m < bands; m++) {
            double norm = 2.0 / (edges[m + 2] - edges[m]);
            for (int k = 0; k < bins; k++) {
                double f = (double) k * sampleRate / nFft;
                double rising = (f - edges[m]) / (edges[m + 1] - edges[m]);
                double falling = (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1]);
                w[m][k] = (float) (Math.max(0, Math.min(rising, falling)) * norm);
            }
            int k = 0;
            while (k < bins && w[m][k] == 0) {
                k++;
            }
            first[m] = k;
            int e = bins;
            while (e > k && w[m][e - 1] == 0) {
                e--;
            }
            end[m] = e; // first == end for a band narrower than the FFT's bin spacing: it stays silent
        }
        return new MelFilterBank(w, first, end);
    }

    public int bands() {
        return weights.length;
    }

    /** FFT bins per band ({@code nFft/2 + 1}). */
    public int bins() {
        return weights[0].length;
    }

    public float weight(int band, int bin) {
        return weights[band][bin];
    }

    /** The band's energy from a power spectrum of {@link #bins()} values. */
    double apply(int band, double[] power) {
        float[] w = weights[band];
        double sum = 0;
        for (int k = first[band]; k < end[band]; k++) {
            sum += w[k] * power[k];
        }
        return sum;
    }

    static double hzToMel(double hz) {
        return hz < LOG_START_HZ ? hz / LINEAR_HZ_PER_MEL : LOG_START_MEL + Math.log(hz / LOG_START_HZ) / LOG_STEP;
    }

    static double melToHz(double mel) {
        return mel < LOG_START_MEL ? mel * LINEAR_HZ_PER_MEL : LOG_START_HZ * Math.exp(LOG_STEP * (mel - LOG_START_MEL));
    }
}
