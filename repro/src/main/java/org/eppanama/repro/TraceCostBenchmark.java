package org.eppanama.repro;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eppanama.bindings.ort.OrtApi;
import org.eppanama.runtime.CallTrace;
import org.eppanama.runtime.GraphOptimizationLevel;
import org.eppanama.runtime.OrtLibrary;
import org.eppanama.runtime.SessionOptions;

/**
 * What the call trace costs. Each fork (a fresh JVM, trace off or on, forks alternating) times, side by
 * side in alternating rounds, the cheapest traced call there is: SetSessionGraphOptimizationLevel through the
 * runtime ({@link SessionOptions#graphOptimizationLevel}: trace sites, closed check, status check) and through
 * the raw binding with a status check and no trace site. The runtime/raw ratio with the trace off bounds what
 * the off switch costs from above (it also holds the runtime's closed check); with it on, the ratio is what a
 * traced call costs (each line written to /dev/null, so the disk does not count).
 */
public final class TraceCostBenchmark {
    private static final String RESULT = "RESULT ";
    private static final int BATCH = 20_000;

    private TraceCostBenchmark() {
    }

    /** One fork's medians, in nanoseconds per call. */
    record Fork(boolean traced, double runtimeNs, double rawNs) {
        double ratio() {
            return runtimeNs / rawNs;
        }
    }

    /** The forks' results, and the ratio of the medians over all forks of each kind. */
    record Result(List<Fork> forks) {
        double ratio(boolean traced) {
            return median(forks.stream().filter(f -> f.traced() == traced).mapToDouble(Fork::ratio).toArray());
        }

        String format() {
            StringBuilder sb = new StringBuilder("SetSessionGraphOptimizationLevel, ns per call (median of rounds), runtime vs raw binding:\n");
            for (int i = 0; i < forks.size(); i++) {
                Fork f = forks.get(i);
                sb.append(String.format("  fork %d, trace %-3s  runtime %8.1f   raw %6.1f   ratio %6.2f%n", i + 1,
                        f.traced() ? "on" : "off", f.runtimeNs(), f.rawNs(), f.ratio()));
            }
            return sb.append(String.format("trace off: runtime/raw = %.3f (1.000 = no cost)%n", ratio(false)))
                    .append(String.format("trace on:  runtime/raw = %.1f%n", ratio(true))).toString();
        }
    }

    /** Runs {@code forks} pairs of forks (off, on), each measuring for about {@code seconds}. */
    static Result measure(int forks, double seconds) throws IOException, InterruptedException {
        List<Fork> results = new ArrayList<>();
        for (int i = 0; i < forks; i++) {
            for (boolean traced : new boolean[] {false, true}) {
                results.add(fork(traced, seconds));
            }
        }
        return new Result(results);
    }

    private static Fork fork(boolean traced, double seconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        if (traced) {
            cmd.add("-D" + CallTrace.PROPERTY + "=/dev/null");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), TraceCostBenchmark.class.getName(), "--fork",
                Double.toString(seconds)));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("benchmark fork (trace " + (traced ? "on" : "off") + ") failed with status " + p.exitValue() + ":\n" + out);
        }
        String line = out.lines().filter(l -> l.startsWith(RESULT)).findFirst()
                .orElseThrow(() -> new IOException("benchmark fork printed no result:\n" + out));
        String[] ns = line.substring(RESULT.length()).split(" ");
        return new Fork(traced, Double.parseDouble(ns[0]), Double.parseDouble(ns[1]));
    }

    /** The fork's side: {@code --fork SECONDS}; prints {@code RESULT <runtime ns> <raw ns>}. */
    public static void main(String[] args) {
        if (args.length != 2 || !args[0].equals("--fork")) {
            System.err.println("usage: TraceCostBenchmark --fork SECONDS (started by 'repro bench-trace')");
            System.exit(2);
        }
        double seconds = Double.parseDouble(args[1]);
        MemorySegment api = OrtLibrary.get().api();
        try (SessionOptions options = SessionOptions.create()) {
            MemorySegment handle = options.rawHandle();
            long warmupEnd = System.nanoTime() + (long) (seconds * 0.3e9);
            while (System.nanoTime() < warmupEnd) {
                runtimeBatch(options);
                rawBatch(api, handle);
            }
            List<Double> runtime = new ArrayList<>();
            List<Double> raw = new ArrayList<>();
            long end = System.nanoTime() + (long) (seconds * 0.7e9);
            while (System.nanoTime() < end || runtime.size() < 5) {
                runtime.add(runtimeBatch(options));
                raw.add(rawBatch(api, handle));
            }
            System.out.println(RESULT + median(runtime.stream().mapToDouble(d -> d).toArray()) + " "
                    + median(raw.stream().mapToDouble(d -> d).toArray()));
        }
    }

    private static double runtimeBatch(SessionOptions options) {
        long start = System.nanoTime();
        for (int i = 0; i < BATCH; i++) {
            options.graphOptimizationLevel(GraphOptimizationLevel.ENABLE_ALL);
        }
        return (System.nanoTime() - start) / (double) BATCH;
    }

    private static double rawBatch(MemorySegment api, MemorySegment handle) {
        long start = System.nanoTime();
        for (int i = 0; i < BATCH; i++) {
            MemorySegment status = OrtApi.SetSessionGraphOptimizationLevel.invoke(OrtApi.SetSessionGraphOptimizationLevel(api),
                    handle, GraphOptimizationLevel.ENABLE_ALL.code());
            if (!status.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("SetSessionGraphOptimizationLevel failed");
            }
        }
        return (System.nanoTime() - start) / (double) BATCH;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
