package org.eppanama.runtime;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Provider option keys known per execution provider. ONNX Runtime silently ignores keys an EP does not
 * read when appended through the V2 call, so a typo would go unnoticed: for the EPs listed here an
 * unknown key is refused in Java, naming the key and the known ones. EPs not listed pass through unchecked.
 */
final class EpOptionKeys {
    private static final Map<String, Set<String>> KNOWN = Map.of(
            // The CPU EP reads no provider options (its settings are session options).
            "CPUExecutionProvider", Set.of(),
            QnnOptions.EP_NAME, QnnOptions.KEYS,
            OpenVinoOptions.EP_NAME, OpenVinoOptions.KEYS);

    private EpOptionKeys() {
    }

    static void check(String epName, Map<String, String> options) {
        Set<String> known = KNOWN.get(epName);
        if (known == null) {
            return;
        }
        for (String key : options.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' for " + epName + "; "
                        + (known.isEmpty() ? epName + " takes no provider options (use session options instead)"
                        : "known options: " + new TreeSet<>(known)));
            }
        }
    }
}
