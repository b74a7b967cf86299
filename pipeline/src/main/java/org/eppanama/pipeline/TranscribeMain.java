package org.eppanama.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eppanama.runtime.Environment;

/**
 * Command line: transcribes WAV files with a model folder and prints the text, each token's time and the time
 * each stage took.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp ... org.eppanama.pipeline.TranscribeMain \
 *     --model DIR [--precision fp32|int8|fp16] [--window SECONDS --overlap SECONDS] [--buckets S,S,...] \
 *     [--preprocessor auto|model|java] [--max-symbols N] FILE.wav...
 * </pre>
 */
public final class TranscribeMain {
    private TranscribeMain() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    static void run(String[] args) {
        Path model = null;
        List<Path> wavs = new ArrayList<>();
        TranscriberOptions.Builder options = TranscriberOptions.builder();
        Double window = null;
        double overlap = TranscriberOptions.DEFAULT_OVERLAP_SECONDS;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--model" -> model = Path.of(value(args, ++i, a));
                case "--precision" -> options.precision(Precision.parse(value(args, ++i, a)));
                case "--window" -> window = Double.parseDouble(value(args, ++i, a));
                case "--overlap" -> overlap = Double.parseDouble(value(args, ++i, a));
                case "--buckets" -> options.encoderBuckets(Arrays.stream(value(args, ++i, a).split(","))
                        .mapToDouble(Double::parseDouble).toArray());
                case "--preprocessor" -> options.preprocessing(preprocessing(value(args, ++i, a)));
                case "--max-symbols" -> options.maxSymbolsPerFrame(Integer.parseInt(value(args, ++i, a)));
                default -> {
                    if (a.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
                    }
                    wavs.add(Path.of(a));
                }
            }
        }
        if (model == null || wavs.isEmpty()) {
            throw new IllegalArgumentException(usage());
        }
        if (window != null) {
            options.chunking(window, overlap);
        } else if (overlap != TranscriberOptions.DEFAULT_OVERLAP_SECONDS) {
            options.chunking(TranscriberOptions.DEFAULT_WINDOW_SECONDS, overlap);
        }
        try (Environment env = Environment.create()) {
            long t0 = System.nanoTime();
            try (Transcriber asr = Transcriber.load(env, model, options.build())) {
                System.out.printf("model: %s%nloaded in %.1f ms; windows of %.2f s overlapping %.2f s; encoder %s%n",
                        asr.files(), (System.nanoTime() - t0) / 1e6, asr.chunkPlan().windowSeconds(),
                        asr.chunkPlan().overlapSeconds(), asr.encoder());
                for (Path wav : wavs) {
                    Transcript t = asr.transcribe(wav);
                    System.out.printf("%n%s (%.2f s)%ntext: %s%n", wav, t.audioSeconds(), t.text());
                    for (TimedToken tok : t.tokens()) {
                        System.out.printf("  %8.2f s  frame %5d  %-12s id %d%n", tok.seconds(), tok.frame(), tok.piece(), tok.id());
                    }
                    System.out.printf("timing: %s; real-time factor %.4f%n", t.timings(), t.realTimeFactor());
                }
            }
        }
    }

    private static TranscriberOptions.Preprocessing preprocessing(String s) {
        for (TranscriberOptions.Preprocessing p : TranscriberOptions.Preprocessing.values()) {
            if (p.name().equalsIgnoreCase(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preprocessor '" + s + "'; use auto, model or java");
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + usage());
        }
        return args[i];
    }

    private static String usage() {
        return "usage: TranscribeMain --model DIR [--precision fp32|int8|fp16] [--window S --overlap S] [--buckets S,S,...]"
                + " [--preprocessor auto|model|java] [--max-symbols N] FILE.wav...";
    }
}
