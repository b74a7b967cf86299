package org.eppanama.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.ListStatistics;

/**
 * One measured figure over every timed iteration (or C round) of every pass: median, mean and the
 * half-width of the mean's 99.9% confidence interval (as JMH reports it), and the median of the bytes
 * allocated on the Java heap per operation (NaN where not measured).
 *
 * <p>Ratios use the median: on a machine shared with other builds, a neighbour's burst slows a few
 * iterations a lot, which moves the mean of one path and not the other's, but barely moves a median.
 */
public record Score(double median, double mean, double error, String unit, double bytesPerOp) {
    private static final String ALLOC_NORM = "gc.alloc.rate.norm";

    /** JMH results of several passes, merged and keyed {@code method}, or {@code method@frames} for parameterised ones. */
    public static Map<String, Score> of(List<Collection<RunResult>> passes) {
        Map<String, List<Double>> times = new LinkedHashMap<>();
        Map<String, List<Double>> allocs = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        for (Collection<RunResult> pass : passes) {
            for (RunResult r : pass) {
                String key = key(r.getParams());
                units.put(key, r.getPrimaryResult().getScoreUnit());
                for (BenchmarkResult fork : r.getBenchmarkResults()) {
                    for (IterationResult i : fork.getIterationResults()) {
                        times.computeIfAbsent(key, k -> new ArrayList<>()).add(i.getPrimaryResult().getScore());
                        for (String label : i.getSecondaryResults().keySet()) {
                            if (label.endsWith(ALLOC_NORM)) {
                                allocs.computeIfAbsent(key, k -> new ArrayList<>()).add(i.getSecondaryResults().get(label).getScore());
                            }
                        }
                    }
                }
            }
        }
        Map<String, Score> scores = new LinkedHashMap<>();
        times.forEach((key, values) -> scores.put(key, of(values, units.get(key), allocs.getOrDefault(key, List.of()))));
        return scores;
    }

    /** Per-op times (and allocations, possibly none) in {@code unit}. */
    public static Score of(List<Double> values, String unit, List<Double> bytesPerOp) {
        ListStatistics t = statistics(values);
        double alloc = bytesPerOp.isEmpty() ? Double.NaN : statistics(bytesPerOp).getPercentile(50);
        return new Score(t.getPercentile(50), t.getMean(), t.getMeanErrorAt(0.999), unit, alloc);
    }

    private static ListStatistics statistics(List<Double> values) {
        ListStatistics s = new ListStatistics();
        values.forEach(s::addValue);
        return s;
    }

    private static String key(BenchmarkParams params) {
        String benchmark = params.getBenchmark();
        String frames = params.getParam("frames");
        return benchmark.substring(benchmark.lastIndexOf('.') + 1) + (frames == null ? "" : "@" + frames);
    }

    /** This score over {@code baseline}'s, by median: how many times as long. */
    public double ratioTo(Score baseline) {
        return median / baseline.median;
    }
}
