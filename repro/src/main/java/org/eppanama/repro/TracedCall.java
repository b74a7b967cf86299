package org.eppanama.repro;

/** One C API call from a call trace: the thread that made it, the function, and the ENTER line's call text. */
public record TracedCall(String thread, String function, String call) {
    @Override
    public String toString() {
        return call + " [thread " + thread + "]";
    }
}
