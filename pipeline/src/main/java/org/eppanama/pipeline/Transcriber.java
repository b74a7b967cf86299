package org.eppanama.pipeline;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eppanama.runtime.Environment;

/**
 * Speech to text with a Parakeet-TDT model folder: audio, log-mel features, the encoder over windows stitched
 * at their seams, greedy TDT decoding, SentencePiece text with per-token times.
 *
 * <pre>{@code
 * try (Environment env = Environment.create();
 *      Transcriber asr = Transcriber.load(env, Path.of("parakeet-tdt-0.6b-v2"), TranscriberOptions.defaults())) {
 *     Transcript t = asr.transcribe(Path.of("speech.wav"));
 *     System.out.println(t.text());
 * }
 * }</pre>
 * One transcription runs at a time (calls are serialized); its memory comes from one arena per call.
 */
public final class Transcriber implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Transcriber.class.getName());
    /** One encoder frame of audio: the shortest input that gives the decoder anything to read. */
    static final int MIN_SAMPLES = 8 * NemoMelSpectrogram.HOP;
    /** Below half a 16-bit step every sample reads as zero: digital silence. */
    static final float SILENCE_PEAK = 0.5f / 32768;

    private final ModelFiles files;
    private final ModelConfig config;
    private final Preprocessor preprocessor;
    private final Encoder encoder;
    private final TdtDecoder decoder;
    private final ChunkPlan plan;

    private Transcriber(ModelFiles files, ModelConfig config, Preprocessor preprocessor, Encoder encoder, TdtDecoder decoder,
                        ChunkPlan plan) {
        this.files = files;
        this.config = config;
        this.preprocessor = preprocessor;
        this.encoder = encoder;
        this.decoder = decoder;
        this.plan = plan;
    }

    /** Loads the model in {@code folder} (onnx-asr, NPU or sherpa-onnx layout; see {@link ModelLayout}). */
    public static Transcriber load(Environment env, Path folder, TranscriberOptions options) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(options, "options");
        ModelFiles files = ModelFiles.resolve(folder, options.precision());
        LOG.log(System.Logger.Level.INFO, "model files: " + files);
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            Encoder encoder = track(opened, options.encoderFactory().isPresent()
                    ? options.encoderFactory().get().create(env, files) : defaultEncoder(env, files, options));
            // The model's own session, when there is one, for its metadata and declared shapes.
            SessionEncoder session = encoder instanceof SessionEncoder s ? s
                    : encoder instanceof BucketedEncoder b && b.buckets().getFirst() instanceof SessionEncoder s ? s : null;
            Map<String, String> metadata = session == null ? Map.of() : session.metadata();
            if (files.layout() == ModelLayout.SHERPA_ONNX && session == null) {
                throw new ModelFolderException("sherpa-onnx models keep their settings in the encoder's metadata, which "
                        + encoder + " does not expose; use the default encoder for " + files.encoder());
            }
            ModelConfig config = files.layout() == ModelLayout.SHERPA_ONNX
                    ? ModelConfig.fromSherpaMetadata(metadata, files.encoder().getFileName().toString())
                    : files.config() == null ? ModelConfig.PARAKEET_TDT : ModelConfig.read(files.config());
            Preprocessor preprocessor = track(opened, preprocessor(env, files, config, options));
            if (session != null) {
                checkBins(session, preprocessor, files);
            }
            Vocabulary vocabulary = Vocabulary.read(files.vocabulary());
            if (files.layout() == ModelLayout.SHERPA_ONNX) {
                checkSherpaVocabulary(metadata, vocabulary, files);
            }
            TransducerNet net = track(opened, files.joiner() == null
                    ? FusedDecoderJoint.load(env, files.decoder(), options.newSessionOptions())
                    : SplitDecoderJoint.load(env, files.decoder(), options.newSessionOptions(), files.joiner(),
                    options.newSessionOptions()));
            String decoderName = files.decoder().getFileName() + (files.joiner() == null ? "" : " + " + files.joiner().getFileName());
            TdtDecoder decoder = track(opened, new TdtDecoder(net, vocabulary, config.durationArray(),
                    options.maxSymbolsPerFrame().orElse(config.maxTokensPerStep()), decoderName));
            int channels = session == null ? -1 : session.declaredChannels();
            if (channels >= 0 && channels != decoder.encoderDim()) {
                throw new ModelFolderException(files.encoder().getFileName() + " gives " + channels + " channels per frame but "
                        + decoderName + " takes " + decoder.encoderDim() + ": the parts come from different models");
            }
            ChunkPlan plan = plan(options, config, encoder);
            LOG.log(System.Logger.Level.INFO, "encoder " + encoder + ", windows of " + plan.windowSeconds() + " s overlapping "
                    + plan.overlapSeconds() + " s, preprocessor " + preprocessor.getClass().getSimpleName());
            return new Transcriber(files, config, preprocessor, encoder, decoder, plan);
        } catch (RuntimeException e) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                try {
                    opened.get(i).close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static <T extends AutoCloseable> T track(List<AutoCloseable> opened, T t) {
        opened.add(t);
        return t;
    }

    /** The encoder as declared, or once per requested bucket length with its time axis fixed. */
    private static Encoder defaultEncoder(Environment env, ModelFiles files, TranscriberOptions options) {
        double[] buckets = options.bucketSeconds();
        if (buckets.length == 0) {
            return SessionEncoder.load(env, files.encoder(), options.newSessionOptions());
        }
        List<SessionEncoder> loaded = new ArrayList<>();
        try {
            for (double seconds : buckets) {
                // Feature frames of that much audio, as NeMo counts them (one more than samples / hop).
                int frames = (int) Math.round(seconds * ChunkPlan.FRAMES_PER_SECOND) + 1;
                loaded.add(SessionEncoder.loadFixed(env, files.encoder(), options.newSessionOptions(), frames));
            }
        } catch (RuntimeException e) {
            loaded.forEach(SessionEncoder::close);
            throw e;
        }
        return new BucketedEncoder(loaded);
    }

    private static Preprocessor preprocessor(Environment env, ModelFiles files, ModelConfig config,
                                             TranscriberOptions options) {
        boolean model = switch (options.preprocessing()) {
            case AUTO -> files.preprocessor() != null;
            case JAVA -> false;
            case MODEL -> {
                if (files.preprocessor() == null) {
                    throw new ModelFolderException("the folder of " + files.encoder() + " has no nemo" + config.featuresSize()
                            + ".onnx preprocessor; use Preprocessing.AUTO or JAVA to compute features in Java");
                }
                yield true;
            }
        };
        if (model && !config.normalize()) {
            throw new ModelFolderException("the model takes unnormalized features, which nemo" + config.featuresSize()
                    + ".onnx does not give; use the Java preprocessor");
        }
        return model ? OnnxPreprocessor.load(env, files.preprocessor(), options.newSessionOptions(), config.featuresSize())
                : new NemoMelSpectrogram(config.featuresSize(), config.normalize());
    }

    private static void checkBins(SessionEncoder s, Preprocessor preprocessor, ModelFiles files) {
        if (s.declaredBins() >= 0 && s.declaredBins() != preprocessor.bins()) {
            throw new ModelFolderException(files.encoder() + " takes " + s.declaredBins() + " feature bins but the model's"
                    + " settings say " + preprocessor.bins() + " (config.json features_size / metadata feat_dim)");
        }
    }

    private static void checkSherpaVocabulary(Map<String, String> meta, Vocabulary vocabulary, ModelFiles files) {
        String declared = meta.get("vocab_size");
        // NeMo counts its vocabulary without the blank, which tokens.txt lists last.
        if (declared != null && !declared.strip().equals(Integer.toString(vocabulary.size() - 1))) {
            throw new ModelFolderException(files.encoder() + " metadata says vocab_size " + declared + " (without blank) but "
                    + files.vocabulary() + " has " + vocabulary.size() + " tokens with the blank: the token list does not"
                    + " belong to this model");
        }
    }

    private static ChunkPlan plan(TranscriberOptions options, ModelConfig config, Encoder encoder) {
        int sub = config.subsamplingFactor();
        // A single window is fed with NeMo's trailing padding frame, so it needs one frame of room.
        int fits = encoder.maxFrames() == Integer.MAX_VALUE ? Integer.MAX_VALUE : (encoder.maxFrames() - 1) / sub * sub;
        double fitsSeconds = (double) fits / ChunkPlan.FRAMES_PER_SECOND;
        double window = options.windowSeconds().orElse(Math.min(TranscriberOptions.DEFAULT_WINDOW_SECONDS, fitsSeconds));
        ChunkPlan plan = ChunkPlan.ofSeconds(window, options.overlapSeconds(), sub);
        if (plan.window() > fits) {
            throw new IllegalArgumentException("a window of " + window + " s does not fit the encoder " + encoder
                    + ", which takes at most " + encoder.maxFrames() + " feature frames; use a window of at most "
                    + fitsSeconds + " s");
        }
        return plan;
    }

    /** Transcribes a WAV file (16-bit PCM or 32-bit float, any channel count, resampled to 16 kHz if needed). */
    public Transcript transcribe(Path wav) {
        return transcribe(wav, null);
    }

    /**
     * Transcribes a WAV file as {@link #transcribe(Path)} does, measuring the decoder with {@code meter}: the time
     * inside ONNX Runtime's runs and the heap bytes its step loop allocates (for benchmarks; null measures nothing).
     */
    public Transcript transcribe(Path wav, DecoderMeter meter) {
        Objects.requireNonNull(wav, "wav");
        try (Arena arena = Arena.ofConfined()) {
            long t0 = System.nanoTime();
            Waveform audio = WavReader.read(wav, arena);
            return run(audio, arena, t0, meter);
        }
    }

    /** Transcribes mono float samples at any supported rate; 16 kHz native samples are read in place. */
    public Transcript transcribe(Waveform audio) {
        Objects.requireNonNull(audio, "audio");
        try (Arena arena = Arena.ofConfined()) {
            return run(audio, arena, System.nanoTime(), null);
        }
    }

    private synchronized Transcript run(Waveform input, Arena arena, long t0, DecoderMeter meter) {
        if (input.length() == 0) {
            throw new AudioException("the audio is empty (0 samples): nothing to transcribe");
        }
        Waveform audio = Resampler.resample(input, NemoMelSpectrogram.SAMPLE_RATE, arena);
        if (audio.length() < MIN_SAMPLES) {
            throw new AudioException(String.format("the audio is too short: %.3f s (%d samples at 16 kHz); at least %.2f s"
                    + " (%d samples) make one encoder frame", audio.seconds(), audio.length(),
                    (double) MIN_SAMPLES / NemoMelSpectrogram.SAMPLE_RATE, MIN_SAMPLES));
        }
        if (audio.peak() < SILENCE_PEAK) {
            throw new AudioException(String.format("the audio is silent: %.2f s of samples that are all (near) zero",
                    audio.seconds()));
        }
        long t1 = System.nanoTime();
        Features features = preprocessor.compute(audio, arena);
        long t2 = System.nanoTime();
        EncoderFrames frames = ChunkStitcher.encode(encoder, features, plan, arena);
        long t3 = System.nanoTime();
        TdtDecoder.Result decoded = decoder.decode(frames, meter);
        long t4 = System.nanoTime();
        Vocabulary vocab = decoder.vocabulary();
        List<TimedToken> tokens = new ArrayList<>(decoded.tokens().length);
        for (int i = 0; i < decoded.tokens().length; i++) {
            int frame = decoded.frames()[i];
            tokens.add(new TimedToken(decoded.tokens()[i], vocab.piece(decoded.tokens()[i]), frame,
                    frame * config.frameSeconds()));
        }
        String text = vocab.text(decoded.tokens());
        long t5 = System.nanoTime();
        StageTimings timings = new StageTimings(t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, plan.chunks(features).size(),
                decoded.steps());
        return new Transcript(text, tokens, audio.seconds(), timings);
    }

    public ModelFiles files() {
        return files;
    }

    public ModelConfig config() {
        return config;
    }

    public ChunkPlan chunkPlan() {
        return plan;
    }

    /** The encoder (a {@link BucketedEncoder} when buckets were asked for). */
    public Encoder encoder() {
        return encoder;
    }

    @Override
    public void close() {
        decoder.close();
        encoder.close();
        preprocessor.close();
    }
}
