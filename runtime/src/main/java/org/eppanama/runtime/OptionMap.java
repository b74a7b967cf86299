package org.eppanama.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The insertion-ordered options a typed builder collects for one EP; each key is checked as it is set. */
final class OptionMap {
    private final String epName;
    private final Map<String, String> values = new LinkedHashMap<>();

    OptionMap(String epName) {
        this.epName = epName;
    }

    void put(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value of " + key);
        EpOptionKeys.check(epName, Map.of(key, value));
        values.put(key, value);
    }

    /** An integer option that must be greater than zero. */
    void putPositive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be > 0, got " + value);
        }
        put(key, Integer.toString(value));
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    String get(String key) {
        return values.get(key);
    }

    Map<String, String> snapshot() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
