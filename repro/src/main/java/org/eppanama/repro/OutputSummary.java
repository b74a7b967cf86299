package org.eppanama.repro;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A kept output file in short: how many lines, and the last few that say something. */
public record OutputSummary(Path file, long lines, List<String> tail) {
    static final int TAIL_LINES = 6;
    private static final int MAX_LINE = 240;

    public OutputSummary {
        tail = List.copyOf(tail);
    }

    static OutputSummary of(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return new OutputSummary(file, 0, List.of());
        }
        List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        List<String> meaningful = all.stream().filter(l -> !l.isBlank() && !l.strip().equals("#")).toList();
        List<String> tail = meaningful.subList(Math.max(0, meaningful.size() - TAIL_LINES), meaningful.size()).stream()
                .map(l -> l.length() > MAX_LINE ? l.substring(0, MAX_LINE) + "..." : l).toList();
        return new OutputSummary(file, all.size(), tail);
    }

    /** The last line, or the file's name when it is empty (for one-line messages). */
    String lastLine() {
        return tail.isEmpty() ? "nothing on " + file : tail.getLast();
    }
}
