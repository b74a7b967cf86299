package org.eppanama.repro;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eppanama.runtime.CallTrace;
import org.eppanama.runtime.OrtLibrary;

/**
 * Runs a scenario in a child JVM with this JVM's classpath, the call trace on and the fatal error log
 * directed into the work folder, and classifies how the child ended. The work folder keeps
 * {@code scenario.json} (the scenario as run, paths absolute), {@code calls.trace}, {@code stdout.log},
 * {@code stderr.log}, {@code ort-library.txt} once ONNX Runtime is loaded, {@code result.json} when the child lived to write it, and {@code hs_err_pid<pid>.log}
 * when the JVM caught a fatal signal.
 */
final class JvmRun {
    private JvmRun() {
    }

    static RunReport run(ScenarioFile scenario, Path dir, Duration timeout) throws IOException {
        Path work = WorkDir.fresh(dir.toAbsolutePath());
        ScenarioFile copy = scenario.relocatedTo(work.resolve("scenario.json"));
        ScenarioFile.write(copy.path(), copy.scenario());
        Path trace = work.resolve("calls.trace");
        Path result = work.resolve("result.json");
        Path library = work.resolve("ort-library.txt");
        Path stdout = work.resolve("stdout.log");
        Path stderr = work.resolve("stderr.log");
        IsolatedProcess.Result process = IsolatedProcess.run(command(copy, work, trace, result, library), work, stdout, stderr, timeout);

        CallTraceLog log = CallTraceLog.read(trace);
        OutputSummary err = OutputSummary.of(stderr);
        Outcome outcome = Classifier.classify(process, timeout, HsErrFile.read(work.resolve("hs_err_pid" + process.pid() + ".log")), List.of(),
                ChildResult.read(result).map(ChildResult::toOutcome), log.calls(), err.lastLine());
        return new RunReport("JVM child", outcome, ScenarioChild.loadedLibrary(library), log.lastUnfinished(), log.calls(), process.exitStatus(), process.elapsed(),
                work, trace, OutputSummary.of(stdout), err);
    }

    private static List<String> command(ScenarioFile scenario, Path work, Path trace, Path result, Path library) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-XX:ErrorFile=" + work.resolve("hs_err_pid%p.log"),
                // A crash dumps no core: the hs_err log and the trace say what is needed, a core would take minutes and disk.
                "-XX:-CreateCoredumpOnCrash",
                "-D" + CallTrace.PROPERTY + "=" + trace));
        // The child loads the library the scenario names, else the one this JVM would load (same lookup settings).
        scenario.ortLibrary().ifPresent(lib -> cmd.add("-D" + OrtLibrary.PATH_PROPERTY + "=" + lib));
        for (String name : List.of(OrtLibrary.PATH_PROPERTY, OrtLibrary.CACHE_PROPERTY)) {
            String value = System.getProperty(name);
            if (value != null && !(name.equals(OrtLibrary.PATH_PROPERTY) && scenario.ortLibrary().isPresent())) {
                cmd.add("-D" + name + "=" + value);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ScenarioChild.class.getName(),
                scenario.path().toString(), result.toString(), library.toString()));
        return cmd;
    }
}
