package org.eppanama.runtime;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The pinned EP packages that headers/fetch.sh unpacks under .cache/: found through their pin files, so a
 * test names no version. A package that is not there skips the test, printing why.
 */
final class EpPackages {
    private EpPackages() {
    }

    /** The worktree root: the first folder upwards from the working directory with headers/fetch.sh. */
    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("headers/fetch.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("no headers/fetch.sh above " + Path.of("").toAbsolutePath());
    }

    /** The entries of headers/{@code pin}.pin. */
    static Map<String, String> pin(String pin) {
        Map<String, String> entries = new HashMap<>();
        try {
            for (String line : Files.readAllLines(root().resolve("headers/" + pin + ".pin"))) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    entries.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** The unpacked folder of a pin, skipping the test (with the reason printed) if it is not fetched. */
    static Path require(String pin) {
        Path dir = root().resolve(".cache").resolve(pin(pin).get("dest"));
        boolean present = Files.isDirectory(dir);
        if (!present) {
            System.out.println("SKIPPED: package " + pin + " is not unpacked at " + dir + "; run headers/fetch.sh " + pin);
        }
        assumeTrue(present, "package " + pin + " not fetched: run headers/fetch.sh " + pin);
        return dir;
    }

    /** onnxruntime-qnn's folder of native libraries (the plugin and the QNN backends). */
    static Path qnn() {
        return require("onnxruntime-qnn").resolve("onnxruntime_qnn");
    }

    static Path qnnPlugin() {
        return qnn().resolve("libonnxruntime_providers_qnn.so");
    }

    /** onnxruntime-ep-openvino's folder (the plugin and the OpenVINO runtime it ships). */
    static Path openVino() {
        return require("onnxruntime-ep-openvino").resolve("onnxruntime_ep_openvino");
    }

    static Path openVinoPlugin() {
        return openVino().resolve("libonnxruntime_providers_openvino_plugin.so");
    }
}
