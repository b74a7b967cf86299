package org.eppanama.repro;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eppanama.runtime.OrtLibrary;

/** Finds the pinned ONNX Runtime C headers the C reproducer is compiled against. */
final class OrtHeaders {
    static final String PROPERTY = "eppanama.headers";
    static final String ENV = "EPPANAMA_HEADERS";
    /** Where headers/fetch.sh unpacks them, relative to the repository root. */
    static final Path IN_REPOSITORY = Path.of(".cache", "headers", "onnxruntime");
    private static final String MAIN_HEADER = "onnxruntime_c_api.h";
    private static final Pattern API_VERSION = Pattern.compile("#define ORT_API_VERSION (\\d+)");

    private OrtHeaders() {
    }

    /**
     * {@code explicit} if given, else the system property {@value #PROPERTY}, the environment variable
     * {@value #ENV}, or {@code .cache/headers/onnxruntime} in the current folder or one above it, or above the
     * folder or jar this class was loaded from (a build in the repository). The headers'
     * ORT_API_VERSION must be the one the bindings were generated from, or the C program would ask for another API.
     */
    static Path locate(Optional<Path> explicit) throws IOException {
        Optional<Path> given = explicit.or(() -> Optional.ofNullable(System.getProperty(PROPERTY)).map(Path::of))
                .or(() -> Optional.ofNullable(System.getenv(ENV)).map(Path::of));
        Path dir = given.orElseGet(() -> searchUpwards(Path.of("")).orElseGet(() -> searchUpwards(codeLocation()).orElse(null)));
        if (dir == null || !Files.isRegularFile(dir.resolve(MAIN_HEADER))) {
            throw new IOException("no ONNX Runtime C headers (" + MAIN_HEADER + ") " + (dir == null
                    ? "in " + IN_REPOSITORY + " of the current folder, the repro build's folder or any above them"
                    : "in " + dir.toAbsolutePath())
                    + ": run headers/fetch.sh in the eppanama repository, or pass --headers DIR (or set " + ENV + ")");
        }
        Matcher m = API_VERSION.matcher(Files.readString(dir.resolve(MAIN_HEADER)));
        String version = m.find() ? m.group(1) : "unknown";
        if (!version.equals(Integer.toString(OrtLibrary.API_VERSION))) {
            throw new IOException("the headers in " + dir.toAbsolutePath() + " are ORT_API_VERSION " + version
                    + ", the bindings were generated from " + OrtLibrary.API_VERSION + ": use the pinned headers (headers/fetch.sh)");
        }
        return dir.toAbsolutePath().normalize();
    }

    private static Optional<Path> searchUpwards(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(IN_REPOSITORY).resolve(MAIN_HEADER))) {
                return Optional.of(dir.resolve(IN_REPOSITORY));
            }
        }
        return Optional.empty();
    }

    private static Path codeLocation() {
        try {
            return Path.of(OrtHeaders.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            // Not loaded from a file (a custom class loader): there is nothing above it to search.
            return Path.of("");
        }
    }
}
