package org.eppanama.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CallTraceLogTest {

    @Test
    void lastCallIsTheLastEnterWithoutItsExit() {
        CallTraceLog log = CallTraceLog.parse(List.of(
                "ENTER main CreateEnvWithCustomLogger(WARNING, eppanama)",
                "EXIT main CreateEnvWithCustomLogger ok",
                "ENTER main EpDevice_* and HardwareDevice_* getters(0x10)",
                "ENTER main GetKeyValuePairs(0x20)",
                "EXIT main GetKeyValuePairs returned",
                "EXIT main EpDevice_* and HardwareDevice_* getters returned",
                "[onnxruntime 2] a log line between trace lines",
                "ENTER main CreateSessionFromArray(0x1, 0x2, 86)",
                "ENTER pool-1 Run(0x3)",
                "EXIT pool-1 Run ok"));
        assertEquals(new TracedCall("main", "CreateSessionFromArray", "CreateSessionFromArray(0x1, 0x2, 86)"),
                log.lastUnfinished().orElseThrow());
        assertEquals(5, log.calls());
        assertTrue(log.lastError().isEmpty());
    }

    @Test
    void aCallEnteredTwiceNeedsTwoExits() {
        CallTraceLog log = CallTraceLog.parse(List.of("ENTER main ReleaseEnv(0x1)", "ENTER main ReleaseEnv(0x1)",
                "EXIT main ReleaseEnv returned"));
        assertEquals("ReleaseEnv", log.lastUnfinished().orElseThrow().function());
    }

    @Test
    void errorStatusIsReadFromTheExitLine() {
        CallTraceLog log = CallTraceLog.parse(List.of("ENTER main RegisterExecutionProviderLibrary(env, \"x\", \"/l.so\")",
                "EXIT main RegisterExecutionProviderLibrary ORT_INVALID_ARGUMENT: bad: really"));
        assertEquals(new Outcome.OrtError("INVALID_ARGUMENT", "bad: really", "RegisterExecutionProviderLibrary"),
                log.lastError().orElseThrow());
        assertTrue(log.lastUnfinished().isEmpty());
    }

    @Test
    void emptyTraceHasNoCall() {
        CallTraceLog log = CallTraceLog.parse(List.of());
        assertTrue(log.lastUnfinished().isEmpty());
        assertEquals(0, log.calls());
    }
}
