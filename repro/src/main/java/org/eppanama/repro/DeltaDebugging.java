package org.eppanama.repro;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Zeller and Hildebrandt's ddmin: a 1-minimal subset of {@code items} for which the test still fails
 * (removing any single item of the result makes it pass). Each distinct subset is tested once.
 */
final class DeltaDebugging {
    /** Whether the failure still happens with only {@code subset} (in the original order). */
    interface FailureTest<T> {
        boolean stillFails(List<T> subset) throws IOException;
    }

    private DeltaDebugging() {
    }

    static <T> List<T> ddmin(List<T> items, FailureTest<T> test) throws IOException {
        Map<List<T>, Boolean> seen = new HashMap<>();
        FailureTest<T> cached = subset -> {
            Boolean known = seen.get(subset);
            if (known == null) {
                known = test.stillFails(subset);
                seen.put(List.copyOf(subset), known);
            }
            return known;
        };
        // A failure that needs none of the items needs no search.
        if (cached.stillFails(List.of())) {
            return List.of();
        }
        List<T> current = List.copyOf(items);
        int n = 2;
        while (current.size() >= 2) {
            List<List<T>> chunks = split(current, n);
            List<T> smaller = null;
            for (List<T> chunk : chunks) {
                if (cached.stillFails(chunk)) {
                    smaller = chunk;
                    n = 2;
                    break;
                }
            }
            // With two chunks each complement is the other chunk, tested just above.
            for (int i = 0; smaller == null && n > 2 && i < chunks.size(); i++) {
                List<T> complement = complement(current, chunks.get(i));
                if (cached.stillFails(complement)) {
                    smaller = complement;
                    n = Math.max(n - 1, 2);
                }
            }
            if (smaller != null) {
                current = smaller;
            } else if (n < current.size()) {
                n = Math.min(2 * n, current.size());
            } else {
                break;
            }
        }
        return current;
    }

    /** {@code items} in {@code n} contiguous chunks of nearly equal size. */
    private static <T> List<List<T>> split(List<T> items, int n) {
        List<List<T>> chunks = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < n; i++) {
            int end = start + (items.size() - start) / (n - i);
            chunks.add(List.copyOf(items.subList(start, end)));
            start = end;
        }
        return chunks;
    }

    private static <T> List<T> complement(List<T> items, List<T> chunk) {
        List<T> rest = new ArrayList<>(items);
        rest.removeAll(chunk);
        return List.copyOf(rest);
    }
}
