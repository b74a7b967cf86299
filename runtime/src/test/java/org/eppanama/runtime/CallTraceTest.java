package org.eppanama.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The call trace, switched on in a child JVM running the demo, shows the Python call flow in order. */
class CallTraceTest {

    @Test
    void offByDefault() {
        assertFalse(CallTrace.enabled());
    }

    @Test
    void demoMakesThePythonCallSequenceAndEveryCallIsTraced(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("calls.trace");
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-D" + CallTrace.PROPERTY + "=" + trace,
                "-cp", System.getProperty("java.class.path"), "org.eppanama.demo.Demo")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        List<String> lines = Files.readAllLines(trace);
        List<String> calls = lines.stream().filter(l -> l.startsWith("ENTER ")).map(l -> l.split(" ")[2].replaceAll("\\(.*", "")).toList();
        List<String> flow = List.of("CreateSessionOptions", "SetSessionGraphOptimizationLevel", "GetEpDevices",
                "SessionOptionsAppendExecutionProvider_V2", "CreateSessionFromArray", "Run");
        int at = calls.indexOf("CreateSessionOptions");
        assertTrue(at >= 0, "no CreateSessionOptions in " + calls);
        List<String> observed = calls.subList(at, calls.size()).stream().filter(flow::contains).distinct().toList();
        assertEquals(flow, observed, "call order in the trace: " + calls);
        // Every call that returns a status has its EXIT line, with the outcome.
        long enters = lines.stream().filter(l -> l.startsWith("ENTER ")).count();
        long exits = lines.stream().filter(l -> l.startsWith("EXIT ")).count();
        assertEquals(enters, exits, String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.matches("ENTER main SessionOptionsAppendExecutionProvider_V2\\(0x.*CPUExecutionProvider.*")),
                "V2 append traced with its devices");
        assertTrue(lines.stream().anyMatch(l -> l.equals("EXIT main CreateSessionFromArray ok")));
    }
}
