package org.eppanama.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eppanama.runtime.QnnOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preflight on a copy of the unpacked EP packages from which files are deleted. */
class PreflightTest {

    /** The unpacked package of a pin (found upwards from the working directory), or a skipped test. */
    static Path unpacked(String pin, String folder) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path pinFile = p.resolve("headers/" + pin + ".pin");
            if (Files.isRegularFile(pinFile)) {
                try {
                    String dest = Files.readAllLines(pinFile).stream().filter(l -> l.startsWith("dest="))
                            .findFirst().orElseThrow().substring(5);
                    Path dir = p.resolve(".cache").resolve(dest);
                    if (!Files.isDirectory(dir.resolve(folder))) {
                        System.out.println("SKIPPED: " + pin + " is not unpacked at " + dir + "; run headers/fetch.sh " + pin);
                    }
                    assumeTrue(Files.isDirectory(dir.resolve(folder)), pin + " not fetched: run headers/fetch.sh " + pin);
                    return dir;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("no headers/" + pin + ".pin above " + Path.of("").toAbsolutePath());
    }

    /** A copy of {@code dir}'s files (hard links where the file system allows, else copies), same layout. */
    static void copyTree(Path dir, Path to) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        for (Path f : files) {
            Path target = to.resolve(dir.relativize(f).toString());
            Files.createDirectories(target.getParent());
            try {
                Files.createLink(target, f);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    static Path qnnCopy(Path tmp) throws IOException {
        Path pkg = unpacked("onnxruntime-qnn", "onnxruntime_qnn");
        copyTree(pkg, tmp);
        return tmp.resolve("onnxruntime_qnn/libonnxruntime_providers_qnn.so");
    }

    static PreflightReport.Missing missing(PreflightReport r, String name) {
        return r.missing().stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not reported missing:\n" + r));
    }

    @Test
    void theElfReaderSeesTheNeededEntriesAndRunpath() throws IOException {
        Path pkg = unpacked("onnxruntime-qnn", "onnxruntime_qnn");
        ElfFile htp = ElfFile.read(pkg.resolve("onnxruntime_qnn/libQnnHtp.so"));
        assertTrue(htp.elf64() && htp.machine() == 62, htp.toString());
        assertTrue(htp.needed().stream().anyMatch(n -> n.startsWith("libc++-")), htp.needed().toString());
        assertTrue(htp.runpath().contains("$ORIGIN/../onnxruntime_qnn.libs") || htp.rpath().contains("$ORIGIN/../onnxruntime_qnn.libs"),
                htp + "");
    }

    @Test
    void theCompleteQnnPackagePassesForTheHtpOnThisHost(@TempDir Path tmp) throws IOException {
        PreflightReport r = Preflight.qnn(qnnCopy(tmp), QnnOptions.Backend.HTP, Preflight.Target.HOST, 73).ldLibraryPath(List.of()).check();
        assertTrue(r.ok(), r.toString());
        List<String> found = r.found().stream().map(PreflightReport.Found::name).toList();
        assertTrue(found.containsAll(List.of("libQnnHtp.so", "libHtpPrepare.so", "libQnnSystem.so")), found.toString());
        assertTrue(found.stream().anyMatch(n -> n.startsWith("libc++abi-")), found.toString());
    }

    @Test
    void eachDeletedFileIsNamedWithWhereItWasLookedFor(@TempDir Path tmp) throws IOException {
        Path plugin = qnnCopy(tmp);
        Path libs = tmp.resolve("onnxruntime_qnn.libs");
        String cxx;
        try (Stream<Path> s = Files.list(libs)) {
            cxx = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("libc++-")).findFirst().orElseThrow();
        }
        Files.delete(plugin.resolveSibling("libHtpPrepare.so"));
        Files.delete(plugin.resolveSibling("libQnnSystem.so"));
        Files.delete(libs.resolve(cxx));
        PreflightReport r = Preflight.qnn(plugin, QnnOptions.Backend.HTP, Preflight.Target.HOST, 73).ldLibraryPath(List.of()).check();
        assertFalse(r.ok());
        assertEquals(List.of("libQnnSystem.so", cxx, "libHtpPrepare.so").stream().sorted().toList(),
                r.missingNames().stream().sorted().toList(), r.toString());
        PreflightReport.Missing libcxx = missing(r, cxx);
        // Found through libQnnHtp.so's RPATH $ORIGIN/../onnxruntime_qnn.libs: that folder is among those searched.
        assertTrue(libcxx.searched().contains(libs + " (DT_RPATH)"), libcxx.toString());
        assertTrue(libcxx.searched().stream().anyMatch(s -> s.endsWith("(system folder)")), libcxx.toString());
        assertTrue(missing(r, "libHtpPrepare.so").neededBy().startsWith("libQnnHtp.so at run time"), r.toString());

        Files.delete(plugin.resolveSibling("libQnnHtp.so"));
        PreflightReport r2 = Preflight.qnn(plugin, QnnOptions.Backend.HTP, Preflight.Target.HOST, 73).ldLibraryPath(List.of()).check();
        assertTrue(missing(r2, "libQnnHtp.so").neededBy().contains("backend_type=htp"), r2.toString());
    }

    @Test
    void snapdragonTargetsNeedTheStubTheSkeletonAndOnWindowsItsCatalog(@TempDir Path tmp) throws IOException {
        Path plugin = qnnCopy(tmp);
        PreflightReport linux = Preflight.qnn(plugin, QnnOptions.Backend.HTP, Preflight.Target.SNAPDRAGON_LINUX, 73).ldLibraryPath(List.of()).check();
        assertEquals(List.of("libQnnHtpV73Stub.so", "libQnnHtpV73Skel.so"), linux.missingNames(), linux.toString());
        PreflightReport windows = Preflight.qnn(plugin, QnnOptions.Backend.HTP, Preflight.Target.SNAPDRAGON_WINDOWS, 73).ldLibraryPath(List.of()).check();
        assertEquals(List.of("QnnHtpV73Stub.dll", "libQnnHtpV73Skel.so", "libqnnhtp73.cat"), windows.missingNames(), windows.toString());
        assertTrue(missing(windows, "libqnnhtp73.cat").searched().getFirst().startsWith(plugin.getParent().toString()), windows.toString());
    }

    @Test
    void theOpenVinoNpuCompilerTheWheelLacksIsNamed() {
        Path ov = unpacked("onnxruntime-ep-openvino", "onnxruntime_ep_openvino").resolve("onnxruntime_ep_openvino");
        Path plugin = ov.resolve("libonnxruntime_providers_openvino_plugin.so");
        PreflightReport cpu = Preflight.openVino(plugin, "CPU").ldLibraryPath(List.of()).check();
        assertTrue(cpu.ok(), cpu.toString());
        PreflightReport npu = Preflight.openVino(plugin, "NPU").ldLibraryPath(List.of()).check();
        assertEquals(List.of("libopenvino_intel_npu_compiler_loader.so"), npu.missingNames(), npu.toString());
    }

    @Test
    void theCommandLineExitsOneAndPrintsTheMissingFiles(@TempDir Path tmp) throws Exception {
        Path plugin = qnnCopy(tmp);
        Files.delete(plugin.resolveSibling("libHtpPrepare.so"));
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), Preflight.class.getName(), plugin.toString(), "qnn-htp:73");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor(), out);
        assertTrue(out.contains("MISSING libHtpPrepare.so (needed by libQnnHtp.so at run time"), out);
    }
}
