package org.eppanama.repro;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How an input's data is made when no file is given. The C reproducer makes the same bytes (see
 * {@link InputData}): zeros and ones are constants, range is the element index, random is SplitMix64 from the seed.
 */
public enum Fill {
    ZEROS, ONES, RANGE, RANDOM;

    /** The JSON spelling: the name in lower case. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The rule spelled {@code text} (any case), or null if there is none. */
    static Fill parse(String text) {
        return Arrays.stream(values()).filter(f -> f.name().equalsIgnoreCase(text)).findFirst().orElse(null);
    }

    static String choices() {
        return Arrays.stream(values()).map(Fill::jsonName).collect(Collectors.joining(", "));
    }
}
