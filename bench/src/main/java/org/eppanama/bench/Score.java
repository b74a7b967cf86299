package org.eppanama.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.ListStatistics;

/**
 * One measured figure: mean, half-width of its 99.9% confidence interval (as JMH reports it), unit, and
 * bytes allocated on the Java heap per operation (NaN where not measured).
 */
public record Score(double value, double error, String unit, double bytesPerOp) {
    private static final String ALLOC_NORM = "gc.alloc.rate.norm";

    /** JMH results keyed {@code method} or {@code method@frames} for parameterised benchmarks. */
    public static Map<String, Score> of(Collection<RunResult> results) {
        Map<String, Score> scores = new LinkedHashMap<>();
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark();
            String frames = r.getParams().getParam("frames");
            String key = benchmark.substring(benchmark.lastIndexOf('.') + 1) + (frames == null ? "" : "@" + frames);
            Result<?> primary = r.getPrimaryResult();
            double alloc = Double.NaN;
            for (String label : r.getSecondaryResults().keySet()) {
                if (label.endsWith(ALLOC_NORM)) {
                    alloc = r.getSecondaryResults().get(label).getScore();
                }
            }
            scores.put(key, new Score(primary.getScore(), primary.getScoreError(), primary.getScoreUnit(), alloc));
        }
        return scores;
    }

    /** The C program's rounds, summarised the way JMH summarises iterations. */
    public static Score ofRounds(List<Double> nsPerOp) {
        ListStatistics stats = new ListStatistics();
        nsPerOp.forEach(stats::addValue);
        return new Score(stats.getMean(), stats.getMeanErrorAt(0.999), "ns/op", Double.NaN);
    }

    /** This score over {@code baseline}'s: how many times as long. */
    public double ratioTo(Score baseline) {
        return value / baseline.value;
    }
}
