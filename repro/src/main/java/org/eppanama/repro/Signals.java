package org.eppanama.repro;

import java.util.Map;

/** Linux signal numbers (x86-64 and aarch64 agree on these) and names. */
final class Signals {
    private static final Map<Integer, String> NAMES = Map.ofEntries(Map.entry(1, "SIGHUP"), Map.entry(2, "SIGINT"),
            Map.entry(3, "SIGQUIT"), Map.entry(4, "SIGILL"), Map.entry(5, "SIGTRAP"), Map.entry(6, "SIGABRT"),
            Map.entry(7, "SIGBUS"), Map.entry(8, "SIGFPE"), Map.entry(9, "SIGKILL"), Map.entry(10, "SIGUSR1"),
            Map.entry(11, "SIGSEGV"), Map.entry(12, "SIGUSR2"), Map.entry(13, "SIGPIPE"), Map.entry(14, "SIGALRM"),
            Map.entry(15, "SIGTERM"), Map.entry(24, "SIGXCPU"), Map.entry(25, "SIGXFSZ"), Map.entry(31, "SIGSYS"));

    private Signals() {
    }

    /**
     * The signal that ended a process, from its exit status as {@link Process#exitValue()} reports it
     * (128 + signal for a process a signal killed), or null when it exited by itself.
     */
    static String fromExitStatus(int status) {
        int signal = status - 128;
        if (signal < 1 || signal > 64) {
            return null;
        }
        return NAMES.getOrDefault(signal, "signal " + signal);
    }
}
