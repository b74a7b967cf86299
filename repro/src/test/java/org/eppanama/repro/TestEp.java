package org.eppanama.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eppanama.onnx.Dim;
import org.eppanama.onnx.OnnxModelBuilder;
import org.eppanama.runtime.ElementType;
import org.junit.jupiter.api.Assumptions;

/**
 * The misbehaving plugin EP (src/test/c/repro_test_ep.c), compiled once per test JVM into target/test-ep,
 * and scenarios that use it. Its EP is {@value #EP}; its registration name picks how CreateEpFactories
 * misbehaves, and the provider option crash=1 or abort=1 makes CreateEp do so.
 */
final class TestEp {
    static final String EP = "ReproTestEP";
    private static final Path SOURCE = Path.of("src", "test", "c", "repro_test_ep.c");
    private static final Path LIBRARY = Path.of("target", "test-ep", "libreprotestep.so").toAbsolutePath();
    private static boolean built;

    private TestEp() {
    }

    /** The test EP library; skips the calling test, saying why, when there is no gcc. */
    static synchronized Path library() throws IOException, InterruptedException {
        requireGcc();
        if (!built) {
            Files.createDirectories(LIBRARY.getParent());
            Path headers = OrtHeaders.locate(Optional.empty());
            Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O2", "-Wall", "-Wextra", "-I" + headers,
                    "-o", LIBRARY.toString(), SOURCE.toString()).redirectErrorStream(true).start();
            String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, gcc.waitFor(), "gcc could not build the test EP:\n" + out);
            built = true;
        }
        return LIBRARY;
    }

    static void requireGcc() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() == 0) {
                return;
            }
        } catch (IOException e) {
            // no gcc on PATH: skipped below
        }
        String reason = "gcc is not installed: the test EP library and the C reproducer cannot be built (apt-get install gcc)";
        System.out.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }

    /** Writes add.onnx (sum = x + y, FLOAT[3]) into {@code dir}. */
    static void writeAddModel(Path dir) throws IOException {
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 17).graphName("add");
        b.input("x", ElementType.FLOAT, Dim.of(3));
        b.input("y", ElementType.FLOAT, Dim.of(3));
        b.output("sum", ElementType.FLOAT, Dim.of(3));
        b.node("Add").inputs("x", "y").outputs("sum");
        Files.write(dir.resolve("add.onnx"), b.build());
    }

    /**
     * A scenario on add.onnx (written too) that registers the test EP as {@code registration} and appends its CPU
     * device with {@code providerOptions}; {@code sessionConfig} entries are added.
     */
    static ScenarioFile scenario(Path dir, String name, String registration, Map<String, String> providerOptions,
                                 Map<String, String> sessionConfig) throws IOException, InterruptedException {
        writeAddModel(dir);
        return write(dir, name, """
                {
                  "epLibraries": [{"name": "%s", "path": "%s"}],
                  "device": {"ep": "%s", "type": "CPU"},
                  "session": {"graphOptimizationLevel": "ENABLE_ALL", "intraOpThreads": 1},
                  "sessionConfig": %s,
                  "providerOptions": %s,
                  "model": "add.onnx",
                  %s
                }""".formatted(registration, library(), EP, json(sessionConfig), json(providerOptions), INPUTS));
    }

    /** The healthy scenario: add.onnx on the CPU EP, two runs. */
    static ScenarioFile cpuScenario(Path dir) throws IOException {
        writeAddModel(dir);
        return write(dir, "healthy", """
                {
                  "device": {"ep": "CPUExecutionProvider", "type": "CPU"},
                  "session": {"graphOptimizationLevel": "ENABLE_ALL", "intraOpThreads": 1},
                  "model": "add.onnx",
                  %s,
                  "runs": 2
                }""".formatted(INPUTS));
    }

    private static final String INPUTS = """
            "inputs": [{"name": "x", "shape": [3], "dtype": "float", "fill": "range"},
                         {"name": "y", "shape": [3], "dtype": "float", "fill": "random", "seed": 7}]""";

    static ScenarioFile write(Path dir, String name, String json) throws IOException {
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, json);
        return ScenarioFile.load(file);
    }

    private static String json(Map<String, String> map) {
        return map.entrySet().stream().map(e -> "\"" + e.getKey() + "\": \"" + e.getValue() + "\"")
                .collect(Collectors.joining(", ", "{", "}"));
    }

    /** The function names of a trace's ENTER lines, in order. */
    static List<String> functions(Path trace) throws IOException {
        return Files.readAllLines(trace).stream().filter(l -> l.startsWith("ENTER "))
                .map(l -> l.split(" ", 3)[2].replaceAll("\\(.*", "")).toList();
    }
}
