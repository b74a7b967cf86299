package org.eppanama.runtime;

import static org.eppanama.bindings.ort.OnnxRuntime.ORT_API_VERSION;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.eppanama.bindings.ort.OnnxRuntime;
import org.eppanama.bindings.ort.OrtApi;
import org.eppanama.bindings.ort.OrtApiBase;

/**
 * The loaded ONNX Runtime shared library and its {@code OrtApi} table.
 *
 * <p>The library is looked up, in this order: a path given to {@link #load(Path)} before any other use;
 * the system property {@value #PATH_PROPERTY}; the environment variable {@value #PATH_ENV}; the
 * {@code com.microsoft.onnxruntime:onnxruntime} artifact on the classpath, whose
 * {@code libonnxruntime.so} is extracted once into {@value #CACHE_PROPERTY} (default
 * {@code ~/.cache/eppanama}). A process holds one library: a later {@code load} of another path fails.
 *
 * <p>At load it checks that {@code GetApi(ORT_API_VERSION)} succeeds for the API version of the headers
 * the bindings were generated from; an older library gets an {@link OrtLoadException} naming both.
 */
public final class OrtLibrary {
    public static final String PATH_PROPERTY = "eppanama.ort.library";
    public static final String PATH_ENV = "EPPANAMA_ORT_LIBRARY";
    public static final String CACHE_PROPERTY = "eppanama.cache";
    /** The API version of the pinned headers (ORT_API_VERSION in onnxruntime_c_api.h). */
    public static final int API_VERSION = ORT_API_VERSION();

    private static final String RESOURCE = "ai/onnxruntime/native/" + platform() + "/" + System.mapLibraryName("onnxruntime");
    private static final ProcessLibrary<OrtLibrary> SLOT = new ProcessLibrary<>("ONNX Runtime", "OrtLibrary",
            PATH_PROPERTY, PATH_ENV, OrtLibrary::open, OrtLibrary::path,
            () -> open(extractFromClasspath(), "the classpath artifact com.microsoft.onnxruntime:onnxruntime"));

    private final Path path;
    private final String version;
    private final MemorySegment api;

    private OrtLibrary(Path path, String version, MemorySegment api) {
        this.path = path;
        this.version = version;
        this.api = api;
    }

    /** Loads the library at {@code path}; returns the loaded one if it is already this path. */
    public static OrtLibrary load(Path path) {
        return SLOT.load(path);
    }

    /** The loaded library, loading it from the default places on first use. */
    public static OrtLibrary get() {
        return SLOT.get();
    }

    /** Path of the loaded shared library. */
    public Path path() {
        return path;
    }

    /** {@code GetVersionString()} of the loaded library, e.g. "1.29.0". */
    public String version() {
        return version;
    }

    /** The raw {@code const OrtApi*}, sized to the struct; for callers who need a call the runtime does not wrap. */
    public MemorySegment api() {
        return api;
    }

    private static OrtLibrary open(Path path, String origin) {
        if (!Files.isRegularFile(path)) {
            throw new OrtLoadException("ONNX Runtime library not found at " + path + " (from " + origin
                    + "): point " + PATH_PROPERTY + " / " + PATH_ENV + " at libonnxruntime.so, or put "
                    + "com.microsoft.onnxruntime:onnxruntime on the classpath");
        }
        try {
            System.load(path.toString());
        } catch (UnsatisfiedLinkError e) {
            throw new OrtLoadException("could not load ONNX Runtime library " + path + " (from " + origin
                    + "): " + e.getMessage() + "; check that it is a libonnxruntime for this platform ("
                    + platform() + ") and that its dependencies are installed", e);
        }
        MemorySegment base;
        try {
            base = OnnxRuntime.OrtGetApiBase().reinterpret(OrtApiBase.layout().byteSize());
        } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
            throw new OrtLoadException(path + " (from " + origin + ") does not export OrtGetApiBase: it is not an ONNX Runtime library", e);
        }
        String version = OrtApiBase.GetVersionString.invoke(OrtApiBase.GetVersionString(base))
                .reinterpret(Long.MAX_VALUE).getString(0);
        MemorySegment api = OrtApiBase.GetApi.invoke(OrtApiBase.GetApi(base), API_VERSION);
        if (api.equals(MemorySegment.NULL)) {
            throw new OrtLoadException("ONNX Runtime " + version + " at " + path + " (from " + origin
                    + ") does not provide API version " + API_VERSION + ", which these bindings were generated from "
                    + "(ONNX Runtime 1." + API_VERSION + " headers): use ONNX Runtime 1." + API_VERSION + " or newer");
        }
        return new OrtLibrary(path, version, api.reinterpret(OrtApi.layout().byteSize()));
    }

    private static Path extractFromClasspath() {
        URL url = OrtLibrary.class.getClassLoader().getResource(RESOURCE);
        if (url == null) {
            throw new OrtLoadException("no ONNX Runtime library: " + RESOURCE + " is not on the classpath and neither "
                    + PATH_PROPERTY + " nor " + PATH_ENV + " is set; add com.microsoft.onnxruntime:onnxruntime "
                    + "to the classpath or point one of them at libonnxruntime.so");
        }
        try {
            URLConnection conn = url.openConnection();
            // A jar entry's CRC and size name the copy, so a changed artifact gets a fresh extraction.
            String key = conn instanceof JarURLConnection jar
                    ? Long.toHexString(jar.getJarEntry().getCrc()) + "-" + jar.getJarEntry().getSize()
                    : Long.toHexString(conn.getContentLengthLong());
            Path dir = cacheRoot().resolve("onnxruntime-" + key);
            Path target = dir.resolve(System.mapLibraryName("onnxruntime"));
            if (Files.isRegularFile(target)) {
                return target;
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "extract", ".tmp");
            try (InputStream in = conn.getInputStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new OrtLoadException("could not extract " + RESOURCE + " to " + cacheRoot() + ": " + e.getMessage()
                    + "; set " + CACHE_PROPERTY + " to a writable folder", e);
        }
    }

    private static Path cacheRoot() {
        String prop = System.getProperty(CACHE_PROPERTY);
        return prop != null ? Path.of(prop) : Path.of(System.getProperty("user.home"), ".cache", "eppanama");
    }

    private static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") ? "aarch64" : arch;
        String o = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "osx" : os.startsWith("windows") ? "win" : os;
        return o + "-" + a;
    }
}
