package org.eppanama.bench;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eppanama.runtime.OrtLibrary;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;

/**
 * Runs every benchmark and writes the report: {@code BenchReport quick|full REPO_ROOT}. Full mode writes
 * docs/benchmarks.md; quick mode, a smoke run, writes bench/target/benchmarks-quick.md so that the
 * published figures are only ever full-mode ones.
 */
public final class BenchReport {
    private BenchReport() {
    }

    public static void main(String[] args) throws IOException, RunnerException, OrtException {
        if (args.length != 2 || !List.of("quick", "full").contains(args[0])) {
            System.err.println("usage: BenchReport quick|full REPO_ROOT");
            System.exit(2);
        }
        Plan plan = Plan.valueOf(args[0].toUpperCase(Locale.ROOT));
        Path root = Path.of(args[1]).toAbsolutePath().normalize();
        Path work = root.resolve("bench/target/bench-run");
        Files.createDirectories(work);
        String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

        CBaseline c = new CBaseline(root, work.resolve("ort_run_bench"));
        c.compile();
        List<CopyCount> copies = CopyCount.verify(801);
        if (!copies.equals(CopyCount.verify(6000))) {
            throw new IllegalStateException("copy counts differ between tensor sizes");
        }
        Path model = Files.write(work.resolve("add.onnx"), BenchModels.add());
        Path library = OrtLibrary.get().path();

        CBaseline.Rounds cBefore = c.run(library, model, plan.cWarmupRounds, plan.cRounds, plan.cRoundMs);
        Map<String, Score> call = jmh(plan, RunCallBench.class, work);
        CBaseline.Rounds cAfter = c.run(library, model, plan.cWarmupRounds, plan.cRounds, plan.cRoundMs);
        Map<String, Score> handoff = jmh(plan, HandoffBench.class, work);
        Map<String, Score> create = jmh(plan, SessionCreateBench.class, work);

        // The report names files relative to the checkout, as the reader would type them.
        List<String> gcc = c.compileCommand().stream().map(a -> a.replace(root + "/", "")).toList();
        Figures figures = new Figures(plan, Machine.describe(), started, gcc, cBefore, cAfter, call, handoff, create, copies);
        Path report = plan == Plan.FULL ? root.resolve("docs/benchmarks.md") : root.resolve("bench/target/benchmarks-quick.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, MarkdownReport.render(figures));
        System.out.println();
        Goal.evaluate(figures).forEach(g -> System.out.println(g.status() + ": " + g.goal() + " (" + g.measured() + ")"));
        System.out.println("wrote " + root.relativize(report));
    }

    private static Map<String, Score> jmh(Plan plan, Class<?> benchmark, Path work) throws RunnerException {
        Collection<RunResult> results = new Runner(plan.jmh(benchmark, work.resolve(benchmark.getSimpleName() + ".json"))).run();
        return Score.of(results);
    }
}
