package org.eppanama.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bisect narrows a crashing scenario with several options to the one provider option that crashes. */
class BisectTest {

    @Test
    void reducesToTheOneCrashingProviderOption(@TempDir Path dir) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("alpha", "1");
        options.put("crash", "1");
        options.put("beta", "2");
        Map<String, String> config = new LinkedHashMap<>();
        config.put("session.disable_cpu_ep_fallback", "0");
        config.put("custom.note", "harmless");
        ScenarioFile scenario = TestEp.scenario(dir, "several", "test", options, config);

        BisectResult result = new Harness(Duration.ofSeconds(60), null, null, System.out::println).bisect(scenario);

        assertEquals("native-crash SIGSEGV", result.failure().signature());
        assertEquals(5, result.options().size());
        assertEquals(List.of(new Option(Option.Kind.PROVIDER_OPTION, -1, "crash", "1")), result.kept());
        assertEquals(dir.resolve("several.reduced.json"), result.written());
        ScenarioFile reduced = ScenarioFile.load(result.written());
        assertEquals(Map.of("crash", "1"), reduced.scenario().providerOptions());
        assertTrue(reduced.scenario().sessionConfig().isEmpty());
        // Everything but the options is kept, with paths as the original wrote them.
        assertEquals(scenario.scenario().model(), reduced.scenario().model());
        assertEquals(scenario.scenario().inputs(), reduced.scenario().inputs());
        assertTrue(result.runs() <= 10, "ddmin took " + result.runs() + " runs");
        assertTrue(Files.isDirectory(dir.resolve("several.repro").resolve("bisect")));
    }
}
