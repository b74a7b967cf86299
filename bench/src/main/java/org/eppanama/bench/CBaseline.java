package org.eppanama.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The plain C baseline: bench/src/main/c/ort_run_bench.c, compiled with gcc against the pinned ONNX Runtime
 * headers and run as its own process on the library and model the Java paths use.
 */
public final class CBaseline {
    /** ns/op of each timed round, for Run with preallocated outputs and for RunWithBinding. */
    public record Rounds(List<Double> run, List<Double> binding) {
    }

    private final Path source;
    private final Path headers;
    private final Path binary;

    /** {@code repoRoot}: the checkout; {@code binary}: where the compiled program goes. */
    public CBaseline(Path repoRoot, Path binary) {
        this.source = repoRoot.resolve("bench/src/main/c/ort_run_bench.c").toAbsolutePath().normalize();
        this.headers = repoRoot.resolve(".cache/headers/onnxruntime").toAbsolutePath().normalize();
        this.binary = binary.toAbsolutePath().normalize();
    }

    /** The gcc command line, warnings as errors: the program dlopens the library, so it links only libdl. */
    public List<String> compileCommand() {
        return List.of("gcc", "-O2", "-std=c11", "-Wall", "-Wextra", "-Werror", "-I" + headers, source.toString(),
                "-o", binary.toString(), "-ldl");
    }

    public Path compile() throws IOException {
        if (!Files.isRegularFile(headers.resolve("onnxruntime_c_api.h"))) {
            throw new IllegalStateException("no ONNX Runtime headers in " + headers + ": run headers/fetch.sh first");
        }
        Files.createDirectories(binary.getParent());
        Commands.run(compileCommand());
        return binary;
    }

    /** Runs the compiled program: {@code warmupRounds} untimed rounds, then {@code rounds} timed ones of {@code roundMs} each. */
    public Rounds run(Path library, Path model, int warmupRounds, int rounds, int roundMs) {
        String out = Commands.run(List.of(binary.toString(), library.toString(), model.toString(),
                Integer.toString(warmupRounds), Integer.toString(rounds), Integer.toString(roundMs)));
        return new Rounds(line(out, "run"), line(out, "binding"));
    }

    private static List<Double> line(String out, String label) {
        return out.lines().filter(l -> l.startsWith(label + " ")).findFirst()
                .map(l -> Arrays.stream(l.substring(label.length()).trim().split(" ")).map(Double::valueOf).toList())
                .orElseThrow(() -> new IllegalStateException("ort_run_bench printed no '" + label + "' line:\n" + out));
    }
}
