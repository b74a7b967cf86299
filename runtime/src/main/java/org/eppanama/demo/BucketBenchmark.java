package org.eppanama.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eppanama.onnx.ConformerLikeEncoder;
import org.eppanama.openvino.BucketedModel;
import org.eppanama.openvino.Core;
import org.eppanama.openvino.Model;
import org.eppanama.openvino.OpenVinoLibrary;
import org.eppanama.openvino.OvProperties;
import org.eppanama.openvino.PerformanceHint;
import org.eppanama.runtime.ElementType;

/**
 * Compile and inference figures of static-shape buckets through OpenVINO, side by side in one run: the
 * conformer-like encoder is compiled cold for each bucket into an empty cache folder, then (with one bucket
 * resident, so each was evicted) compiled again from that cache; after each compile the bucket runs a few
 * requests of its full length, timed without padding and copying. That is repeated with fresh cache folders,
 * and the median and minimum printed. The device plugin is loaded first, so no bucket's compile includes it.
 * <pre>
 * BucketBenchmark [--library libopenvino_c.so] [--device CPU] [--buckets 250,500,1000,2000] [--runs 10]
 *                 [--repeats 3] [--features 128] [--d-model 256] [--ff-dim 1024]
 * </pre>
 * Without --library the library comes from -Deppanama.openvino.library or EPPANAMA_OPENVINO_LIBRARY.
 */
public final class BucketBenchmark {
    private BucketBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = options(args);
        if (opts.containsKey("library")) {
            OpenVinoLibrary.load(Path.of(opts.get("library")));
        }
        String device = opts.getOrDefault("device", "CPU");
        long[] buckets = Arrays.stream(opts.getOrDefault("buckets", "250,500,1000,2000").split(","))
                .mapToLong(Long::parseLong).sorted().toArray();
        int runs = Integer.parseInt(opts.getOrDefault("runs", "10"));
        int repeats = Integer.parseInt(opts.getOrDefault("repeats", "3"));
        ConformerLikeEncoder encoder = new ConformerLikeEncoder()
                .features(Integer.parseInt(opts.getOrDefault("features", "128")))
                .dModel(Integer.parseInt(opts.getOrDefault("d-model", "256")))
                .ffDim(Integer.parseInt(opts.getOrDefault("ff-dim", "1024")));
        byte[] model = encoder.build();
        Path caches = Files.createTempDirectory("eppanama-ov-cache-");
        Map<Long, List<Duration>> cold = new TreeMap<>();
        Map<Long, List<Duration>> cached = new TreeMap<>();
        Map<Long, List<Duration>> infer = new TreeMap<>();
        try (Core core = Core.create(); Arena arena = Arena.ofConfined()) {
            System.out.printf("OpenVINO %s, device %s (%s), %d processors%n", OpenVinoLibrary.get().version(), device,
                    core.fullDeviceName(device), Runtime.getRuntime().availableProcessors());
            System.out.printf("conformer-like encoder: %d features, d_model %d, ff %d, %d bytes; buckets %s%n",
                    encoder.features(), encoder.dModel(), encoder.ffDim(), model.length, Arrays.toString(buckets));
            OvProperties props = OvProperties.none().performanceHint(PerformanceHint.LATENCY);
            // The device plugin loads on the first compile: a tiny one here keeps that out of the first bucket.
            long start = System.nanoTime();
            try (Model tiny = core.readModel(new ConformerLikeEncoder().features(4).dModel(4).ffDim(4).build())) {
                core.compile(tiny, device, props).close();
            }
            System.out.printf("plugin load + a tiny compile: %.1f ms%n", (System.nanoTime() - start) / 1e6);
            Map<Long, MemorySegment> audio = new TreeMap<>();
            for (long b : buckets) {
                audio.put(b, audio(arena, encoder.features(), b));
            }
            for (int r = 0; r < repeats; r++) {
                // Each repeat has an empty cache folder of its own, so its first compiles are cold.
                try (BucketedModel bucketed = BucketedModel.builder(core, core.readModel(model))
                        .timeInput(ConformerLikeEncoder.AUDIO, 1, encoder.features(), -1)
                        .lengthInput(ConformerLikeEncoder.LENGTH).buckets(buckets).device(device).maxResident(1)
                        .cacheDir(caches.resolve("repeat-" + r)).properties(props).build()) {
                    // Pass 1 compiles each bucket cold, pass 2 loads each from the cache (one resident: each was evicted).
                    for (int pass = 0; pass < 2; pass++) {
                        for (long b : buckets) {
                            for (int i = 0; i < (pass == 0 ? 1 : 1 + runs); i++) {
                                try (Arena outputs = Arena.ofConfined()) {
                                    Duration t = bucketed.infer(audio.get(b), b, outputs).inferTime();
                                    // The first request of a pass compiles: it is the warm-up, not timed.
                                    if (i > 0) {
                                        infer.computeIfAbsent(b, k -> new ArrayList<>()).add(t);
                                    }
                                }
                            }
                        }
                    }
                    for (BucketedModel.BucketStats s : bucketed.stats()) {
                        cold.computeIfAbsent(s.bucket(), k -> new ArrayList<>()).add(s.lastColdCompile());
                        cached.computeIfAbsent(s.bucket(), k -> new ArrayList<>()).add(s.lastCachedCompile());
                    }
                }
            }
            System.out.printf("median (min) of %d repeats for compiles, of %d runs for inference, in ms:%n", repeats,
                    repeats * runs);
            System.out.printf("%8s %18s %18s %18s %10s%n", "bucket", "cold compile", "from cache", "infer", "infer max");
            for (long b : buckets) {
                System.out.printf("%8d %18s %18s %18s %10.2f%n", b, medianAndMin(cold.get(b)), medianAndMin(cached.get(b)),
                        medianAndMin(infer.get(b)), ms(infer.get(b).stream().max(Comparator.naturalOrder()).orElseThrow()));
            }
        } finally {
            try (Stream<Path> files = Files.walk(caches)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    private static String medianAndMin(List<Duration> times) {
        List<Duration> sorted = times.stream().sorted().toList();
        return String.format("%.2f (%.2f)", ms(sorted.get(sorted.size() / 2)), ms(sorted.getFirst()));
    }

    private static MemorySegment audio(Arena arena, int features, long steps) {
        SplittableRandom random = new SplittableRandom(steps);
        MemorySegment s = arena.allocate(ValueLayout.JAVA_FLOAT, features * steps);
        for (long i = 0; i < features * steps; i++) {
            s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) random.nextDouble(-1, 1));
        }
        return s;
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }

    private static Map<String, String> options(String[] args) {
        List<String> names = List.of("library", "device", "buckets", "runs", "repeats", "features", "d-model", "ff-dim");
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!names.contains(name) || i + 1 == args.length) {
                throw new IllegalArgumentException("expected --name value pairs with a name of " + names + ", got "
                        + List.of(args));
            }
            opts.put(name, args[i + 1]);
        }
        return opts;
    }
}
