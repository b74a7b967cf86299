package org.eppanama.runtime;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one copy of a native library a process may hold, looked up in order: an explicit {@link #load(Path)}
 * before any other use; a system property; an environment variable; then a fallback (which may refuse).
 * A later load of another path fails, since a shared library cannot be swapped once code is bound to it.
 *
 * @param <L> what opening the library yields (it knows its own path)
 */
public final class ProcessLibrary<L> {
    /** Opens the library at a path, naming where the path came from in its errors. */
    public interface Opener<L> {
        L open(Path path, String origin);
    }

    private final String name;
    private final String loaderClass;
    private final String property;
    private final String envVariable;
    private final Opener<L> opener;
    private final Function<L, Path> pathOf;
    private final Supplier<L> fallback;
    private volatile L loaded;

    /**
     * @param name        the library's name in messages, e.g. "ONNX Runtime"
     * @param loaderClass the class whose {@code load(path)} users call, named in the message of a second load
     * @param fallback    opens the library when neither the property nor the variable is set, or throws
     */
    public ProcessLibrary(String name, String loaderClass, String property, String envVariable, Opener<L> opener,
                          Function<L, Path> pathOf, Supplier<L> fallback) {
        this.name = name;
        this.loaderClass = loaderClass;
        this.property = property;
        this.envVariable = envVariable;
        this.opener = opener;
        this.pathOf = pathOf;
        this.fallback = fallback;
    }

    /** Loads the library at {@code path}; returns the loaded one if it is already this path. */
    public synchronized L load(Path path) {
        Objects.requireNonNull(path, "path");
        Path abs = path.toAbsolutePath().normalize();
        L current = loaded;
        if (current != null) {
            if (!pathOf.apply(current).equals(abs)) {
                throw new IllegalStateException(name + " is already loaded from " + pathOf.apply(current)
                        + "; a process holds one library, so " + abs + " cannot be loaded too. Call "
                        + loaderClass + ".load(path) before any other use.");
            }
            return current;
        }
        loaded = current = opener.open(abs, "the given path");
        return current;
    }

    /** The loaded library, looking it up on first use. */
    public L get() {
        L current = loaded;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (loaded == null) {
                loaded = locate();
            }
            return loaded;
        }
    }

    private L locate() {
        String prop = System.getProperty(property);
        if (prop != null && !prop.isBlank()) {
            return opener.open(Path.of(prop).toAbsolutePath().normalize(), "system property " + property);
        }
        String env = System.getenv(envVariable);
        if (env != null && !env.isBlank()) {
            return opener.open(Path.of(env).toAbsolutePath().normalize(), "environment variable " + envVariable);
        }
        return fallback.get();
    }
}
