package org.eppanama.bench;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
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

        Supplier<CBaseline.Rounds> cRun = () -> c.run(library, model, plan.cWarmupRounds, plan.cRounds, plan.cRoundMs);
        List<CBaseline.Rounds> cRuns = new ArrayList<>();
        List<Collection<RunResult>> call = new ArrayList<>();
        for (int pass = 0; pass < plan.passes; pass++) {
            cRuns.add(cRun.get());
            call.add(jmh(plan, RunCallBench.class, work, pass));
        }
        cRuns.add(cRun.get());
        List<Collection<RunResult>> handoff = new ArrayList<>();
        List<Collection<RunResult>> create = new ArrayList<>();
        for (int pass = 0; pass < plan.passes; pass++) {
            handoff.add(jmh(plan, HandoffBench.class, work, pass));
            create.add(jmh(plan, SessionCreateBench.class, work, pass));
        }

        // The report names files relative to the checkout, as the reader would type them.
        List<String> gcc = c.compileCommand().stream().map(a -> a.replace(root + "/", "")).toList();
        Figures figures = new Figures(plan, Machine.describe(), started, gcc, cRuns, Score.of(call), Score.of(handoff),
                Score.of(create), copies);
        Path report = plan == Plan.FULL ? root.resolve("docs/benchmarks.md") : root.resolve("bench/target/benchmarks-quick.md");
        Files.createDirectories(report.getParent());
        PipelineGoals pipeline = PipelineGoals.read(root);
        Files.writeString(report, MarkdownReport.render(figures, pipeline));
        System.out.println();
        Goal.evaluate(figures, pipeline).forEach(g -> System.out.println(g.status() + ": " + g.goal() + " (" + g.measured() + ")"));
        System.out.println("wrote " + root.relativize(report));
    }

    private static Collection<RunResult> jmh(Plan plan, Class<?> benchmark, Path work, int pass) throws RunnerException {
        return new Runner(plan.jmh(benchmark, work.resolve(benchmark.getSimpleName() + "-pass" + (pass + 1) + ".json"))).run();
    }
}
