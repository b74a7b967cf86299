package org.eppanama.openvino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding and loading libopenvino_c, each case in a fresh JVM since a process holds one library. */
class OpenVinoLibraryTest {

    /** Entry point of the child JVM: creates a core the default way and prints the outcome. */
    public static void main(String[] args) {
        try (Core core = Core.create()) {
            System.out.println("LOADED " + OpenVinoLibrary.get().version() + " " + core.availableDevices());
        } catch (OpenVinoLoadException e) {
            System.out.println("LOAD-ERROR " + e.getMessage());
        }
    }

    /** Runs {@link #main} in a child JVM with these -D options and environment; returns what it printed. */
    static String child(Map<String, String> env, String... props) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(List.of(props));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), OpenVinoLibraryTest.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove(OpenVinoLibrary.PATH_ENV);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void withoutAPathTheErrorNamesWhereToGiveIt() throws Exception {
        String out = child(Map.of());
        assertTrue(out.contains("LOAD-ERROR no OpenVINO library given") && out.contains(OpenVinoLibrary.PATH_PROPERTY)
                && out.contains(OpenVinoLibrary.PATH_ENV), out);
    }

    @Test
    void missingLibraryNamesThePathAndTheFix() throws Exception {
        String out = child(Map.of(), "-D" + OpenVinoLibrary.PATH_PROPERTY + "=/no/such/libopenvino_c.so");
        assertTrue(out.contains("LOAD-ERROR OpenVINO C library not found at /no/such/libopenvino_c.so (from system property"), out);
        assertTrue(out.contains("headers/fetch.sh openvino"), out);
    }

    @Test
    void aFileThatIsNoLibraryIsRefused(@TempDir Path dir) throws Exception {
        Path fake = dir.resolve("libopenvino_c.so");
        Files.writeString(fake, "not an ELF file");
        String out = child(Map.of(OpenVinoLibrary.PATH_ENV, fake.toString()));
        assertTrue(out.contains("LOAD-ERROR could not load OpenVINO C library " + fake + " (from environment variable"), out);
    }

    @Test
    void aSharedLibraryWithoutTheCApiIsRefused() throws Exception {
        Path libz = Path.of("/lib/x86_64-linux-gnu/libz.so.1");
        Assumptions.assumeTrue(Files.exists(libz), "no libz at " + libz);
        String out = child(Map.of(), "-D" + OpenVinoLibrary.PATH_PROPERTY + "=" + libz);
        assertTrue(out.contains("LOAD-ERROR") && out.contains("not the OpenVINO C library"), out);
    }

    @Test
    void propertyAndEnvironmentPathsLoad() throws Exception {
        Path lib = OpenVinoTests.libraryPath();
        String byProperty = child(Map.of(), "-D" + OpenVinoLibrary.PATH_PROPERTY + "=" + lib);
        assertTrue(byProperty.contains("LOADED 2026.4") && byProperty.contains("CPU"), byProperty);
        String byEnv = child(Map.of(OpenVinoLibrary.PATH_ENV, lib.toString()));
        assertTrue(byEnv.contains("LOADED 2026.4"), byEnv);
    }

    @Test
    void aSecondLibraryInOneProcessIsRefused(@TempDir Path dir) {
        OpenVinoLibrary lib = OpenVinoLibrary.load(OpenVinoTests.libraryPath());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OpenVinoLibrary.load(dir.resolve("other.so")));
        assertTrue(e.getMessage().contains("already loaded"), e.getMessage());
        assertEquals(lib, OpenVinoLibrary.load(OpenVinoTests.libraryPath()));
        assertEquals(lib, OpenVinoLibrary.get());
    }
}
