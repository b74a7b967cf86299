package org.eppanama.repro;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The crash reproduction harness: runs a scenario in isolation, writes and runs its C reproducer, and bisects
 * its options. Each scenario's files go to {@code <scenario folder>/<stem>.repro/} unless a work folder is given:
 * {@code run/} (the child JVM's trace, output, hs_err log), {@code c/} (the C program, its build script and
 * output), {@code bisect/} (one folder per child run).
 */
public final class Harness {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final Duration timeout;
    private final Path workDir;
    private final Path headers;
    private final Consumer<String> progress;

    /**
     * @param timeout  how long one child JVM or C program may run before it is killed and classified timeout
     * @param workDir  where to keep run files; null for {@code <stem>.repro} next to each scenario
     * @param headers  ONNX Runtime C headers for the C reproducer; null to look them up ({@link OrtHeaders#locate})
     * @param progress receives one line per bisect step
     */
    public Harness(Duration timeout, Path workDir, Path headers, Consumer<String> progress) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
        this.workDir = workDir;
        this.headers = headers;
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** Runs the scenario in a child JVM and classifies how it ended. */
    public RunReport run(ScenarioFile scenario) throws IOException {
        return JvmRun.run(scenario, work(scenario).resolve("run"), timeout);
    }

    /** Runs the scenario in a child JVM, then its C reproducer against the library the child loaded. */
    public EmitCResult emitC(ScenarioFile scenario) throws IOException {
        Path include = OrtHeaders.locate(Optional.ofNullable(headers));
        RunReport jvm = run(scenario);
        Path library = scenario.ortLibrary().or(jvm::library).orElseThrow(() -> new IOException("the JVM run ended ("
                + jvm.outcome().describe() + ") before loading ONNX Runtime, so the C program has no library to use:"
                + " name it with \"ortLibrary\" in the scenario"));
        return new EmitCResult(jvm, CReproducer.emitAndRun(scenario, library, include, work(scenario).resolve("c"), timeout));
    }

    /** Narrows the scenario's options down to a smallest set that fails the same way; writes {@code <stem>.reduced.json}. */
    public BisectResult bisect(ScenarioFile scenario) throws IOException {
        return new Bisector(timeout, work(scenario).resolve("bisect"), progress).bisect(scenario);
    }

    private Path work(ScenarioFile scenario) {
        return workDir != null ? workDir : scenario.path().resolveSibling(scenario.stem() + ".repro");
    }
}
