package org.eppanama.repro;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command as a separate process, its standard output and error going straight to files (so a chatty
 * or dying child can neither block nor take this process along), and kills it with its descendants when it
 * outlives the time limit.
 */
final class IsolatedProcess {
    private static final System.Logger LOG = System.getLogger("org.eppanama.repro");

    /** How one run ended: {@code exitStatus} as {@link Process#exitValue()} gives it (128 + signal when killed). */
    record Result(long pid, int exitStatus, boolean timedOut, Duration elapsed) {
    }

    private IsolatedProcess() {
    }

    static Result run(List<String> command, Path workDir, Path stdout, Path stderr, Duration timeout) throws IOException {
        LOG.log(System.Logger.Level.DEBUG, () -> "starting in " + workDir + ": " + String.join(" ", command));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                LOG.log(System.Logger.Level.DEBUG, () -> "killing pid " + process.pid() + " after " + timeout);
                kill(process);
            }
            return new Result(process.pid(), process.exitValue(), !finished, Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + command.getFirst() + " (pid " + process.pid() + ")", e);
        } finally {
            if (process.isAlive()) {
                kill(process);
            }
        }
    }

    /** SIGKILL to the process and everything it started; waits until it is gone so its files are complete. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
