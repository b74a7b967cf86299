package org.eppanama.repro;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the harness reads from a JVM fatal error log (hs_err_pid*.log): the signal the JVM caught and the
 * top native (C and VM) frames of the crashing thread. The JVM walks native stacks by frame pointer, so
 * past a library built without them the list may stop early: the trace's last call says where Java was.
 */
record HsErrFile(Path path, String signal, List<String> frames) {
    /** "#  SIGSEGV (0xb) at pc=0x00007f..., pid=123, tid=124" */
    private static final Pattern SIGNAL = Pattern.compile("^#\\s+(SIG[A-Z0-9]+) \\(0x[0-9a-fA-F]+\\) at pc=");
    /** A stack frame line: its kind letter (C native, V VM, j/J/A Java, v stub), then spaces. */
    private static final Pattern FRAME = Pattern.compile("^[CVvjJA] {1,2}\\S");
    /** Frames in native code: C (a library) and V (the JVM itself). */
    private static final Pattern NATIVE_FRAME = Pattern.compile("^[CV] ");
    static final int MAX_FRAMES = 8;

    HsErrFile {
        frames = List.copyOf(frames);
    }

    /** The log at {@code path}, if the JVM wrote one. */
    static Optional<HsErrFile> read(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        return Optional.of(parse(path, Files.readAllLines(path)));
    }

    static HsErrFile parse(Path path, List<String> lines) {
        String signal = null;
        List<String> frames = new ArrayList<>();
        boolean inFrames = false;
        for (String line : lines) {
            Matcher m = SIGNAL.matcher(line);
            if (signal == null && m.find()) {
                signal = m.group(1);
            }
            if (line.startsWith("Native frames:")) {
                inFrames = frames.isEmpty();
            } else if (inFrames && !FRAME.matcher(line).find()) {
                // The section ends at the first line that is no frame (blank, or the "Java frames:" heading).
                inFrames = false;
            } else if (inFrames && NATIVE_FRAME.matcher(line).find() && frames.size() < MAX_FRAMES) {
                frames.add(line.strip());
            }
        }
        return new HsErrFile(path, signal, frames);
    }
}
