package org.eppanama.pipeline;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.eppanama.runtime.GraphOptimizationLevel;
import org.eppanama.runtime.SessionOptions;

/**
 * How a {@link Transcriber} loads and runs a model. Build with {@link #builder()}; every setting has a default.
 */
public final class TranscriberOptions {
    /** Where the features come from. */
    public enum Preprocessing {
        /** The folder's preprocessor model when it has one, else the Java log-mel. */
        AUTO,
        /** The folder's preprocessor model; an error when there is none. */
        MODEL,
        /** The Java log-mel ({@link NemoMelSpectrogram}). */
        JAVA
    }

    public static final double DEFAULT_WINDOW_SECONDS = 8;
    public static final double DEFAULT_OVERLAP_SECONDS = 1;

    private final Precision precision;
    private final Preprocessing preprocessing;
    private final Double windowSeconds;
    private final double overlapSeconds;
    private final double[] bucketSeconds;
    private final Integer maxSymbolsPerFrame;
    private final Supplier<SessionOptions> sessionOptions;
    private final EncoderFactory encoderFactory;

    private TranscriberOptions(Builder b) {
        precision = b.precision;
        preprocessing = b.preprocessing;
        windowSeconds = b.windowSeconds;
        overlapSeconds = b.overlapSeconds;
        bucketSeconds = b.bucketSeconds.clone();
        maxSymbolsPerFrame = b.maxSymbolsPerFrame;
        sessionOptions = b.sessionOptions;
        encoderFactory = b.encoderFactory;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static TranscriberOptions defaults() {
        return builder().build();
    }

    public Precision precision() {
        return precision;
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /** The window the caller asked for; empty means {@value #DEFAULT_WINDOW_SECONDS} s or what a fixed encoder fits. */
    public OptionalDouble windowSeconds() {
        return windowSeconds == null ? OptionalDouble.empty() : OptionalDouble.of(windowSeconds);
    }

    public double overlapSeconds() {
        return overlapSeconds;
    }

    /** Fixed encoder lengths to load (empty: the encoder's shapes as declared). */
    public double[] bucketSeconds() {
        return bucketSeconds.clone();
    }

    public OptionalInt maxSymbolsPerFrame() {
        return maxSymbolsPerFrame == null ? OptionalInt.empty() : OptionalInt.of(maxSymbolsPerFrame);
    }

    /** The caller's encoder factory, if any (else the encoder is an ORT session, bucketed on request). */
    public Optional<EncoderFactory> encoderFactory() {
        return Optional.ofNullable(encoderFactory);
    }

    /** A new SessionOptions for one model; the loader adds the model's external data and closes it. */
    SessionOptions newSessionOptions() {
        return Objects.requireNonNull(sessionOptions.get(), "the session options supplier returned null");
    }

    public static final class Builder {
        private Precision precision = Precision.FP32;
        private Preprocessing preprocessing = Preprocessing.AUTO;
        private Double windowSeconds;
        private double overlapSeconds = DEFAULT_OVERLAP_SECONDS;
        private double[] bucketSeconds = new double[0];
        private Integer maxSymbolsPerFrame;
        private Supplier<SessionOptions> sessionOptions =
                () -> SessionOptions.create().graphOptimizationLevel(GraphOptimizationLevel.ENABLE_ALL);
        private EncoderFactory encoderFactory;

        private Builder() {
        }

        /** The weights to load; parts without that variant load at fp32 (see {@link ModelFiles}). */
        public Builder precision(Precision p) {
            precision = Objects.requireNonNull(p, "precision");
            return this;
        }

        public Builder preprocessing(Preprocessing p) {
            preprocessing = Objects.requireNonNull(p, "preprocessing");
            return this;
        }

        /** Encoder window and overlap for long audio, in seconds (default 8 and 1). */
        public Builder chunking(double window, double overlap) {
            if (!(window > 0) || !(overlap >= 0) || overlap >= window) {
                throw new IllegalArgumentException("need window > 0 and 0 <= overlap < window, got window " + window
                        + " s, overlap " + overlap + " s");
            }
            windowSeconds = window;
            overlapSeconds = overlap;
            return this;
        }

        /**
         * Loads the encoder once per length with its time axis fixed (for execution providers that compile
         * static shapes); each window runs in the shortest that fits.
         */
        public Builder encoderBuckets(double... seconds) {
            for (double s : seconds) {
                if (!(s > 0)) {
                    throw new IllegalArgumentException("bucket lengths must be positive seconds, got " + Arrays.toString(seconds));
                }
            }
            bucketSeconds = seconds.clone();
            return this;
        }

        /** Caps the tokens emitted at one encoder frame (default: the model's max_tokens_per_step, else 10). */
        public Builder maxSymbolsPerFrame(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("max symbols per frame must be at least 1, got " + n);
            }
            maxSymbolsPerFrame = n;
            return this;
        }

        /**
         * Makes the options of each session (execution providers, threads, ...); called once per model file.
         * Default: graph optimization ENABLE_ALL on the CPU.
         */
        public Builder sessionOptions(Supplier<SessionOptions> factory) {
            sessionOptions = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * Makes the encoder some other way than one ORT session (see {@link EncoderFactory}); the model's settings
         * then come from config.json, so this is for the onnx-asr and NPU layouts.
         */
        public Builder encoder(EncoderFactory factory) {
            encoderFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        public TranscriberOptions build() {
            return new TranscriberOptions(this);
        }
    }
}
