package org.eppanama.repro;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What the child JVM reports when it lives to report: written as JSON to the result file, read by the parent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ChildResult(String outcome, String code, String message, String function) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ChildResult ok() {
        return new ChildResult("ok", null, null, null);
    }

    static ChildResult ortError(String code, String message, String function) {
        return new ChildResult("ort-error", code, message, function);
    }

    static ChildResult harnessError(String message) {
        return new ChildResult("harness-error", null, message, null);
    }

    Outcome toOutcome() {
        return switch (outcome) {
            case "ok" -> new Outcome.Ok();
            case "ort-error" -> new Outcome.OrtError(code, message, function);
            default -> new Outcome.HarnessError(message);
        };
    }

    void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    /** The result the child wrote, if it got that far. */
    static Optional<ChildResult> read(Path file) throws IOException {
        return Files.isRegularFile(file) && Files.size(file) > 0
                ? Optional.of(JSON.readValue(file.toFile(), ChildResult.class)) : Optional.empty();
    }
}
