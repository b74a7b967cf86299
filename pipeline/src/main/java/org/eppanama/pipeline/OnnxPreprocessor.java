package org.eppanama.pipeline;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Map;
import org.eppanama.runtime.ElementType;
import org.eppanama.runtime.Environment;
import org.eppanama.runtime.Session;
import org.eppanama.runtime.SessionOptions;
import org.eppanama.runtime.Tensor;

/**
 * A NeMo preprocessor model such as onnx-asr's {@code nemo128.onnx}: {@code waveforms} FLOAT[batch, samples]
 * and {@code waveforms_lens} INT64[batch] in, {@code features} FLOAT[batch, bins, 1 + samples/160] and
 * {@code features_lens} INT64[batch] out. The audio is read in place and the features are written straight
 * into the caller's arena.
 */
public final class OnnxPreprocessor implements Preprocessor {
    private final Session session;
    private final int bins;

    private OnnxPreprocessor(Session session, int bins) {
        this.session = session;
        this.bins = bins;
    }

    /** Loads {@code file} with {@code options} (consumed), expecting {@code bins} mel bins. */
    public static OnnxPreprocessor load(Environment env, Path file, SessionOptions options, int bins) {
        Session s = MappedModel.open(env, file, options);
        try {
            SessionContract c = new SessionContract(s, file.getFileName().toString());
            c.input("waveforms", 2, ElementType.FLOAT);
            c.input("waveforms_lens", 1, ElementType.INT64);
            long declared = c.output("features", 3, ElementType.FLOAT).shape()[1];
            c.output("features_lens", 1, ElementType.INT64);
            if (declared >= 0 && declared != bins) {
                throw new ModelFolderException(file + " gives " + declared + " mel bins but the model expects " + bins
                        + " (config.json features_size)");
            }
            return new OnnxPreprocessor(s, bins);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public int bins() {
        return bins;
    }

    @Override
    public Features compute(Waveform audio, Arena arena) {
        if (audio.sampleRate() != NemoMelSpectrogram.SAMPLE_RATE) {
            throw new AudioException("the preprocessor takes " + NemoMelSpectrogram.SAMPLE_RATE + " Hz audio, got "
                    + audio.sampleRate() + " Hz: resample first (Resampler.resample)");
        }
        long n = audio.length();
        MemorySegment samples = audio.samples();
        if (!samples.isNative() || samples.address() % Float.BYTES != 0) {
            samples = arena.allocate(ValueLayout.JAVA_FLOAT, n).copyFrom(samples);
        }
        int frames = Math.toIntExact(1 + n / NemoMelSpectrogram.HOP);
        MemorySegment features = arena.allocate(ValueLayout.JAVA_FLOAT, (long) bins * frames);
        MemorySegment featuresLen = arena.allocate(ValueLayout.JAVA_LONG);
        try (Tensor waveforms = Tensor.wrap(samples, ElementType.FLOAT, 1, n);
             Tensor waveformsLen = Tensor.wrap(arena.allocateFrom(ValueLayout.JAVA_LONG, n), ElementType.INT64, 1);
             Tensor featuresOut = Tensor.wrap(features, ElementType.FLOAT, 1, bins, frames);
             Tensor featuresLenOut = Tensor.wrap(featuresLen, ElementType.INT64, 1)) {
            session.run(Map.of("waveforms", waveforms, "waveforms_lens", waveformsLen),
                    Map.of("features", featuresOut, "features_lens", featuresLenOut), null);
        }
        long valid = featuresLen.get(ValueLayout.JAVA_LONG, 0);
        if (valid < 0 || valid > frames) {
            throw new IllegalStateException("the preprocessor reported " + valid + " valid frames of " + frames);
        }
        return new Features(features, bins, frames, (int) valid);
    }

    @Override
    public void close() {
        session.close();
    }
}
