package org.eppanama.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HsErrFileTest {

    @Test
    void readsTheSignalAndTheNativeFramesUpToTheJavaFrames() {
        HsErrFile log = HsErrFile.parse(Path.of("hs_err_pid1.log"), List.of(
                "#",
                "# A fatal error has been detected by the Java Runtime Environment:",
                "#",
                "#  SIGSEGV (0xb) at pc=0x00007fc006435470, pid=13395, tid=13396",
                "# Problematic frame:",
                "# C  [libvendor.so+0x1470]  CreateEpFactories+0x50",
                "",
                "Native frames: (J=compiled Java code, j=interpreted, Vv=VM code, C=native code)",
                "C  [libvendor.so+0x1470]  CreateEpFactories+0x50",
                "C  [libonnxruntime.so+0x4ce8b4]",
                "Java frames: (J=compiled Java code, j=interpreted, Vv=VM code)",
                "v  ~RuntimeStub::nep_invoker_blob 0x00007fc013ab6ce8",
                "j  org.eppanama.runtime.Environment.registerExecutionProviderLibrary(Ljava/lang/String;)V+119"));
        assertEquals("SIGSEGV", log.signal());
        assertEquals(List.of("C  [libvendor.so+0x1470]  CreateEpFactories+0x50", "C  [libonnxruntime.so+0x4ce8b4]"), log.frames());
    }

    @Test
    void aVmErrorHasNoSignal() {
        HsErrFile log = HsErrFile.parse(Path.of("hs_err_pid2.log"), List.of("#  Internal Error (os_linux.cpp:1), pid=1, tid=2"));
        assertNull(log.signal());
        assertEquals(List.of(), log.frames());
    }
}
