package org.eppanama.repro;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One isolated run of a scenario, by the child JVM or by the C reproducer: its classification, the last C
 * API call reached (the last ENTER without its EXIT in the trace), the ONNX Runtime library it loaded (when it
 * got that far), and where its kept files are.
 */
public record RunReport(String subject, Outcome outcome, Optional<Path> library, Optional<TracedCall> lastCall, int tracedCalls,
                        int exitStatus, Duration elapsed, Path workDir, Path trace, OutputSummary stdout,
                        OutputSummary stderr) {

    /** The report as the CLI prints it. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        row(sb, "outcome", outcome.describe());
        row(sb, "library", library.map(Path::toString).orElse("not loaded"));
        row(sb, "last call", lastCall.map(c -> c + " (entered, never returned)")
                .orElse(tracedCalls == 0 ? "none: no C API call was made" : "none: every call entered returned"));
        if (outcome instanceof Outcome.NativeCrash crash) {
            row(sb, "top frames", crash.frames().isEmpty() ? "none recorded" + (crash.hsErr() == null && subject.startsWith("JVM")
                    ? " (no hs_err file: the JVM writes none for a signal it does not catch, such as SIGABRT)" : "")
                    : String.join("\n" + " ".repeat(14), crash.frames()));
            row(sb, "hs_err", crash.hsErr() == null ? "none" : crash.hsErr().toString());
        }
        row(sb, "exit status", exitStatus + " after " + String.format("%.1f s", elapsed.toMillis() / 1000.0));
        row(sb, "trace", trace + " (" + tracedCalls + " calls)");
        output(sb, "stderr", stderr);
        if (stdout.lines() > 0) {
            output(sb, "stdout", stdout);
        }
        return sb.toString();
    }

    private static void output(StringBuilder sb, String name, OutputSummary summary) {
        row(sb, name, summary.file() + " (" + summary.lines() + " lines" + (summary.tail().isEmpty() ? ")" : ", last ones:)"));
        summary.tail().forEach(l -> sb.append(" ".repeat(14)).append("| ").append(l).append('\n'));
    }

    private static void row(StringBuilder sb, String name, String value) {
        sb.append(String.format("  %-12s%s%n", name, value));
    }
}
