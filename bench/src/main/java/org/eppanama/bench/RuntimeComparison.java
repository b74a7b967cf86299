package org.eppanama.bench;

import static org.eppanama.bench.Goal.fmt;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * A runtime change measured before and after, side by side: this module's benchmarks of the runtime run
 * against two runtime jars in alternating passes (before, after, before, after, ...), each pass in a child
 * JVM whose class path holds one of the jars, and a table of medians is printed. bench/compare-runtime.sh
 * builds the "before" jar from a git ref and calls this.
 *
 * <p>{@code RuntimeComparison BEFORE_JAR AFTER_JAR PASSES OUT_DIR}
 */
public final class RuntimeComparison {
    /** Every benchmark whose cost the runtime decides, at the smaller hand-off size. */
    static final String INCLUDE = "RunCallBench\\.ffm(SessionRun|IoBinding)|HandoffBench\\.ffm(SessionRun|WrapPerRun)|SessionCreateBench\\.ffmCreate";
    private static final String PASS = "--pass";

    private RuntimeComparison() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals(PASS)) {
            onePass(Path.of(args[1]));
            return;
        }
        if (args.length != 4) {
            System.err.println("usage: RuntimeComparison BEFORE_JAR AFTER_JAR PASSES OUT_DIR");
            System.exit(2);
        }
        Path out = Files.createDirectories(Path.of(args[3]));
        List<Collection<RunResult>> before = new ArrayList<>();
        List<Collection<RunResult>> after = new ArrayList<>();
        for (int pass = 1; pass <= Integer.parseInt(args[2]); pass++) {
            before.add(childPass(Path.of(args[0]), out.resolve("before-" + pass)));
            after.add(childPass(Path.of(args[1]), out.resolve("after-" + pass)));
        }
        String table = table(Score.of(before), Score.of(after));
        Files.writeString(out.resolve("comparison.md"), table);
        System.out.println(table);
    }

    /** Runs one pass in a child JVM whose class path has {@code runtimeJar} in place of this build's runtime. */
    @SuppressWarnings("unchecked")
    private static Collection<RunResult> childPass(Path runtimeJar, Path out) throws IOException, InterruptedException,
            ClassNotFoundException {
        String classPath = Stream.concat(Stream.of(runtimeJar.toAbsolutePath().toString()),
                        Arrays.stream(System.getProperty("java.class.path").split(":")).filter(e -> !e.contains("eppanama-runtime-")))
                .collect(Collectors.joining(":"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp", classPath,
                RuntimeComparison.class.getName(), PASS, out.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the pass against " + runtimeJar + " failed");
        }
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(out.resolve("results.ser")))) {
            return (Collection<RunResult>) in.readObject();
        }
    }

    /** In the child: one JMH pass with the full plan's settings; results serialized for the parent (JMH's own format between JVMs). */
    private static void onePass(Path out) throws IOException, RunnerException {
        Files.createDirectories(out);
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .parent(Plan.FULL.jmh(INCLUDE, out.resolve("results.json")))
                .param("frames", "801")
                .build()).run();
        try (ObjectOutputStream o = new ObjectOutputStream(Files.newOutputStream(out.resolve("results.ser")))) {
            o.writeObject(new ArrayList<>(results));
        }
    }

    private static String table(Map<String, Score> before, Map<String, Score> after) {
        StringBuilder t = new StringBuilder("| benchmark | unit | before (median) | after (median) | after / before | B/op before | B/op after |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- |\n");
        before.forEach((key, b) -> {
            Score a = after.get(key);
            t.append(fmt("| %s | %s | %.1f | %.1f | %.2f | %s | %s |%n", key, b.unit(), b.median(), a.median(), a.ratioTo(b),
                    Goal.bytes(b), Goal.bytes(a)));
        });
        return t.toString();
    }
}
