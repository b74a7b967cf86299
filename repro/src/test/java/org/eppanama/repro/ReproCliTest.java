package org.eppanama.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cli(String... args) {
        return ReproCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badUsageExitsTwoWithTheUsage() {
        assertEquals(2, cli());
        assertTrue(err().contains("usage: repro"), err());
        assertEquals(2, cli("explode", "x.json"));
        assertTrue(err().contains("unknown command 'explode'"), err());
        assertEquals(2, cli("run"));
        assertTrue(err().contains("'run' takes one scenario file"), err());
        assertEquals(2, cli("run", "--timeout", "soon", "x.json"));
        assertTrue(err().contains("--timeout needs a positive number, got 'soon'"), err());
    }

    @Test
    void badScenarioExitsTwoNamingTheProblem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.json");
        Files.writeString(file, "{\"inputs\": []}");
        assertEquals(2, cli("run", file.toString()));
        assertTrue(err().contains("model is missing"), err());
    }

    @Test
    void runPrintsTheReport(@TempDir Path dir) throws Exception {
        Path scenario = TestEp.cpuScenario(dir).path();
        assertEquals(0, cli("run", "--work", dir.resolve("work").toString(), scenario.toString()));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("outcome     ok"), printed);
        assertTrue(Files.isRegularFile(dir.resolve("work/run/calls.trace")), "--work is used");
    }
}
