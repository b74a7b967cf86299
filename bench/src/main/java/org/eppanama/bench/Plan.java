package org.eppanama.bench;

import java.nio.file.Path;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * How long each benchmark runs. QUICK is a smoke run (under a minute on 2 cores); FULL gives the published
 * figures (under 15 minutes on 2 cores). Each benchmark group runs in several passes of one fork per
 * benchmark, one pass after the other, instead of all forks of one benchmark before the next: a stretch
 * of load from other builds on this shared machine then falls on every path alike, and a JIT or layout
 * accident in one JVM shows up as spread instead of as the result.
 */
public enum Plan {
    QUICK(1, 1, 100, 2, 100, 1, 2, 100),
    FULL(3, 3, 1000, 5, 1000, 2, 5, 1000);

    /** Forked JVMs get the same heap and native access the runtime needs; nothing else is tuned. */
    public static final String[] JVM_ARGS = {"--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g"};

    public final int passes;
    public final int warmupIterations;
    public final int warmupMs;
    public final int iterations;
    public final int iterationMs;
    public final int cWarmupRounds;
    public final int cRounds;
    public final int cRoundMs;

    Plan(int passes, int warmupIterations, int warmupMs, int iterations, int iterationMs, int cWarmupRounds, int cRounds,
         int cRoundMs) {
        this.passes = passes;
        this.warmupIterations = warmupIterations;
        this.warmupMs = warmupMs;
        this.iterations = iterations;
        this.iterationMs = iterationMs;
        this.cWarmupRounds = cWarmupRounds;
        this.cRounds = cRounds;
        this.cRoundMs = cRoundMs;
    }

    /** JMH options for one pass over {@code benchmark}, with the gc profiler (bytes allocated per op), results also as JSON. */
    public Options jmh(Class<?> benchmark, Path json) {
        return jmh("^" + benchmark.getName().replace(".", "\\.") + "\\.", json);
    }

    /** The same for the benchmarks {@code includeRegex} matches. */
    public Options jmh(String includeRegex, Path json) {
        return new OptionsBuilder()
                .include(includeRegex)
                .forks(1)
                .warmupIterations(warmupIterations)
                .warmupTime(TimeValue.milliseconds(warmupMs))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.milliseconds(iterationMs))
                .jvmArgs(JVM_ARGS)
                .addProfiler(GCProfiler.class)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString())
                .build();
    }

    /** The JMH command-line flags equivalent to {@link #jmh} (one pass), for the report. */
    public String jmhFlags() {
        return "-f 1 -wi " + warmupIterations + " -w " + warmupMs + "ms -i " + iterations + " -r " + iterationMs
                + "ms -prof gc -jvmArgs '" + String.join(" ", JVM_ARGS) + "'";
    }
}
