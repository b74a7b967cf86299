package org.eppanama.pipeline;

/**
 * |FFT|^2 of real frames of a fixed power-of-two length, by an iterative radix-2 FFT in double precision.
 * One instance keeps its work arrays, so it is not for concurrent use.
 */
final class PowerSpectrum {
    private final int n;
    private final int[] bitReversed;
    private final double[] cos;
    private final double[] sin;
    private final double[] re;
    private final double[] im;

    PowerSpectrum(int n) {
        if (n < 2 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT length must be a power of two, got " + n);
        }
        this.n = n;
        int bits = Integer.numberOfTrailingZeros(n);
        bitReversed = new int[n];
        for (int i = 0; i < n; i++) {
            bitReversed[i] = Integer.reverse(i) >>> (32 - bits);
        }
        cos = new double[n / 2];
        sin = new double[n / 2];
        for (int i = 0; i < n / 2; i++) {
            cos[i] = Math.cos(2 * Math.PI * i / n);
            sin[i] = -Math.sin(2 * Math.PI * i / n);
        }
        re = new double[n];
        im = new double[n];
    }

    /** Writes {@code |X[k]|^2} for k = 0..n/2 into {@code power}; {@code frame} holds n samples (not changed). */
    void compute(double[] frame, double[] power) {
        for (int i = 0; i < n; i++) {
            re[bitReversed[i]] = frame[i];
            im[i] = 0;
        }
        for (int size = 2; size <= n; size <<= 1) {
            int half = size / 2;
            int step = n / size;
            for (int start = 0; start < n; start += size) {
                for (int j = 0; j < half; j++) {
                    int a = start + j;
                    int b = a + half;
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
        for (int k = 0; k <= n / 2; k++) {
            power[k] = re[k] * re[k] + im[k] * im[k];
        }
    }
}
