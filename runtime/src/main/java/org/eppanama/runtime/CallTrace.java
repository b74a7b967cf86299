package org.eppanama.runtime;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/**
 * A record of every ONNX Runtime C API call the runtime makes: one {@code ENTER} line before the call
 * (function and an argument summary: handles, shapes, option keys and values) and one {@code EXIT} line
 * after it (the returned status, or {@code ok}). Each line is written straight to the file descriptor,
 * unbuffered, so the last line reached survives a native crash of the process.
 *
 * <p>Enabled by {@code -D}{@value #PROPERTY}{@code =<file>} (or {@code =stderr}), read once when the
 * runtime starts: when it is off, {@link #ENABLED} is a constant false and the JIT removes every trace
 * site, so tracing costs nothing.
 */
public final class CallTrace {
    public static final String PROPERTY = "eppanama.trace";
    static final boolean ENABLED;
    private static final OutputStream OUT;

    static {
        String target = System.getProperty(PROPERTY);
        OutputStream out = null;
        if (target != null && !target.isBlank()) {
            try {
                out = target.equals("stderr") ? new FileOutputStream(FileDescriptor.err) : new FileOutputStream(target, true);
            } catch (IOException e) {
                throw new ExceptionInInitializerError("cannot open the call trace file " + target + " (" + PROPERTY + "): " + e.getMessage());
            }
        }
        OUT = out;
        ENABLED = out != null;
    }

    private CallTrace() {
    }

    /** Whether this process records C API calls. */
    public static boolean enabled() {
        return ENABLED;
    }

    static void enter(String function, Object... args) {
        StringBuilder sb = new StringBuilder("ENTER ").append(Thread.currentThread().getName().replace(' ', '_'))
                .append(' ').append(function).append('(');
        for (int i = 0; i < args.length; i++) {
            sb.append(i > 0 ? ", " : "").append(summary(args[i]));
        }
        write(sb.append(")\n"));
    }

    static void exit(String function, String outcome) {
        write(new StringBuilder("EXIT ").append(Thread.currentThread().getName().replace(' ', '_')).append(' ')
                .append(function).append(' ').append(outcome.replace('\n', ' ')).append('\n'));
    }

    private static String summary(Object arg) {
        return switch (arg) {
            case null -> "null";
            // A handle is a zero-length or (reinterpreted) unbounded segment: its size says nothing.
            case MemorySegment s when s.byteSize() == 0 || s.byteSize() == Long.MAX_VALUE ->
                    s.equals(MemorySegment.NULL) ? "NULL" : "0x" + Long.toHexString(s.address());
            case MemorySegment s -> "0x" + Long.toHexString(s.address()) + "[" + s.byteSize() + " bytes]";
            case long[] a -> Arrays.toString(a);
            case String s -> '"' + s + '"';
            case Map<?, ?> m -> m.toString();
            case Collection<?> c -> c.toString();
            default -> String.valueOf(arg);
        };
    }

    private static void write(CharSequence line) {
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        synchronized (OUT) {
            try {
                OUT.write(bytes);
            } catch (IOException e) {
                // A full disk must not turn tracing into a failure of the traced call.
            }
        }
    }
}
