package org.eppanama.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real native crashes through the runtime's normal path (library registration, V2 append, session creation),
 * made by the test EP, classified in a child JVM and reproduced by the emitted C program.
 */
class HarnessTest {
    private static final Harness HARNESS = new Harness(Duration.ofSeconds(60), null, null, System.out::println);

    @TempDir
    Path dir;

    @Test
    void nullWriteInCreateEpFactoriesIsSigsegvInRegisterExecutionProviderLibraryAndTheCProgramCrashesTheSameWay() throws Exception {
        EmitCResult result = HARNESS.emitC(TestEp.scenario(dir, "segv", "segv", Map.of(), Map.of()));
        print(result);

        Outcome.NativeCrash jvm = assertInstanceOf(Outcome.NativeCrash.class, result.jvm().outcome());
        assertEquals("SIGSEGV", jvm.signal());
        assertEquals("RegisterExecutionProviderLibrary", result.jvm().lastCall().orElseThrow().function());
        assertNotNull(jvm.hsErr(), "the JVM writes a fatal error log for SIGSEGV");
        assertTrue(Files.isRegularFile(jvm.hsErr()));
        assertTrue(jvm.frames().getFirst().contains("libreprotestep.so"), "top frame in the test EP: " + jvm.frames());

        Outcome.NativeCrash c = assertInstanceOf(Outcome.NativeCrash.class, result.c().report().outcome());
        assertEquals("SIGSEGV", c.signal());
        assertEquals("RegisterExecutionProviderLibrary", result.c().report().lastCall().orElseThrow().function());
        assertTrue(c.frames().stream().anyMatch(f -> f.contains("CreateEpFactories")), "C frames: " + c.frames());
        assertTrue(result.reproduced());
        assertTrue(Files.readString(result.c().buildScript()).contains(result.c().buildLine()));
        assertTrue(result.c().buildLine().startsWith("gcc "));
    }

    @Test
    void abortInCreateEpFactoriesIsSigabrtWithoutHsErrAndTheCProgramAbortsToo() throws Exception {
        EmitCResult result = HARNESS.emitC(TestEp.scenario(dir, "abort", "abort", Map.of(), Map.of()));
        print(result);

        Outcome.NativeCrash jvm = assertInstanceOf(Outcome.NativeCrash.class, result.jvm().outcome());
        assertEquals("SIGABRT", jvm.signal());
        assertNull(jvm.hsErr(), "the JVM does not catch SIGABRT, so it writes no log");
        assertEquals("RegisterExecutionProviderLibrary", result.jvm().lastCall().orElseThrow().function());
        assertEquals("native-crash SIGABRT", result.c().report().outcome().signature());
        assertTrue(result.reproduced());
    }

    @Test
    void providerOptionCrashesCreateEpDuringSessionCreation() throws Exception {
        EmitCResult result = HARNESS.emitC(TestEp.scenario(dir, "option", "test", Map.of("crash", "1"), Map.of()));
        print(result);

        assertEquals("native-crash SIGSEGV", result.jvm().outcome().signature());
        assertEquals("CreateSessionFromArray", result.jvm().lastCall().orElseThrow().function());
        assertEquals("CreateSessionFromArray", result.c().report().lastCall().orElseThrow().function());
        assertTrue(result.reproduced(), result.c().report().format());
    }

    @Test
    void failingFactoryIsAnOrtErrorWithItsMessage() throws Exception {
        RunReport report = HARNESS.run(TestEp.scenario(dir, "fail", "fail", Map.of(), Map.of()));
        System.out.print(report.format());

        Outcome.OrtError error = assertInstanceOf(Outcome.OrtError.class, report.outcome());
        assertEquals("FAIL", error.code());
        assertEquals("RegisterExecutionProviderLibrary", error.function());
        assertTrue(error.message().contains("registration name 'fail' asks CreateEpFactories to fail"), error.message());
        assertTrue(report.lastCall().isEmpty(), "every call returned: " + report.lastCall());
        assertEquals(ScenarioChild.EXIT_REPORTED_FAILURE, report.exitStatus());
    }

    @Test
    void healthyScenarioIsOkAndTheCProgramMakesTheSameCallsInTheSameOrder() throws Exception {
        EmitCResult result = HARNESS.emitC(TestEp.cpuScenario(dir));
        print(result);

        assertInstanceOf(Outcome.Ok.class, result.jvm().outcome());
        assertInstanceOf(Outcome.Ok.class, result.c().report().outcome());
        assertTrue(result.reproduced());
        // The C program skips the runtime's bookkeeping calls (type info, metadata getters); the calls that
        // make the scenario must come in the same order.
        List<String> scenarioCalls = List.of("CreateEnvWithCustomLogger", "CreateSessionOptions",
                "SetSessionGraphOptimizationLevel", "SetIntraOpNumThreads", "GetEpDevices",
                "SessionOptionsAppendExecutionProvider_V2", "CreateSessionFromArray", "CreateTensorWithDataAsOrtValue", "Run",
                "ReleaseValue", "ReleaseSession", "ReleaseSessionOptions", "ReleaseEnv");
        List<String> java = TestEp.functions(result.jvm().trace()).stream().filter(scenarioCalls::contains).toList();
        List<String> c = TestEp.functions(result.c().report().trace()).stream().filter(scenarioCalls::contains).toList();
        assertEquals(java, c);
        assertEquals(2, c.stream().filter("Run"::equals).count(), "two runs: " + c);
    }

    @Test
    void hangingFactoryTimesOutInRegisterExecutionProviderLibrary() throws Exception {
        Harness quick = new Harness(Duration.ofSeconds(4), null, null, System.out::println);
        RunReport report = quick.run(TestEp.scenario(dir, "hang", "hang", Map.of(), Map.of()));
        System.out.print(report.format());

        assertEquals("timeout", report.outcome().kind());
        assertEquals("RegisterExecutionProviderLibrary", report.lastCall().orElseThrow().function());
        assertTrue(report.elapsed().compareTo(Duration.ofSeconds(30)) < 0, "killed at the limit: " + report.elapsed());
    }

    private static void print(EmitCResult result) {
        System.out.print("JVM child:\n" + result.jvm().format() + "C program " + result.c().source() + ":\n"
                + result.c().report().format());
    }
}
