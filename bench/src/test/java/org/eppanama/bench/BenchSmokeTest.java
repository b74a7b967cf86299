package org.eppanama.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.eppanama.runtime.OrtLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Catches a broken bench in seconds, without measuring anything: the C baseline compiles and runs, every
 * JMH benchmark method runs once through JMH's generated code (states set up and torn down), the copy
 * counts hold, and their results flow through the report.
 */
class BenchSmokeTest {
    /** Surefire runs in the module folder. */
    private static final Path REPO_ROOT = Path.of("..");

    @Test
    void cBaselineCompilesAndTimesBothWaysToRun(@TempDir Path dir) throws Exception {
        CBaseline.Rounds rounds = runC(dir);
        assertEquals(2, rounds.run().size());
        assertEquals(2, rounds.binding().size());
        rounds.run().forEach(ns -> assertTrue(ns > 0, "ns/op " + ns));
        rounds.binding().forEach(ns -> assertTrue(ns > 0, "ns/op " + ns));
    }

    @Test
    void thisRuntimeCopiesNothingAndTheJniPathsCopyAsDocumented() throws Exception {
        List<CopyCount> counts = CopyCount.verify(801);
        assertEquals(List.of("ffmSessionRun", "ffmIoBinding", "ffmWrapPerRun", "jniHeapBuffer", "jniDirectBuffer", "jniPinnedDirect"),
                counts.stream().map(CopyCount::path).toList());
        counts.stream().filter(c -> c.path().startsWith("ffm"))
                .forEach(c -> assertEquals(0, c.inputCopies() + c.outputCopies(), c.path()));
    }

    @Test
    void everyBenchmarkRunsOnceAndTheReportRendersIt(@TempDir Path dir) throws Exception {
        Collection<RunResult> once = new Runner(new OptionsBuilder()
                .include("^org\\.eppanama\\.bench\\.")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .mode(Mode.SingleShotTime)
                .shouldFailOnError(true)
                .build()).run();
        Map<String, Score> scores = Score.of(List.of(once));
        // RunCallBench 5, HandoffBench 6 at two sizes, SessionCreateBench 3.
        assertEquals(20, scores.size(), scores.keySet().toString());

        Figures figures = new Figures(Plan.QUICK, Machine.describe(), "now", List.of("gcc"), List.of(runC(dir)), scores,
                scores, scores, CopyCount.verify(801));
        String report = MarkdownReport.render(figures);
        for (Goal g : Goal.evaluate(figures)) {
            assertTrue(report.contains("| " + g.goal() + " | **" + g.status() + "** |"), g.goal());
        }
        assertTrue(report.contains("**Not measured yet**: run `pipeline/bench.sh full`."),
                "without the pipeline report, section 4 says how to get its figures");
        assertFalse(report.contains("NaN"), report);
    }

    private static CBaseline.Rounds runC(Path dir) throws Exception {
        CBaseline c = new CBaseline(REPO_ROOT, dir.resolve("ort_run_bench"));
        c.compile();
        Path model = Files.write(dir.resolve("add.onnx"), BenchModels.add());
        return c.run(OrtLibrary.get().path(), model, 0, 2, 5);
    }
}
