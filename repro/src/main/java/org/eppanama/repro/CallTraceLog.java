package org.eppanama.repro;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;

/**
 * A call trace as the runtime's CallTrace writes it ({@code ENTER <thread> <fn>(<args>)} and
 * {@code EXIT <thread> <fn> <outcome>}) and the C reproducer repeats on its standard error. Other lines
 * are skipped. Function names may contain spaces, so an EXIT is matched to the innermost open call of its
 * thread whose name it starts with.
 */
final class CallTraceLog {
    private final List<TracedCall> unfinished;
    private final Optional<Outcome.OrtError> lastError;
    private final int calls;

    private CallTraceLog(List<TracedCall> unfinished, Optional<Outcome.OrtError> lastError, int calls) {
        this.unfinished = unfinished;
        this.lastError = lastError;
        this.calls = calls;
    }

    /** The trace in {@code file}; an absent file is an empty trace (the process died before its first call). */
    static CallTraceLog read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return parse(List.of());
        }
        // A line cut short by the crash may end in a broken UTF-8 sequence: decode leniently.
        return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList());
    }

    static CallTraceLog parse(List<String> lines) {
        Map<String, List<TracedCall>> open = new LinkedHashMap<>();
        List<TracedCall> order = new ArrayList<>();
        Outcome.OrtError lastError = null;
        int calls = 0;
        for (String line : lines) {
            String[] parts = line.split(" ", 3);
            if (parts.length < 3) {
                continue;
            }
            if (parts[0].equals("ENTER")) {
                int paren = parts[2].indexOf('(');
                TracedCall call = new TracedCall(parts[1], paren < 0 ? parts[2] : parts[2].substring(0, paren), parts[2]);
                open.computeIfAbsent(parts[1], t -> new ArrayList<>()).add(call);
                order.add(call);
                calls++;
            } else if (parts[0].equals("EXIT")) {
                TracedCall done = close(open.getOrDefault(parts[1], new ArrayList<>()), parts[2]);
                if (done != null) {
                    // By identity: two calls of one function may have the same text.
                    order.removeIf(c -> c == done);
                    String outcome = parts[2].substring(done.function().length() + 1);
                    if (outcome.startsWith("ORT_")) {
                        lastError = error(done.function(), outcome);
                    }
                }
            }
        }
        return new CallTraceLog(List.copyOf(order), Optional.ofNullable(lastError), calls);
    }

    /** Removes and returns the innermost open call that {@code rest} ("fn outcome") closes. */
    private static TracedCall close(List<TracedCall> stack, String rest) {
        for (ListIterator<TracedCall> it = stack.listIterator(stack.size()); it.hasPrevious(); ) {
            TracedCall call = it.previous();
            if (rest.startsWith(call.function() + " ")) {
                it.remove();
                return call;
            }
        }
        return null;
    }

    /** "ORT_EP_FAIL: message" */
    private static Outcome.OrtError error(String function, String outcome) {
        int colon = outcome.indexOf(": ");
        return colon < 0 ? new Outcome.OrtError(outcome.substring(4), "", function)
                : new Outcome.OrtError(outcome.substring(4, colon), outcome.substring(colon + 2), function);
    }

    /** The last call entered and never left: where the process was when it died. */
    Optional<TracedCall> lastUnfinished() {
        return unfinished.isEmpty() ? Optional.empty() : Optional.of(unfinished.getLast());
    }

    /** The last call that returned an error status. */
    Optional<Outcome.OrtError> lastError() {
        return lastError;
    }

    /** How many calls were entered. */
    int calls() {
        return calls;
    }
}
