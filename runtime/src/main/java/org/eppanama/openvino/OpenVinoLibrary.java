package org.eppanama.openvino;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.eppanama.bindings.openvino.OpenVino;
import org.eppanama.bindings.openvino.ov_util_log_callback_func;
import org.eppanama.bindings.openvino.ov_version_t;
import org.eppanama.runtime.ProcessLibrary;

/**
 * The loaded OpenVINO C library ({@code libopenvino_c.so}). It finds its runtime and device plugins next to
 * itself, so it is loaded from the folder that holds them (the {@code openvino/libs} folder of the PyPI
 * wheel, or an OpenVINO archive's {@code runtime/lib/intel64}).
 *
 * <p>There is no default location: the path is, in this order, the one given to {@link #load(Path)} before
 * any other use, the system property {@value #PATH_PROPERTY}, or the environment variable
 * {@value #PATH_ENV}. A process holds one library: a later {@code load} of another path fails.
 *
 * <p>OpenVINO's log is routed into {@link System.Logger} {@code openvino}.
 */
public final class OpenVinoLibrary {
    public static final String PATH_PROPERTY = "eppanama.openvino.library";
    public static final String PATH_ENV = "EPPANAMA_OPENVINO_LIBRARY";
    /** A call of the release the bindings were generated from, missing in older ones: its presence is the version check. */
    private static final String REQUIRED_SYMBOL = "ov_core_compile_model_props";

    private static final System.Logger LOG = System.getLogger("openvino");
    private static final ProcessLibrary<OpenVinoLibrary> SLOT = new ProcessLibrary<>("OpenVINO", "OpenVinoLibrary",
            PATH_PROPERTY, PATH_ENV, OpenVinoLibrary::open, OpenVinoLibrary::path, () -> {
                throw new OpenVinoLoadException("no OpenVINO library given: set the system property " + PATH_PROPERTY
                        + " or the environment variable " + PATH_ENV + " to the path of libopenvino_c.so (in the openvino"
                        + " wheel's openvino/libs folder, next to the plugins), or call OpenVinoLibrary.load(path) first");
            });

    private final Path path;
    private final String version;

    private OpenVinoLibrary(Path path, String version) {
        this.path = path;
        this.version = version;
    }

    /** Loads the library at {@code path}; returns the loaded one if it is already this path. */
    public static OpenVinoLibrary load(Path path) {
        return SLOT.load(path);
    }

    /** The loaded library, loading it from {@value #PATH_PROPERTY} or {@value #PATH_ENV} on first use. */
    public static OpenVinoLibrary get() {
        return SLOT.get();
    }

    /** Path of the loaded shared library. */
    public Path path() {
        return path;
    }

    /** OpenVINO's build number ({@code ov_get_openvino_version}), e.g. "2026.4.1-22982-...". */
    public String version() {
        return version;
    }

    private static OpenVinoLibrary open(Path path, String origin) {
        if (!Files.isRegularFile(path)) {
            throw new OpenVinoLoadException("OpenVINO C library not found at " + path + " (from " + origin
                    + "): point " + PATH_PROPERTY + " / " + PATH_ENV + " at libopenvino_c.so (in the openvino wheel's"
                    + " openvino/libs folder; headers/fetch.sh openvino unpacks it under .cache/wheels/openvino)");
        }
        try {
            System.load(path.toString());
        } catch (UnsatisfiedLinkError e) {
            throw new OpenVinoLoadException("could not load OpenVINO C library " + path + " (from " + origin + "): "
                    + e.getMessage() + "; check that it is libopenvino_c for this platform and that libopenvino and"
                    + " its plugins lie next to it", e);
        }
        SymbolLookup lookup = SymbolLookup.loaderLookup();
        if (lookup.find("ov_get_openvino_version").isEmpty()) {
            throw new OpenVinoLoadException(path + " (from " + origin + ") does not export ov_get_openvino_version:"
                    + " it is not the OpenVINO C library (libopenvino_c)");
        }
        String version;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = ov_version_t.allocate(arena);
            Ov.check("ov_get_openvino_version", OpenVino.ov_get_openvino_version(v));
            version = Ov.string(ov_version_t.buildNumber(v));
            OpenVino.ov_version_free(v);
        }
        if (lookup.find(REQUIRED_SYMBOL).isEmpty()) {
            throw new OpenVinoLoadException("OpenVINO " + version + " at " + path + " (from " + origin + ") lacks "
                    + REQUIRED_SYMBOL + ", which these bindings (generated from OpenVINO 2026.4 headers) call:"
                    + " use OpenVINO 2026.4 or newer");
        }
        OpenVino.ov_util_set_log_callback(LogSink.STUB);
        return new OpenVinoLibrary(path, version);
    }

    /** The logging upcall: one stub for the process, since OpenVINO keeps the callback it was given. */
    private static final class LogSink {
        static final MemorySegment STUB = ov_util_log_callback_func.allocate(LogSink::log, Arena.global());

        /** OpenVINO's lines look like "[08:38:13.8314]D[plugin.cpp:289][AUTO] text": the letter is the level. */
        private static void log(MemorySegment message) {
            // An exception escaping an upcall kills the JVM: never let one out.
            try {
                String line = Ov.string(message);
                if (line == null) {
                    return;
                }
                int close = line.startsWith("[") ? line.indexOf(']') : -1;
                char tag = close > 0 && close + 1 < line.length() ? line.charAt(close + 1) : 'I';
                System.Logger.Level level = switch (tag) {
                    case 'E' -> System.Logger.Level.ERROR;
                    case 'W' -> System.Logger.Level.WARNING;
                    case 'D' -> System.Logger.Level.DEBUG;
                    case 'T' -> System.Logger.Level.TRACE;
                    default -> System.Logger.Level.INFO;
                };
                if (LOG.isLoggable(level)) {
                    LOG.log(level, line.strip());
                }
            } catch (Throwable ignored) {
                // Logging must not take the process down.
            }
        }
    }
}
