package org.eppanama.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eppanama.runtime.DeviceType;
import org.eppanama.runtime.ElementType;
import org.eppanama.runtime.GraphOptimizationLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioFileTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryFieldAndResolvesPathsAgainstTheScenarioFolder() throws Exception {
        Files.createDirectories(dir.resolve("models"));
        Files.write(dir.resolve("models/m.onnx"), new byte[] {1});
        Files.write(dir.resolve("libep.so"), new byte[] {1});
        Files.write(dir.resolve("x.bin"), new byte[24]);
        ScenarioFile file = TestEp.write(dir, "full", """
                {
                  // comments are allowed
                  "epLibraries": [{"name": "vendor", "path": "libep.so"}],
                  "device": {"ep": "VendorEP", "type": "npu"},
                  "session": {"graphOptimizationLevel": "enable_basic", "intraOpThreads": 2, "interOpThreads": 1},
                  "sessionConfig": {"b": "2", "a": "1"},
                  "providerOptions": {"mode": "burst", "level": 3},
                  "legacyProviders": [{"name": "XNNPACK", "options": {"intra_op_num_threads": "1"}}],
                  "model": "models/m.onnx",
                  "inputs": [{"name": "x", "shape": [2, 3], "dtype": "float", "file": "x.bin"},
                             {"name": "n", "shape": [], "dtype": "INT64", "fill": "random", "seed": -5}],
                  "runs": 3
                }""");
        Scenario s = file.scenario();
        assertEquals(dir.resolve("models/m.onnx"), file.model());
        assertEquals(dir.resolve("libep.so"), file.resolve(s.epLibraries().getFirst().path()));
        assertEquals(DeviceType.NPU, file.deviceType().orElseThrow());
        assertEquals(GraphOptimizationLevel.ENABLE_BASIC, file.graphOptimizationLevel().orElseThrow());
        assertEquals(List.of("b", "a"), List.copyOf(s.sessionConfig().keySet()), "order as written");
        assertEquals("3", s.providerOptions().get("level"), "numbers read as strings");
        assertEquals(3, s.runs());
        List<InputSpec> inputs = file.inputs();
        assertEquals(new InputSpec("x", ElementType.FLOAT, List.of(2L, 3L), null, 0, dir.resolve("x.bin")), inputs.get(0));
        assertEquals(new InputSpec("n", ElementType.INT64, List.of(), Fill.RANDOM, -5, null), inputs.get(1));
        assertEquals("full", file.stem());
    }

    @Test
    void writtenScenarioReadsBackTheSame() throws Exception {
        TestEp.writeAddModel(dir);
        Scenario s = new Scenario(null, null, new Scenario.Device("CPUExecutionProvider", null), null,
                Map.of("k", "v"), null, null, "add.onnx",
                List.of(new Scenario.Input("x", List.of(3L), "float", "ones", null, null)), null);
        Path file = dir.resolve("written.json");
        ScenarioFile.write(file, s);
        assertEquals(s, ScenarioFile.load(file).scenario());
        assertTrue(!Files.readString(file).contains("null"), "absent fields are left out:\n" + Files.readString(file));
    }

    @Test
    void everyProblemIsNamedWithItsFix() throws Exception {
        Files.write(dir.resolve("short.bin"), new byte[3]);
        ScenarioException e = assertThrows(ScenarioException.class, () -> TestEp.write(dir, "bad", """
                {
                  "epLibraries": [{"name": "", "path": "missing.so"}],
                  "device": {"type": "TPU"},
                  "session": {"graphOptimizationLevel": "fast", "intraOpThreads": -1},
                  "providerOptions": {"k": null},
                  "inputs": [{"name": "x", "shape": [1, -1], "dtype": "flaot", "fill": "range"},
                             {"name": "x", "shape": [2], "dtype": "float", "fill": "range", "seed": 3},
                             {"name": "s", "shape": [1], "dtype": "string", "fill": "zeros"},
                             {"name": "f", "shape": [2], "dtype": "float", "file": "short.bin"},
                             {"name": "g", "shape": [2], "dtype": "float", "fill": "noise"},
                             {"name": "h", "shape": [2], "dtype": "float"}],
                  "runs": -1
                }"""));
        String m = e.getMessage();
        for (String expected : List.of("epLibraries[0].name is missing", "epLibraries[0].path", "missing.so does not exist",
                "device.ep is missing", "device.type 'TPU' is not a hardware type", "session.graphOptimizationLevel 'fast'",
                "session.intraOpThreads is -1", "providerOptions.k is null", "model is missing",
                "inputs[0].shape [1, -1] has the dim -1", "inputs[0].dtype 'flaot' cannot be used with a fill rule",
                "inputs[1].name 'x' is given twice", "inputs[1].seed is only read by fill \"random\"",
                "inputs[2].dtype 'string' cannot be used", "inputs[3].file short.bin has 3 bytes but FLOAT[2] takes 8",
                "inputs[4].fill 'noise' is not a fill rule: use one of zeros, ones, range, random",
                "inputs[5] has no data", "runs is -1")) {
            assertTrue(m.contains(expected), "missing '" + expected + "' in:\n" + m);
        }
    }

    @Test
    void unknownFieldIsNamedWithTheKnownOnes() {
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> TestEp.write(dir, "typo", "{\"model\": \"m.onnx\", \"inputs\": [{\"name\": \"x\", \"shpae\": [1]}]}"));
        assertTrue(e.getMessage().contains("unknown field 'shpae' at inputs[0].shpae"), e.getMessage());
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
    }

    @Test
    void wrongTypeAndBrokenJsonSayWhere() {
        ScenarioException type = assertThrows(ScenarioException.class, () -> TestEp.write(dir, "type", "{\"runs\": \"many\"}"));
        assertTrue(type.getMessage().contains("runs has the wrong type"), type.getMessage());
        ScenarioException json = assertThrows(ScenarioException.class, () -> TestEp.write(dir, "json", "{\"model\": "));
        assertTrue(json.getMessage().contains("is not valid JSON (line 1"), json.getMessage());
    }

    @Test
    void missingScenarioFileSaysWhatToPass() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioFile.load(dir.resolve("nope.json")));
        assertTrue(e.getMessage().contains("nope.json does not exist"), e.getMessage());
    }
}
