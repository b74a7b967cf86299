package org.eppanama.pipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eppanama.pipeline.BenchmarkSetup;
import org.eppanama.pipeline.DecoderMeter;
import org.eppanama.pipeline.Transcriber;
import org.eppanama.pipeline.TranscriberOptions;
import org.eppanama.pipeline.Transcript;
import org.eppanama.runtime.Environment;
import org.eppanama.runtime.ExecutionMode;
import org.eppanama.runtime.GraphOptimizationLevel;
import org.eppanama.runtime.OrtLibrary;
import org.eppanama.runtime.SessionOptions;

/**
 * The pipeline against onnx-asr on the same generated Parakeet-TDT folder and WAV, in the same run: both with
 * 1 intra-op and 1 inter-op ONNX Runtime thread, warmed up, then timed in rounds that alternate which side goes
 * first; then the decoder loop measured ({@link DecoderMeter}: time inside ONNX Runtime's runs, heap bytes per
 * step), interleaved with onnx-asr's decoder measured the same way. Writes a Markdown report.
 *
 * <pre>
 * pipeline/bench.sh quick|full [--out FILE] [--work DIR] [--seconds S] [--layers N --width W]
 *                               [--preprocessor auto|model|java] [--warmup N] [--rounds N] [--meter-runs N]
 * </pre>
 */
public final class PipelineBenchmark {
    /** Goals of issue 7: onnx-asr time over pipeline time, decoder-loop overhead share, heap bytes per step. */
    static final double RATIO_GOAL = 2;
    static final double OVERHEAD_GOAL = 0.05;
    /**
     * Metered runs before the recorded ones. The metered path is code the timed rounds never ran: its first run
     * deoptimizes the decoder loop, and around its tenth the JVM customizes a method handle on it, once (a few
     * milliseconds and ~110 bytes in that run).
     */
    static final int METER_WARMUP = 15;

    /** One measured configuration: the encoder's Conformer stack and the pipeline's preprocessor. */
    public record Scenario(String name, int layers, int width) {
    }

    /** What a run measures and where. */
    public record Config(String mode, List<Scenario> scenarios, double seconds, TranscriberOptions.Preprocessing preprocessing,
                         int warmup, int rounds, int meterRuns, Path work, Path onnxAsrScript, boolean requireOnnxAsr) {
        static Config of(String mode) {
            Path work = Path.of("pipeline", "target", "pipeline-bench");
            Path script = Path.of("pipeline", "onnx-asr.sh");
            Scenario main = new Scenario("Conformer-like encoder (4 x 256)", 4, 256);
            Scenario light = new Scenario("tone encoder only", 0, 0);
            return switch (mode) {
                case "quick" -> new Config(mode, List.of(main), 60, TranscriberOptions.Preprocessing.JAVA, 15, 5, 3, work,
                        script, false);
                case "full" -> new Config(mode, List.of(main, light), 60, TranscriberOptions.Preprocessing.JAVA, 10, 60, 30,
                        work, script, false);
                default -> throw new IllegalArgumentException("mode must be quick or full, got " + mode);
            };
        }
    }

    /** One side's timings of one transcription, in seconds. */
    public record Sample(double wall, double audio, double preprocess, double encode, double decode, double text) {
    }

    /** One decoder measurement: decoder wall time, time inside ONNX Runtime's runs, steps, bytes (-1: unknown). */
    public record DecoderSample(double decode, double inRuns, int steps, long bytes, double loop) {
        double overhead() {
            return (decode - inRuns) / decode;
        }

        double bytesPerStep() {
            return bytes < 0 ? Double.NaN : (double) bytes / steps;
        }
    }

    /** Everything measured for one scenario. */
    public record ScenarioResult(Scenario scenario, double audioSeconds, int words, int tokens, int steps, int windows,
                                 List<Sample> pipeline, List<Sample> onnxAsr, List<DecoderSample> pipelineDecoder,
                                 List<DecoderSample> onnxAsrDecoder) {
        /** onnx-asr's time over the pipeline's, per round (empty without onnx-asr). */
        double[] ratios() {
            double[] r = new double[onnxAsr.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = onnxAsr.get(i).wall() / pipeline.get(i).wall();
            }
            return r;
        }
    }

    /** A whole run: its scenarios and what ran them. */
    public record Report(Config config, List<ScenarioResult> results, String onnxAsrVersions, String python,
                         String onnxAsrSkipped, String command) {
    }

    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException(usage());
        }
        Config c = Config.of(args[0]);
        Path out = Path.of("docs", "benchmarks-pipeline.md");
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value\n" + usage());
            }
            String v = args[++i];
            c = switch (a) {
                case "--out" -> {
                    out = Path.of(v);
                    yield c;
                }
                case "--work" -> new Config(c.mode(), c.scenarios(), c.seconds(), c.preprocessing(), c.warmup(), c.rounds(),
                        c.meterRuns(), Path.of(v), c.onnxAsrScript(), c.requireOnnxAsr());
                case "--seconds" -> new Config(c.mode(), c.scenarios(), Double.parseDouble(v), c.preprocessing(), c.warmup(),
                        c.rounds(), c.meterRuns(), c.work(), c.onnxAsrScript(), c.requireOnnxAsr());
                case "--preprocessor" -> new Config(c.mode(), c.scenarios(), c.seconds(),
                        TranscriberOptions.Preprocessing.valueOf(v.toUpperCase(Locale.ROOT)), c.warmup(), c.rounds(),
                        c.meterRuns(), c.work(), c.onnxAsrScript(), c.requireOnnxAsr());
                case "--warmup" -> new Config(c.mode(), c.scenarios(), c.seconds(), c.preprocessing(), Integer.parseInt(v),
                        c.rounds(), c.meterRuns(), c.work(), c.onnxAsrScript(), c.requireOnnxAsr());
                case "--rounds" -> new Config(c.mode(), c.scenarios(), c.seconds(), c.preprocessing(), c.warmup(),
                        Integer.parseInt(v), c.meterRuns(), c.work(), c.onnxAsrScript(), c.requireOnnxAsr());
                case "--meter-runs" -> new Config(c.mode(), c.scenarios(), c.seconds(), c.preprocessing(), c.warmup(),
                        c.rounds(), Integer.parseInt(v), c.work(), c.onnxAsrScript(), c.requireOnnxAsr());
                case "--layers" -> {
                    int layers = Integer.parseInt(v);
                    Scenario s = c.scenarios().getFirst();
                    yield withFirst(c, new Scenario(layers == 0 ? "tone encoder only" : "Conformer-like encoder ("
                            + layers + " x " + s.width() + ")", layers, s.width()));
                }
                case "--width" -> {
                    Scenario s = c.scenarios().getFirst();
                    int width = Integer.parseInt(v);
                    yield withFirst(c, new Scenario(s.layers() == 0 ? s.name() : "Conformer-like encoder (" + s.layers()
                            + " x " + width + ")", s.layers(), width));
                }
                case "--require-onnx-asr" -> new Config(c.mode(), c.scenarios(), c.seconds(), c.preprocessing(), c.warmup(),
                        c.rounds(), c.meterRuns(), c.work(), c.onnxAsrScript(), Boolean.parseBoolean(v));
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
            };
        }
        String command = System.getProperty("eppanama.bench.command", "pipeline/bench.sh " + String.join(" ", args));
        Report r = run(c, command, System.out);
        String md = markdown(r);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md);
        System.out.println();
        System.out.println(md);
        System.out.println("written to " + out);
    }

    private static Config withFirst(Config c, Scenario s) {
        List<Scenario> all = new ArrayList<>(c.scenarios());
        all.set(0, s);
        return new Config(c.mode(), List.copyOf(all), c.seconds(), c.preprocessing(), c.warmup(), c.rounds(), c.meterRuns(),
                c.work(), c.onnxAsrScript(), c.requireOnnxAsr());
    }

    static String usage() {
        return "usage: PipelineBenchmark quick|full [--out FILE] [--work DIR] [--seconds S] [--layers N] [--width W]"
                + " [--preprocessor auto|model|java] [--warmup N] [--rounds N] [--meter-runs N] [--require-onnx-asr true]";
    }

    /** Runs every scenario of {@code c}, printing progress to {@code log}. */
    public static Report run(Config c, String command, PrintStream log) throws Exception {
        List<ScenarioResult> results = new ArrayList<>();
        String versions = null;
        String python = null;
        String skipped = null;
        try (Environment env = Environment.create()) {
            for (Scenario s : c.scenarios()) {
                Path dir = c.work().resolve(s.layers() + "x" + s.width());
                long g0 = System.nanoTime();
                BenchmarkSetup setup = BenchmarkSetup.create(dir, c.seconds(), s.layers(), s.width());
                log.printf("%s: %.1f s of audio, %d words, %d tokens; generated in %.1f s under %s%n", s.name(),
                        setup.seconds(), setup.words(), setup.ids().length, (System.nanoTime() - g0) / 1e9, dir);
                OnnxAsrServer py = null;
                if (skipped == null) {
                    try {
                        py = OnnxAsrServer.start(c.onnxAsrScript(), setup.folder(), setup.wav(), dir.resolve("onnx-asr.log"), 900);
                        versions = py.hello().get("versions").toString();
                        python = py.hello().get("python").asText();
                    } catch (OnnxAsrServer.Unavailable e) {
                        if (c.requireOnnxAsr()) {
                            throw new IllegalStateException("onnx-asr could not be installed: " + e.getMessage(), e);
                        }
                        skipped = e.getMessage();
                        log.println("onnx-asr skipped, it could not be installed: " + skipped);
                    }
                }
                try {
                    results.add(measure(env, c, s, setup, py, log));
                } finally {
                    if (py != null) {
                        py.close();
                    }
                }
            }
        }
        return new Report(c, List.copyOf(results), versions, python, skipped, command);
    }

    /** The pipeline's options: ONNX Runtime on one thread each way, one encoder window over the whole audio. */
    static TranscriberOptions options(Config c, BenchmarkSetup setup) {
        return TranscriberOptions.builder().preprocessing(c.preprocessing())
                .chunking(Math.ceil(setup.seconds()) + 1, 0)
                .sessionOptions(() -> SessionOptions.create().graphOptimizationLevel(GraphOptimizationLevel.ENABLE_ALL)
                        .executionMode(ExecutionMode.SEQUENTIAL).intraOpThreads(1).interOpThreads(1))
                .build();
    }

    private static ScenarioResult measure(Environment env, Config c, Scenario s, BenchmarkSetup setup, OnnxAsrServer py,
                                          PrintStream log) {
        try (Transcriber t = Transcriber.load(env, setup.folder(), options(c, setup))) {
            Transcript first = t.transcribe(setup.wav());
            setup.check(first);
            if (first.timings().windows() != 1) {
                throw new IllegalStateException("the encoder ran " + first.timings().windows() + " windows, expected one");
            }
            log.printf("pipeline: known answer exact (%d tokens, %d decoder steps)%n", first.tokens().size(),
                    first.timings().decoderSteps());
            if (py != null) {
                JsonNode a = py.ask("check");
                setup.check("onnx-asr", ints(a.get("tokens")), ints(a.get("frames")), a.get("text").asText());
                log.println("onnx-asr: known answer exact");
            }
            for (int i = 0; i < c.warmup(); i++) {
                setup.check(t.transcribe(setup.wav()));
                if (py != null) {
                    py.ask("run");
                }
            }
            List<Sample> java = new ArrayList<>();
            List<Sample> python = new ArrayList<>();
            for (int i = 0; i < c.rounds(); i++) {
                // Alternate who goes first, so a slow drift of the machine's load favours neither.
                if (py != null && i % 2 == 1) {
                    python.add(sample(py.ask("run")));
                }
                java.add(timeJava(t, setup));
                if (py != null && i % 2 == 0) {
                    python.add(sample(py.ask("run")));
                }
                Sample j = java.getLast();
                log.printf(Locale.ROOT, "round %2d: pipeline %6.1f ms%s%n", i + 1, j.wall() * 1e3,
                        py == null ? "" : String.format(Locale.ROOT, ", onnx-asr %6.1f ms, ratio %.2f",
                                python.getLast().wall() * 1e3, python.getLast().wall() / j.wall()));
            }
            List<DecoderSample> javaDecoder = new ArrayList<>();
            List<DecoderSample> pythonDecoder = new ArrayList<>();
            // The metered path is a branch the timed rounds never took: warm it up too (the JIT recompiles the loop).
            for (int i = 0; i < METER_WARMUP; i++) {
                setup.check(t.transcribe(setup.wav(), new DecoderMeter()));
            }
            for (int i = 0; i < c.meterRuns(); i++) {
                DecoderMeter m = new DecoderMeter();
                Transcript tr = t.transcribe(setup.wav(), m);
                setup.check(tr);
                javaDecoder.add(new DecoderSample(tr.timings().decodeNanos() / 1e9, m.runNanos() / 1e9, m.steps(),
                        m.loopBytes(), m.loopNanos() / 1e9));
                if (py != null) {
                    JsonNode a = py.ask("meter");
                    pythonDecoder.add(new DecoderSample(a.get("decode").asDouble(), a.get("decode_run").asDouble(),
                            a.get("runs").asInt(), -1, a.get("decode").asDouble()));
                }
                DecoderSample d = javaDecoder.getLast();
                log.printf(Locale.ROOT, "decoder %2d: pipeline %.2f ms (loop %.2f ms), %.2f ms in runs, overhead %.1f%%, %.1f B/step%s%n",
                        i + 1, d.decode() * 1e3, d.loop() * 1e3, d.inRuns() * 1e3, 100 * d.overhead(), d.bytesPerStep(),
                        py == null ? "" : String.format(Locale.ROOT, "; onnx-asr %.2f ms, %.2f ms in runs, overhead %.1f%%",
                                pythonDecoder.getLast().decode() * 1e3, pythonDecoder.getLast().inRuns() * 1e3,
                                100 * pythonDecoder.getLast().overhead()));
            }
            return new ScenarioResult(s, setup.seconds(), setup.words(), first.tokens().size(),
                    first.timings().decoderSteps(), first.timings().windows(), java, python, javaDecoder, pythonDecoder);
        }
    }

    private static Sample timeJava(Transcriber t, BenchmarkSetup setup) {
        long t0 = System.nanoTime();
        Transcript tr = t.transcribe(setup.wav());
        double wall = (System.nanoTime() - t0) / 1e9;
        setup.check(tr);
        var s = tr.timings();
        return new Sample(wall, s.audioNanos() / 1e9, s.preprocessNanos() / 1e9, s.encodeNanos() / 1e9,
                s.decodeNanos() / 1e9, s.textNanos() / 1e9);
    }

    private static Sample sample(JsonNode a) {
        return new Sample(a.get("wall").asDouble(), a.get("audio").asDouble(), a.get("preprocess").asDouble(),
                a.get("encode").asDouble(), a.get("decode").asDouble(), a.get("text").asDouble());
    }

    private static int[] ints(JsonNode array) {
        int[] v = new int[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asInt();
        }
        return v;
    }

    // ---- statistics and the report ----

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    private static double[] of(List<Sample> l, java.util.function.ToDoubleFunction<Sample> f) {
        return l.stream().mapToDouble(f).toArray();
    }

    private static double[] ofDecoder(List<DecoderSample> l, java.util.function.ToDoubleFunction<DecoderSample> f) {
        return l.stream().mapToDouble(f).toArray();
    }

    /** The pipeline's median decoder-loop overhead share, over the metered runs. */
    public static double medianOverhead(ScenarioResult r) {
        return median(ofDecoder(r.pipelineDecoder(), DecoderSample::overhead));
    }

    /** The largest heap bytes per decoder step over the metered runs (NaN when the JVM does not count). */
    public static double maxBytesPerStep(ScenarioResult r) {
        return max(ofDecoder(r.pipelineDecoder(), DecoderSample::bytesPerStep));
    }

    /** The median of the per-round ratios onnx-asr / pipeline (NaN without onnx-asr). */
    public static double medianRatio(ScenarioResult r) {
        return median(r.ratios());
    }

    private static String ms(double seconds) {
        return String.format(Locale.ROOT, "%.1f", seconds * 1e3);
    }

    static String markdown(Report r) {
        Config c = r.config();
        StringBuilder md = new StringBuilder();
        md.append("# Pipeline benchmark: eppanama's pipeline vs onnx-asr\n\n");
        md.append("Written by `").append(r.command()).append("` (").append(c.mode()).append(" mode: ").append(c.warmup())
                .append(" warm-up runs per side, ").append(c.rounds()).append(" timed rounds, ").append(c.meterRuns())
                .append(" metered decoder runs) on ").append(java.time.LocalDate.now()).append(".\n\n");
        md.append("""
                Both sides transcribe the same generated model folder (onnx-asr's Parakeet-TDT layout: `encoder-model.onnx`
                + `.data`, `decoder_joint-model.onnx`, `vocab.txt`, `config.json`) and the same 16 kHz WAV of tone words
                (`BenchmarkSetup`, from the pipeline's test generators: the transcript is known by construction and is
                checked, tokens, frames and text, on both sides before timing and on every timed pipeline run). Every ONNX
                Runtime session on both sides has 1 intra-op and 1 inter-op thread (sequential execution, all graph
                optimizations); NumPy/OpenBLAS are limited to 1 thread. The pipeline runs its encoder over the whole audio
                in one window, as onnx-asr does (no chunking), so both encoders do the same work. onnx-asr runs with its
                CPU defaults (its NumPy preprocessor); the pipeline with the preprocessor named below.

                The two sides run in the same benchmark run, interleaved: after warm-up, each round times one pipeline
                transcription (Java, in-process, `System.nanoTime` around `Transcriber.transcribe(Path)`) and one onnx-asr
                transcription (a Python process driven over a pipe, `time.perf_counter` around `recognize(path)`), the
                order alternating every round. The machine has 2 cores shared with other work, so single timings are
                noisy: the tables give medians and minimums over the rounds, and the ratio is taken per round (both
                sides measured side by side) and summarized by its median and minimum.

                """);
        md.append("## Machine and versions\n\n");
        md.append("| | |\n| --- | --- |\n");
        md.append("| CPU | ").append(cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores (nproc) |\n");
        md.append("| memory | ").append(memory()).append(" |\n");
        md.append("| OS | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(' ').append(System.getProperty("os.arch")).append(" |\n");
        md.append("| JDK | ").append(System.getProperty("java.vm.name")).append(' ').append(Runtime.version())
                .append(" (compiled for release 22; default GC and heap) |\n");
        md.append("| ONNX Runtime, Java side | ").append(OrtLibrary.get().version())
                .append(" (`libonnxruntime.so` of the Maven artifact `com.microsoft.onnxruntime:onnxruntime`) |\n");
        md.append("| onnx-asr side | ").append(r.onnxAsrVersions() == null ? "not run: " + r.onnxAsrSkipped()
                : r.onnxAsrVersions().replaceAll("[{}\"]", "").replace(",", ", ").replace(":", " ")
                + " (PyPI, `pipeline/onnx-asr.sh`'s bench pins), Python " + r.python()).append(" |\n\n");

        for (ScenarioResult s : r.results()) {
            scenario(md, c, s);
        }
        goals(md, r);
        reading(md, r);
        return md.toString();
    }

    private static void scenario(StringBuilder md, Config c, ScenarioResult s) {
        Scenario sc = s.scenario();
        md.append("## ").append(sc.name()).append("\n\n");
        long params = sc.layers() == 0 ? 0 : (long) sc.layers() * (21L * sc.width() * sc.width() + 9L * sc.width())
                + 128L * sc.width() + (long) sc.width() * 1012;
        md.append(String.format(Locale.ROOT, "%.1f s of audio (%d words, %d tokens, %d decoder steps); encoder: the tone"
                        + " encoder%s; pipeline preprocessor: %s; %d encoder window.%n%n", s.audioSeconds(), s.words(),
                s.tokens(), s.steps(), sc.layers() == 0 ? " alone"
                        : String.format(Locale.ROOT, " plus a Conformer-like stack of %d blocks %d wide (%.1f M weights:"
                        + " feed-forward, self-attention over the whole input, depthwise and pointwise convolution,"
                        + " layer norms) on channels the joint does not read", sc.layers(), sc.width(), params / 1e6),
                c.preprocessing() == TranscriberOptions.Preprocessing.JAVA ? "Java log-mel (`NemoMelSpectrogram`)"
                        : c.preprocessing() == TranscriberOptions.Preprocessing.MODEL ? "the folder's `nemo128.onnx`"
                        : "auto (the folder's `nemo128.onnx`)", s.windows()));
        boolean py = !s.onnxAsr().isEmpty();
        double[] jw = of(s.pipeline(), Sample::wall);
        double[] pw = py ? of(s.onnxAsr(), Sample::wall) : new double[0];
        md.append("| | pipeline (Java) | onnx-asr (Python) | onnx-asr / pipeline |\n| --- | ---: | ---: | ---: |\n");
        md.append("| wall time, median (ms) | ").append(ms(median(jw))).append(" | ").append(py ? ms(median(pw)) : "-")
                .append(" | ").append(py ? String.format(Locale.ROOT, "**%.2fx** (median of per-round ratios)", median(s.ratios()))
                        : "-").append(" |\n");
        md.append("| wall time, min (ms) | ").append(ms(min(jw))).append(" | ").append(py ? ms(min(pw)) : "-").append(" | ")
                .append(py ? String.format(Locale.ROOT, "%.2fx (min / min); per-round ratios %.2fx .. %.2fx", min(pw) / min(jw),
                        min(s.ratios()), max(s.ratios())) : "-").append(" |\n");
        md.append("| real-time factor, median | ").append(String.format(Locale.ROOT, "%.4f", median(jw) / s.audioSeconds()))
                .append(" | ").append(py ? String.format(Locale.ROOT, "%.4f", median(pw) / s.audioSeconds()) : "-")
                .append(" | |\n");
        md.append("| faster than real time | ").append(String.format(Locale.ROOT, "%.0fx", s.audioSeconds() / median(jw)))
                .append(" | ").append(py ? String.format(Locale.ROOT, "%.0fx", s.audioSeconds() / median(pw)) : "-")
                .append(" | |\n\n");

        md.append("Per stage, median over the timed rounds (ms; the stages' medians need not add up to the wall time's):\n\n");
        md.append("| stage | pipeline | onnx-asr | onnx-asr / pipeline |\n| --- | ---: | ---: | ---: |\n");
        String[] names = {"audio (read WAV, resample, checks)", "preprocess (log-mel)", "encode", "decode (TDT greedy loop)",
                "text"};
        List<java.util.function.ToDoubleFunction<Sample>> stages = List.of(Sample::audio, Sample::preprocess, Sample::encode,
                Sample::decode, Sample::text);
        for (int i = 0; i < names.length; i++) {
            double j = median(of(s.pipeline(), stages.get(i)));
            double p = py ? median(of(s.onnxAsr(), stages.get(i))) : Double.NaN;
            md.append("| ").append(names[i]).append(" | ").append(String.format(Locale.ROOT, "%.2f", j * 1e3)).append(" | ")
                    .append(py ? String.format(Locale.ROOT, "%.2f", p * 1e3) : "-").append(" | ")
                    .append(py ? String.format(Locale.ROOT, "%.2fx", p / j) : "-").append(" |\n");
        }
        if (py) {
            double jNoEnc = median(of(s.pipeline(), x -> x.wall() - x.encode()));
            double pNoEnc = median(of(s.onnxAsr(), x -> x.wall() - x.encode()));
            md.append(String.format(Locale.ROOT, "| everything but the encoder (wall - encode) | %.2f | %.2f | %.2fx |%n",
                    jNoEnc * 1e3, pNoEnc * 1e3, pNoEnc / jNoEnc));
        }
        md.append("\nonnx-asr's stages are timed by wrapping its own preprocessor, encoder call, decoding loop and"
                + " token-to-text step (`src/test/python/onnx_asr_bench.py`); its \"audio\" is the rest of `recognize`.\n\n");

        md.append("Decoder loop, over ").append(s.pipelineDecoder().size()).append(" metered runs after the timed rounds (and ")
                .append(METER_WARMUP).append(" unrecorded metered warm-up runs of the pipeline):\n\n");
        md.append("| | pipeline | onnx-asr |\n| --- | ---: | ---: |\n");
        double[] jd = ofDecoder(s.pipelineDecoder(), DecoderSample::decode);
        double[] jr = ofDecoder(s.pipelineDecoder(), DecoderSample::inRuns);
        double[] jo = ofDecoder(s.pipelineDecoder(), DecoderSample::overhead);
        double[] pd = ofDecoder(s.onnxAsrDecoder(), DecoderSample::decode);
        double[] pr = ofDecoder(s.onnxAsrDecoder(), DecoderSample::inRuns);
        double[] po = ofDecoder(s.onnxAsrDecoder(), DecoderSample::overhead);
        boolean pm = !s.onnxAsrDecoder().isEmpty();
        md.append("| decoder wall time, median (ms) | ").append(ms(median(jd))).append(" | ").append(pm ? ms(median(pd)) : "-")
                .append(" |\n");
        md.append("| inside ONNX Runtime's runs, median (ms) | ").append(ms(median(jr))).append(" | ")
                .append(pm ? ms(median(pr)) : "-").append(" |\n");
        md.append(String.format(Locale.ROOT, "| per step: wall / in runs, median (us) | %.1f / %.1f | %s |%n",
                median(jd) / s.steps() * 1e6, median(jr) / s.steps() * 1e6, pm ? String.format(Locale.ROOT, "%.1f / %.1f",
                        median(pd) / s.steps() * 1e6, median(pr) / s.steps() * 1e6) : "-"));
        md.append(String.format(Locale.ROOT, "| loop overhead (wall - in runs) / wall: median (min .. max) | **%.1f%%** (%.1f%% .. %.1f%%) | %s |%n",
                100 * median(jo), 100 * min(jo), 100 * max(jo), pm ? String.format(Locale.ROOT, "%.1f%% (%.1f%% .. %.1f%%)",
                        100 * median(po), 100 * min(po), 100 * max(po)) : "-"));
        double[] bps = ofDecoder(s.pipelineDecoder(), DecoderSample::bytesPerStep);
        md.append(String.format(Locale.ROOT, "| heap bytes allocated per step in the loop: max (median; runs at 0) | **%s** (%s;"
                        + " %d of %d) | - |%n%n", fmtBytes(max(bps)), fmtBytes(median(bps)), Arrays.stream(bps).filter(b -> b == 0).count(),
                bps.length));
        md.append("The pipeline's decoder wall time is `StageTimings.decodeNanos` (the whole `TdtDecoder.decode`: tensors"
                + " and bindings made at the first utterance and reset for each, the step loop, the result); the time in"
                + " runs is `System.nanoTime`"
                + " around each `IoBinding.run` (`DecoderMeter`, off in the timed rounds); the bytes are"
                + " `ThreadMXBean.getThreadAllocatedBytes` of the decoding thread around the step loop. onnx-asr's is its"
                + " decoding loop (`_decoding`) and `perf_counter` around each `decoder_joint` `InferenceSession.run`.\n\n");
    }

    /** Where the ratio comes from, in numbers from this run. */
    private static void reading(StringBuilder md, Report r) {
        List<ScenarioResult> both = r.results().stream().filter(s -> !s.onnxAsr().isEmpty()).toList();
        if (both.isEmpty()) {
            return;
        }
        md.append("## Reading the figures\n\n");
        for (ScenarioResult s : both) {
            double jw = median(of(s.pipeline(), Sample::wall));
            double pw = median(of(s.onnxAsr(), Sample::wall));
            double je = median(of(s.pipeline(), Sample::encode));
            double pe = median(of(s.onnxAsr(), Sample::encode));
            double jp = median(of(s.pipeline(), Sample::preprocess));
            double pp = median(of(s.onnxAsr(), Sample::preprocess));
            double jd = median(of(s.pipeline(), Sample::decode));
            double pd = median(of(s.onnxAsr(), Sample::decode));
            md.append(String.format(Locale.ROOT, "- %s: the encoder is the same graph in the same ONNX Runtime on one thread"
                            + " on both sides (%.1f vs %.1f ms) and takes %.0f%% of the pipeline's time; even if everything"
                            + " else in the pipeline took no time, onnx-asr / pipeline could be at most %.2fx here. The"
                            + " log-mel is %.1f ms in Java against %.1f ms in NumPy (%.2fx). The decoder loop is where"
                            + " Python's per-step cost shows: %.1f vs %.1f ms (%.1fx).%n", s.scenario().name(), je * 1e3,
                    pe * 1e3, 100 * je / jw, pw / je, jp * 1e3, pp * 1e3, pp / jp, jd * 1e3, pd * 1e3, pd / jd));
        }
        ScenarioResult first = both.getFirst();
        md.append(String.format(Locale.ROOT, """
                - The decoder's ONNX Runtime runs themselves cost more from Python (%.1f vs %.1f us per step: numpy
                  inputs wrapped and outputs allocated at every `InferenceSession.run`, against the pipeline's
                  `IoBinding`s bound once to reused tensors); the rest of onnx-asr's per-step time is its Python loop.
                  The tone model's joint is small (a run takes %.1f us here), so what a step costs outside ONNX Runtime
                  (copying the 1024-channel encoder frame, two argmaxes, the meter's clock reads) is a larger share of
                  the decoder's time than it would be with a real Parakeet joint, whose run is much longer.

                """, median(ofDecoder(first.onnxAsrDecoder(), DecoderSample::inRuns)) / first.steps() * 1e6,
                median(ofDecoder(first.pipelineDecoder(), DecoderSample::inRuns)) / first.steps() * 1e6,
                median(ofDecoder(first.pipelineDecoder(), DecoderSample::inRuns)) / first.steps() * 1e6));
    }

    private static String fmtBytes(double b) {
        return Double.isNaN(b) ? "unknown" : String.format(Locale.ROOT, "%.1f", b);
    }

    private static void goals(StringBuilder md, Report r) {
        md.append("## Goals (issue 7)\n\n| goal | measured | |\n| --- | --- | --- |\n");
        for (ScenarioResult s : r.results()) {
            String n = s.scenario().name();
            if (!s.onnxAsr().isEmpty()) {
                double ratio = medianRatio(s);
                md.append(String.format(Locale.ROOT, "| onnx-asr time / pipeline time >= %.0fx, %s | %.2fx (median per-round"
                        + " ratio; min %.2fx) | %s |%n", RATIO_GOAL, n, ratio, min(s.ratios()), ratio >= RATIO_GOAL ? "met" : "**not met**"));
            } else {
                md.append("| onnx-asr time / pipeline time >= 2x, ").append(n).append(" | onnx-asr not run: ")
                        .append(r.onnxAsrSkipped()).append(" | unknown |\n");
            }
            double o = medianOverhead(s);
            md.append(String.format(Locale.ROOT, "| decoder-loop overhead < %.0f%% of decoder wall time, %s | %.1f%% (median) |"
                    + " %s |%n", 100 * OVERHEAD_GOAL, n, 100 * o, o < OVERHEAD_GOAL ? "met" : "**not met**"));
            double b = maxBytesPerStep(s);
            md.append(String.format(Locale.ROOT, "| 0 heap bytes per decoder step in steady state, %s | %s (max over the"
                    + " metered runs) | %s |%n", n, fmtBytes(b), b == 0 ? "met" : Double.isNaN(b) ? "unknown" : "**not met**"));
        }
        md.append('\n');
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException | UncheckedIOException e) {
            return System.getProperty("os.arch");
        }
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> String.format(Locale.ROOT, "%.1f GiB",
                            Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0)).findFirst().orElse("unknown");
        } catch (IOException | UncheckedIOException e) {
            return "unknown";
        }
    }
}
