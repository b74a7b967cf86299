package org.eppanama.repro;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Turns how a process ended into an {@link Outcome}; the same rules for the child JVM and the C program. */
final class Classifier {
    private Classifier() {
    }

    /**
     * @param hsErr    the JVM's fatal error log, if one was written: the JVM catches SIGSEGV, SIGBUS, SIGFPE and
     *                 SIGILL, writes the log, then aborts (or, with no core dump asked for, exits with status 1),
     *                 so only the log has the signal
     * @param frames   native frames the process printed itself when it has no hs_err log (the C program does)
     * @param reported what the process reported itself (result file, or the C program's exit status and trace)
     * @param tracedCalls C API calls the process entered: one that exits with no report and no call made died
     *                 before reaching ONNX Runtime (a JVM that could not start, say), which is no native crash
     */
    static Outcome classify(IsolatedProcess.Result process, Duration timeout, Optional<HsErrFile> hsErr,
                            List<String> frames, Optional<Outcome> reported, int tracedCalls, String stderrHint) {
        if (process.timedOut()) {
            return new Outcome.Timeout(timeout);
        }
        String exitSignal = Signals.fromExitStatus(process.exitStatus());
        if (hsErr.isPresent()) {
            HsErrFile log = hsErr.get();
            return new Outcome.NativeCrash(log.signal() != null ? log.signal() : exitSignal, process.exitStatus(),
                    log.frames(), log.path());
        }
        if (exitSignal != null) {
            return new Outcome.NativeCrash(exitSignal, process.exitStatus(), frames, null);
        }
        if (reported.isPresent()) {
            return reported.get();
        }
        if (tracedCalls == 0) {
            return new Outcome.HarnessError("exited with status " + process.exitStatus() + " before its first C API call: "
                    + stderrHint);
        }
        return new Outcome.NativeCrash(null, process.exitStatus(), frames, null);
    }
}
