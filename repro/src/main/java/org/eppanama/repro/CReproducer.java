package org.eppanama.repro;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes the C reproducer of a scenario ({@code <stem>.c} and its build line in {@code <stem>.build.sh}),
 * builds it with the script and runs it, isolated like the child JVM, classifying the run by the same rules.
 */
final class CReproducer {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(2);
    private static final int EXIT_ORT_ERROR = 3;
    private static final int EXIT_HARNESS_ERROR = 4;
    private static final String HARNESS_ERROR = "HARNESS_ERROR: ";
    private static final String FRAMES_BEGIN = "NATIVE FRAMES BEGIN";
    private static final String FRAMES_END = "NATIVE FRAMES END";

    private CReproducer() {
    }

    static CReproduction emitAndRun(ScenarioFile file, Path library, Path headers, Path dir, Duration timeout) throws IOException {
        Path work = WorkDir.fresh(dir.toAbsolutePath());
        Path source = work.resolve(file.stem() + ".c");
        Path script = work.resolve(file.stem() + ".build.sh");
        Path binary = work.resolve(file.stem());
        String compiler = Optional.ofNullable(System.getenv("CC")).filter(cc -> !cc.isBlank()).orElse("gcc");
        String buildLine = shell(List.of(compiler, "-std=c11", "-O0", "-g", "-Wall", "-I" + headers, "-o", binary.toString(),
                source.toString(), "-ldl"));
        Files.writeString(source, CProgram.source(file, library, buildLine));
        Files.writeString(script, "#!/bin/sh\n# Builds the C reproducer of " + file.path() + "\nset -e\n" + buildLine + "\n");
        if (!script.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + script + " executable");
        }
        build(script, work);

        Path stdout = work.resolve("stdout.log");
        Path stderr = work.resolve("stderr.log");
        IsolatedProcess.Result process = IsolatedProcess.run(List.of(binary.toString()), work, stdout, stderr, timeout);
        // The program writes its call trace on stderr, between ONNX Runtime's log lines.
        CallTraceLog log = CallTraceLog.read(stderr);
        OutputSummary err = OutputSummary.of(stderr);
        Optional<Outcome> reported = switch (process.exitStatus()) {
            case 0 -> Optional.of(new Outcome.Ok());
            case EXIT_ORT_ERROR -> log.lastError().map(Outcome.class::cast);
            case EXIT_HARNESS_ERROR -> Optional.of(new Outcome.HarnessError(harnessError(stderr)));
            default -> Optional.empty();
        };
        Outcome outcome = Classifier.classify(process, timeout, Optional.empty(), nativeFrames(stderr), reported, log.calls(),
                err.lastLine());
        RunReport report = new RunReport("C reproducer", outcome, Optional.of(library), log.lastUnfinished(), log.calls(), process.exitStatus(),
                process.elapsed(), work, stderr, OutputSummary.of(stdout), err);
        return new CReproduction(source, script, buildLine, binary, report);
    }

    private static void build(Path script, Path work) throws IOException {
        Path log = work.resolve("build.log");
        IsolatedProcess.Result result = IsolatedProcess.run(List.of("sh", script.toString()), work, log, log, BUILD_TIMEOUT);
        if (result.timedOut() || result.exitStatus() != 0) {
            throw new IOException("building the C reproducer failed (" + (result.timedOut() ? "timed out" : "exit status "
                    + result.exitStatus()) + "); " + log + " says:\n" + Files.readString(log)
                    + "(is gcc installed? set CC to use another C compiler)");
        }
    }

    /** The frames the program's fatal signal handler printed, at most {@link HsErrFile#MAX_FRAMES}. */
    private static List<String> nativeFrames(Path stderr) throws IOException {
        List<String> lines = Files.readAllLines(stderr);
        int begin = lines.indexOf(FRAMES_BEGIN);
        if (begin < 0) {
            return List.of();
        }
        return lines.subList(begin + 1, lines.size()).stream().takeWhile(l -> !l.equals(FRAMES_END))
                .limit(HsErrFile.MAX_FRAMES).toList();
    }

    private static String harnessError(Path stderr) throws IOException {
        return Files.readAllLines(stderr).stream().filter(l -> l.startsWith(HARNESS_ERROR))
                .map(l -> l.substring(HARNESS_ERROR.length())).reduce((a, b) -> b).orElse("no message on " + stderr);
    }

    /** A POSIX shell command line: each word single-quoted unless it is plainly safe. */
    static String shell(List<String> words) {
        List<String> quoted = new ArrayList<>();
        for (String w : words) {
            quoted.add(w.matches("[A-Za-z0-9_./=+:,@%-]+") ? w : "'" + w.replace("'", "'\\''") + "'");
        }
        return String.join(" ", quoted);
    }
}
