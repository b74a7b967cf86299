package org.eppanama.bench;

import java.nio.file.Path;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * How long each benchmark runs. QUICK is a smoke run (under a minute on 2 cores); FULL gives the published
 * figures (well under 15 minutes on 2 cores): two forks, so a JIT or layout accident in one JVM shows up
 * as spread instead of as the result.
 */
public enum Plan {
    QUICK(1, 1, 100, 2, 100, 1, 2, 100),
    FULL(2, 4, 1000, 6, 1000, 2, 10, 1000);

    /** Forked JVMs get the same heap and native access the runtime needs; nothing else is tuned. */
    public static final String[] JVM_ARGS = {"--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g"};

    public final int forks;
    public final int warmupIterations;
    public final int warmupMs;
    public final int iterations;
    public final int iterationMs;
    public final int cWarmupRounds;
    public final int cRounds;
    public final int cRoundMs;

    Plan(int forks, int warmupIterations, int warmupMs, int iterations, int iterationMs, int cWarmupRounds, int cRounds,
         int cRoundMs) {
        this.forks = forks;
        this.warmupIterations = warmupIterations;
        this.warmupMs = warmupMs;
        this.iterations = iterations;
        this.iterationMs = iterationMs;
        this.cWarmupRounds = cWarmupRounds;
        this.cRounds = cRounds;
        this.cRoundMs = cRoundMs;
    }

    /** JMH options for every benchmark of {@code benchmark}, with the gc profiler (bytes allocated per op), results also as JSON. */
    public Options jmh(Class<?> benchmark, Path json) {
        return new OptionsBuilder()
                .include("^" + benchmark.getName().replace(".", "\\.") + "\\.")
                .forks(forks)
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

    /** The JMH command-line flags equivalent to {@link #jmh}, for the report. */
    public String jmhFlags() {
        return "-f " + forks + " -wi " + warmupIterations + " -w " + warmupMs + "ms -i " + iterations + " -r " + iterationMs
                + "ms -prof gc -jvmArgs '" + String.join(" ", JVM_ARGS) + "'";
    }
}
