package org.eppanama.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Library lookup failures, each in a fresh JVM since a process holds one ONNX Runtime. */
class LibraryLoadTest {

    /** Entry point of the child JVM: loads the library the default way and prints the outcome. */
    public static void main(String[] args) {
        try {
            System.out.println("LOADED " + OrtLibrary.get().version());
        } catch (OrtLoadException e) {
            System.out.println("LOAD-ERROR " + e.getMessage());
        }
    }

    static String child(String... props) throws IOException, InterruptedException {
        ChildJvm.Result r = ChildJvm.run(LibraryLoadTest.class, List.of(props));
        assertEquals(0, r.exitCode(), r.output());
        return r.output();
    }

    @Test
    void missingLibraryNamesThePathAndTheFix() throws Exception {
        String out = child("-D" + OrtLibrary.PATH_PROPERTY + "=/no/such/libonnxruntime.so");
        assertTrue(out.contains("LOAD-ERROR ONNX Runtime library not found at /no/such/libonnxruntime.so"), out);
        assertTrue(out.contains(OrtLibrary.PATH_PROPERTY), out);
    }

    @Test
    void aFileThatIsNoLibraryIsRefused(@TempDir Path dir) throws Exception {
        Path fake = dir.resolve("libonnxruntime.so");
        Files.writeString(fake, "not an ELF file");
        String out = child("-D" + OrtLibrary.PATH_PROPERTY + "=" + fake);
        assertTrue(out.contains("LOAD-ERROR could not load ONNX Runtime library " + fake), out);
    }

    @Test
    void aSharedLibraryWithoutOrtApiIsRefused() throws Exception {
        Path libc = Path.of("/lib/x86_64-linux-gnu/libz.so.1");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(libc), "no libz at " + libc);
        String out = child("-D" + OrtLibrary.PATH_PROPERTY + "=" + libc);
        assertTrue(out.contains("LOAD-ERROR") && out.contains("OrtGetApiBase"), out);
    }

    /** ONNX Runtime 1.20 (unpacked by the build from Maven Central) offers API 20 at most. */
    @Test
    void anOlderLibraryIsRefusedNamingBothVersions() throws Exception {
        Path old = Path.of("target/old-onnxruntime/ai/onnxruntime/native/linux-x64/libonnxruntime.so").toAbsolutePath();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(old), "the build did not unpack ONNX Runtime 1.20 to " + old);
        String out = child("-D" + OrtLibrary.PATH_PROPERTY + "=" + old);
        assertTrue(out.contains("LOAD-ERROR ONNX Runtime 1.20.0 at " + old + " (from system property eppanama.ort.library)"
                + " does not provide API version 23"), out);
        assertTrue(out.contains("use ONNX Runtime 1.23 or newer"), out);
    }

    @Test
    void explicitPropertyPathLoads() throws Exception {
        String out = child("-D" + OrtLibrary.PATH_PROPERTY + "=" + OrtLibrary.get().path());
        assertTrue(out.contains("LOADED " + OrtLibrary.get().version()), out);
    }

    @Test
    void aSecondLibraryInOneProcessIsRefused(@TempDir Path dir) {
        OrtLibrary.get();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OrtLibrary.load(dir.resolve("other.so")));
        assertTrue(e.getMessage().contains("already loaded"), e.getMessage());
        assertEquals(OrtLibrary.get(), OrtLibrary.load(OrtLibrary.get().path()));
    }
}
