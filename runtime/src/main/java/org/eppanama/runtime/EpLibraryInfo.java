package org.eppanama.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the files next to an execution provider library say about its version, read before the library is
 * loaded, so that an error about a refused pairing can name the EP's version even when loading failed.
 *
 * <p>Sources, in order: the Python package's {@code build_and_package_info.py} beside the library
 * (onnxruntime-qnn: {@code __version__} and {@code qnn_version}); a sibling with the library's name plus
 * a version suffix ({@code libonnxruntime_providers_openvino_plugin.so.1.8.1}). Neither: the version is
 * unknown.
 *
 * @param library     the library path
 * @param packageName the package the library came with, or "" if unknown
 * @param version     the package or library version, or "" if unknown
 * @param detail      more (e.g. "QNN SDK 2.51.0"), or ""
 */
public record EpLibraryInfo(Path library, String packageName, String version, String detail) {
    private static final Pattern PY_ASSIGN = Pattern.compile("(?m)^(\\w+)\\s*=\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern VERSION_SUFFIX = Pattern.compile("\\.(\\d+(?:\\.\\d+)+)$");

    public static EpLibraryInfo of(Path library) {
        Path lib = library.toAbsolutePath().normalize();
        Path dir = lib.getParent();
        Path info = dir == null ? null : dir.resolve("build_and_package_info.py");
        if (info != null && Files.isRegularFile(info)) {
            try {
                String text = Files.readString(info);
                String pkg = "";
                String version = "";
                String qnn = "";
                Matcher m = PY_ASSIGN.matcher(text);
                while (m.find()) {
                    switch (m.group(1)) {
                        case "package_name" -> pkg = m.group(2);
                        case "__version__" -> version = m.group(2);
                        case "qnn_version" -> qnn = m.group(2);
                        default -> { }
                    }
                }
                return new EpLibraryInfo(lib, pkg, version, qnn.isEmpty() ? "" : "QNN SDK " + qnn);
            } catch (IOException e) {
                // Unreadable package info: fall through to the file-name convention.
            }
        }
        if (dir != null) {
            String name = lib.getFileName().toString();
            try (Stream<Path> siblings = Files.list(dir)) {
                String version = siblings.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith(name + "."))
                        .map(n -> VERSION_SUFFIX.matcher(n.substring(name.length())))
                        .filter(Matcher::matches).map(v -> v.group(1))
                        .max(Comparator.comparingInt(String::length)).orElse("");
                return new EpLibraryInfo(lib, "", version, "");
            } catch (IOException e) {
                // Unlistable folder: the version stays unknown.
            }
        }
        return new EpLibraryInfo(lib, "", "", "");
    }

    /** e.g. "onnxruntime-qnn 2.7.0 (QNN SDK 2.51.0)" or "libfoo.so 1.8.1" or "libfoo.so (version unknown)". */
    public String describe() {
        String what = packageName.isEmpty() ? library.getFileName().toString() : packageName;
        String v = version.isEmpty() ? " (version unknown)" : " " + version;
        return what + v + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
