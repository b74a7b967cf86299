package org.eppanama.repro;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** How a scenario run ended. {@link #signature()} is what "fails the same way" compares. */
public sealed interface Outcome {

    /** The classification: ok, ort-error, native-crash, timeout or harness-error. */
    String kind();

    /** The classification with what identifies this failure: the signal, or the error code and function. */
    String signature();

    /** One line for people. */
    String describe();

    /** Whether {@code other} ended the same way (same {@link #signature()}). */
    default boolean sameAs(Outcome other) {
        return signature().equals(other.signature());
    }

    /** Every call returned and every run finished. */
    record Ok() implements Outcome {
        public String kind() {
            return "ok";
        }

        public String signature() {
            return kind();
        }

        public String describe() {
            return "ok: every C API call returned and every run finished";
        }
    }

    /** A C API call returned an error status. */
    record OrtError(String code, String message, String function) implements Outcome {
        public String kind() {
            return "ort-error";
        }

        public String signature() {
            return kind() + " ORT_" + code + " from " + function;
        }

        public String describe() {
            return signature() + ": " + message.strip().replace('\n', ' ');
        }
    }

    /**
     * The process died in native code: {@code signal} (e.g. SIGSEGV; null when it exited with a status instead),
     * the top native frames and the JVM's fatal error log (null when there is none: the C program, or a signal
     * the JVM does not catch, such as SIGABRT).
     */
    record NativeCrash(String signal, int exitStatus, List<String> frames, Path hsErr) implements Outcome {
        public NativeCrash {
            frames = List.copyOf(frames);
        }

        public String kind() {
            return "native-crash";
        }

        public String signature() {
            return kind() + " " + (signal != null ? signal : "exit status " + exitStatus);
        }

        public String describe() {
            return signature() + (frames.isEmpty() ? "" : " in " + frames.getFirst());
        }
    }

    /** Still running after {@code limit}; killed. */
    record Timeout(Duration limit) implements Outcome {
        public String kind() {
            return "timeout";
        }

        public String signature() {
            return kind();
        }

        public String describe() {
            return "timeout: still running after " + limit.toMillis() / 1000.0 + " s, killed";
        }
    }

    /**
     * The scenario could not be carried out, with no status from ONNX Runtime and no crash (no EP device matched
     * the selection, an input the model lacks, the child JVM could not start...).
     */
    record HarnessError(String message) implements Outcome {
        public String kind() {
            return "harness-error";
        }

        public String signature() {
            return kind();
        }

        public String describe() {
            return kind() + ": " + message;
        }
    }
}
