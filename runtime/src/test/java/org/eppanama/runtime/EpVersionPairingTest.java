package org.eppanama.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Plugin EPs check the ONNX Runtime they are loaded into. The pinned pair (the Maven ONNX Runtime and the
 * pinned onnxruntime-qnn) works (QnnEpTest); an older ONNX Runtime, loaded in a child JVM, is refused by
 * the QNN plugin, and the runtime reports that with both versions.
 */
class EpVersionPairingTest {

    /** Child JVM: registers the EP library given and prints the outcome. */
    public static void main(String[] args) {
        try (Environment env = Environment.create()) {
            env.registerExecutionProviderLibrary(QnnOptions.EP_NAME, Path.of(args[0]));
            System.out.println("REGISTERED with ONNX Runtime " + OrtLibrary.get().version());
        } catch (EpLibraryException e) {
            System.out.println("REFUSED=" + e.refusedPairing() + " ORT=" + e.ortVersion() + " MESSAGE " + e.getMessage());
        }
    }

    @Test
    void anOlderOnnxRuntimeIsRefusedByTheQnnPluginWithBothVersionsNamed() throws Exception {
        Path oldOrtDir = EpPackages.require("onnxruntime-1.23").resolve("onnxruntime/capi");
        String oldVersion = EpPackages.pin("onnxruntime-1.23").get("version");
        String qnnVersion = EpPackages.pin("onnxruntime-qnn").get("version");
        Path oldOrt = oldOrtDir.resolve("libonnxruntime.so." + oldVersion);
        ChildJvm.Result r = ChildJvm.run(EpVersionPairingTest.class,
                List.of("-D" + OrtLibrary.PATH_PROPERTY + "=" + oldOrt), EpPackages.qnnPlugin().toString());
        assertEquals(0, r.exitCode(), r.output());
        String out = r.output();
        assertTrue(out.contains("REFUSED=true ORT=" + oldVersion), out);
        assertTrue(out.contains("ONNX Runtime " + oldVersion), out);
        assertTrue(out.contains("onnxruntime-qnn " + qnnVersion), out);
        assertTrue(out.contains("refuse each other's version"), out);
    }
}
