package org.eppanama.runtime.qnn;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eppanama.bindings.qnn.QnnSystemInterface_ImplementationV1_t;
import org.eppanama.bindings.qnn.QnnSystemInterface_t;

/**
 * The loaded QNN System library ({@code libQnnSystem.so}) and the System API provider picked from it.
 *
 * <p>The bindings come from the project's own declaration header, so loading checks them against the
 * library before any call: the provider's System API major version must be the header's, and the function
 * pointers read at the header's offsets must point into the library's own code. A process holds one
 * libQnnSystem (its symbol is found through the class loader): loading a second path fails.
 */
public final class QnnSystemLibrary {
    private static QnnSystemLibrary loaded;

    private final Path library;
    private final String providerName;
    private final Qnn.Version apiVersion;
    private final MemorySegment functions;

    private QnnSystemLibrary(Path library, String providerName, Qnn.Version apiVersion, MemorySegment functions) {
        this.library = library;
        this.providerName = providerName;
        this.apiVersion = apiVersion;
        this.functions = functions;
    }

    /** Loads {@code libQnnSystem.so} (e.g. the one next to the QNN EP plugin) and picks its System API provider. */
    public static synchronized QnnSystemLibrary load(Path libQnnSystem) {
        Objects.requireNonNull(libQnnSystem, "libQnnSystem");
        Path lib = libQnnSystem.toAbsolutePath().normalize();
        if (loaded != null) {
            if (!loaded.library.equals(lib)) {
                throw new IllegalStateException("libQnnSystem is already loaded from " + loaded.library
                        + "; a process holds one, so " + lib + " cannot be loaded too");
            }
            return loaded;
        }
        if (!Files.isRegularFile(lib)) {
            throw new IllegalArgumentException("QNN System library " + lib + " does not exist: it ships with the QNN"
                    + " backends (onnxruntime-qnn: next to libonnxruntime_providers_qnn.so)");
        }
        System.load(lib.toString());
        loaded = pickProvider(lib);
        return loaded;
    }

    private static QnnSystemLibrary pickProvider(Path lib) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment listOut = arena.allocate(ValueLayout.ADDRESS);
            MemorySegment countOut = arena.allocate(ValueLayout.JAVA_INT);
            Qnn.check("QnnSystemInterface_getProviders",
                    org.eppanama.bindings.qnn.QnnSystem.QnnSystemInterface_getProviders(listOut, countOut));
            int n = countOut.get(ValueLayout.JAVA_INT, 0);
            MemorySegment list = listOut.get(ValueLayout.ADDRESS, 0).reinterpret(n * ValueLayout.ADDRESS.byteSize());
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                MemorySegment provider = list.getAtIndex(ValueLayout.ADDRESS, i).reinterpret(QnnSystemInterface_t.sizeof());
                Qnn.Version v = Qnn.version(QnnSystemInterface_t.systemApiVersion(provider));
                String name = Qnn.string(QnnSystemInterface_t.providerName(provider));
                seen.add(name + " " + v);
                if (v.major() == org.eppanama.bindings.qnn.QnnSystem.QNN_SYSTEM_API_VERSION_MAJOR()) {
                    MemorySegment functions = QnnSystemInterface_t.v1(provider);
                    requireInLibrary(lib, functions);
                    return new QnnSystemLibrary(lib, name, v, functions);
                }
            }
            throw new IllegalStateException(lib + " offers no QNN System API "
                    + org.eppanama.bindings.qnn.QnnSystem.QNN_SYSTEM_API_VERSION_MAJOR() + ".x provider (it offers "
                    + seen + "); these bindings (headers/qnn/QnnSystemMinimal.h) describe major version "
                    + org.eppanama.bindings.qnn.QnnSystem.QNN_SYSTEM_API_VERSION_MAJOR() + ": update the header for this QNN SDK");
        }
    }

    /**
     * The function pointers read at the header's offsets must lie in the library's mapped code: a wrong
     * offset reads another field, which does not. Checked on Linux, where /proc/self/maps shows the mappings.
     */
    private static void requireInLibrary(Path lib, MemorySegment functions) {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return;
        }
        List<long[]> ranges = new ArrayList<>();
        try {
            String real = lib.toRealPath().toString();
            for (String line : Files.readAllLines(maps)) {
                if (line.endsWith(" " + real)) {
                    String[] range = line.substring(0, line.indexOf(' ')).split("-");
                    ranges.add(new long[] {Long.parseUnsignedLong(range[0], 16), Long.parseUnsignedLong(range[1], 16)});
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + maps + " to check the QNN System bindings: " + e.getMessage(), e);
        }
        String[] names = {"systemContextCreate", "systemContextGetBinaryInfo", "systemContextFree"};
        long[] pointers = {
            QnnSystemInterface_ImplementationV1_t.systemContextCreate(functions).address(),
            QnnSystemInterface_ImplementationV1_t.systemContextGetBinaryInfo(functions).address(),
            QnnSystemInterface_ImplementationV1_t.systemContextFree(functions).address()};
        for (int i = 0; i < pointers.length; i++) {
            long p = pointers[i];
            if (ranges.stream().noneMatch(r -> Long.compareUnsigned(p, r[0]) >= 0 && Long.compareUnsigned(p, r[1]) < 0)) {
                throw new IllegalStateException("QNN System binding mismatch: " + names[i] + " read from " + lib
                        + " is 0x" + Long.toHexString(p) + ", not inside the library: the interface layout in"
                        + " headers/qnn/QnnSystemMinimal.h does not match this libQnnSystem; regenerate it for this QNN SDK");
            }
        }
    }

    /** The loaded library. */
    public Path library() {
        return library;
    }

    /** The provider's name, e.g. "SYSTEM_QTI_AISW". */
    public String providerName() {
        return providerName;
    }

    /** The System API version the provider implements. */
    public Qnn.Version apiVersion() {
        return apiVersion;
    }

    /** The provider's function table (QnnSystemInterface_ImplementationV1_t). */
    MemorySegment functions() {
        return functions;
    }
}
