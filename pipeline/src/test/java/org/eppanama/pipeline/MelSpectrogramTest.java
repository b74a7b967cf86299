package org.eppanama.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eppanama.runtime.Environment;
import org.eppanama.runtime.SessionOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java log-mel against an ONNX preprocessor (STFT-based) with nemo128.onnx's contract. */
class MelSpectrogramTest {
    /** The goal the issue sets for Java against ONNX. */
    static final double TOLERANCE = 1e-3;
    static Environment env;
    @TempDir
    static Path dir;
    static OnnxPreprocessor onnx;
    static NemoMelSpectrogram java;

    @BeforeAll
    static void load() throws Exception {
        env = Environment.create();
        Path model = Files.write(dir.resolve("nemo128.onnx"), NemoPreprocessorModel.build(128));
        onnx = OnnxPreprocessor.load(env, model, SessionOptions.create(), 128);
        java = new NemoMelSpectrogram(128, true);
    }

    @AfterAll
    static void close() {
        onnx.close();
        env.close();
    }

    private static double compare(String what, float[] samples) {
        try (Arena arena = Arena.ofConfined()) {
            Waveform w = Signals.waveform(samples, 16_000, arena);
            Features a = java.compute(w, arena);
            Features b = onnx.compute(w, arena);
            assertEquals(b.frames(), a.frames(), "frames");
            assertEquals(b.validFrames(), a.validFrames(), "valid frames");
            assertEquals(samples.length / 160 + 1, a.frames());
            assertEquals(samples.length / 160, a.validFrames());
            for (int bin = 0; bin < 128; bin++) {
                assertEquals(0f, a.get(bin, a.frames() - 1), "padding frame is zero");
            }
            double diff = maxAbsDifference(a, b);
            System.out.printf("mel Java vs ONNX (%s, %d samples): max abs difference %.3g%n", what, samples.length, diff);
            return diff;
        }
    }

    /** Largest absolute difference over the valid frames both have. */
    static double maxAbsDifference(Features a, Features b) {
        assertEquals(a.bins(), b.bins(), "bins");
        double max = 0;
        for (int bin = 0; bin < a.bins(); bin++) {
            for (int t = 0, n = Math.min(a.validFrames(), b.validFrames()); t < n; t++) {
                max = Math.max(max, Math.abs(a.get(bin, t) - b.get(bin, t)));
            }
        }
        return max;
    }

    @Test
    void babbleMatches() {
        assertTrue(compare("babble 3 s", Signals.babble(16_000, 48_000, 7)) <= TOLERANCE);
    }

    @Test
    void tonesInNoiseMatch() {
        float[] s = Signals.concat(Signals.noise(1e-3, 8000, 1), Signals.sine(2000, 0.1, 16_000, 12_345),
                Signals.noise(1e-3, 8000, 2));
        assertTrue(compare("tone 2 kHz in noise", s) <= TOLERANCE);
    }

    @Test
    void lengthNotAMultipleOfTheHopMatches() {
        assertTrue(compare("babble 1.2345 s", Signals.babble(16_000, 19_752, 3)) <= TOLERANCE);
    }
}
