package org.eppanama.bench;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.eppanama.runtime.OrtLibrary;
import org.openjdk.jmh.util.Version;

/** Where and with what the figures were measured. */
public record Machine(int cores, String cpu, String memory, String os, String jdk, String ort, String ortJni, String jmh,
                      String gcc) {

    public static Machine describe() throws IOException {
        List<String> cpuinfo = Files.readAllLines(Path.of("/proc/cpuinfo"));
        String cpu = field(cpuinfo, "model name");
        String memTotal = field(Files.readAllLines(Path.of("/proc/meminfo")), "MemTotal");
        String memory = String.format(Locale.ROOT, "%.1f GiB (MemTotal %s)",
                Long.parseLong(memTotal.replace("kB", "").trim()) / 1024.0 / 1024.0, memTotal);
        return new Machine(Runtime.getRuntime().availableProcessors(), cpu, memory,
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
                OrtLibrary.get().version() + " (" + OrtLibrary.get().path() + ")",
                OrtEnvironment.getEnvironment().getVersion() + " (Maven com.microsoft.onnxruntime:onnxruntime:"
                        + OrtEnvironment.class.getPackage().getImplementationVersion() + ")",
                Version.getPlainVersion(),
                Commands.run(List.of("gcc", "--version")).lines().findFirst().orElse("?"));
    }

    private static String field(List<String> lines, String key) {
        return lines.stream().filter(l -> l.startsWith(key)).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
    }
}
