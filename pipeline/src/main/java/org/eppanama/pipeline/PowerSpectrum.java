package org.eppanama.pipeline;

/**
 * |FFT|^2 of real frames of a fixed power-of-two length n, in double precision: the n real samples are packed
 * as n/2 complex ones (even samples real, odd imaginary), transformed by an iterative radix-2 FFT of length n/2,
 * and the two interleaved spectra separated, which takes half the butterflies of a complex FFT of length n.
 * One instance keeps its work arrays, so it is not for concurrent use.
 */
final class PowerSpectrum {
    private final int n;
    private final int half;
    private final int[] bitReversed;
    /** Twiddles of the half-length FFT: e^(-2 pi i j / half). */
    private final double[] cos;
    private final double[] sin;
    /** Twiddles that separate the spectra: e^(-2 pi i k / n), k = 0..half. */
    private final double[] splitCos;
    private final double[] splitSin;
    private final double[] re;
    private final double[] im;

    PowerSpectrum(int n) {
        if (n < 4 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT length must be a power of two of at least 4, got " + n);
        }
        this.n = n;
        half = n / 2;
        int bits = Integer.numberOfTrailingZeros(half);
        bitReversed = new int[half];
        for (int i = 0; i < half; i++) {
            bitReversed[i] = Integer.reverse(i) >>> (32 - bits);
        }
        cos = new double[half / 2];
        sin = new double[half / 2];
        for (int i = 0; i < half / 2; i++) {
            cos[i] = Math.cos(2 * Math.PI * i / half);
            sin[i] = -Math.sin(2 * Math.PI * i / half);
        }
        splitCos = new double[half + 1];
        splitSin = new double[half + 1];
        for (int k = 0; k <= half; k++) {
            splitCos[k] = Math.cos(2 * Math.PI * k / n);
            splitSin[k] = -Math.sin(2 * Math.PI * k / n);
        }
        re = new double[half];
        im = new double[half];
    }

    /** Writes {@code |X[k]|^2} for k = 0..n/2 into {@code power}; {@code frame} holds n samples (not changed). */
    void compute(double[] frame, double[] power) {
        for (int i = 0; i < half; i++) {
            int j = bitReversed[i];
            re[j] = frame[2 * i];
            im[j] = frame[2 * i + 1];
        }
        for (int size = 2; size <= half; size <<= 1) {
            int h = size / 2;
            int step = half / size;
            for (int start = 0; start < half; start += size) {
                for (int j = 0; j < h; j++) {
                    int a = start + j;
                    int b = a + h;
                    double wr = cos[j * step];
                    double wi = sin[j * step];
                    double tr = re[b] * wr - im[b] * wi;
                    double ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
        // Z = FFT(even + i odd): E[k] = (Z[k] + conj Z[h-k]) / 2, O[k] = (Z[k] - conj Z[h-k]) / 2i,
        // X[k] = E[k] + e^(-2 pi i k / n) O[k], k = 0..h (Z[h] = Z[0]).
        for (int k = 0; k <= half; k++) {
            int a = k == half ? 0 : k;
            int b = k == 0 ? 0 : half - k;
            double zr = re[a];
            double zi = im[a];
            double cr = re[b];
            double ci = -im[b];
            double er = 0.5 * (zr + cr);
            double ei = 0.5 * (zi + ci);
            // (Z - conj) / 2i = (dr + i di) / 2i = (di - i dr) / 2
            double dr = zr - cr;
            double di = zi - ci;
            double or = 0.5 * di;
            double oi = -0.5 * dr;
            double wr = splitCos[k];
            double wi = splitSin[k];
            double xr = er + or * wr - oi * wi;
            double xi = ei + or * wi + oi * wr;
            power[k] = xr * xr + xi * xi;
        }
    }
}
