package org.eppanama.repro;

import java.nio.file.Path;
import java.util.List;

/**
 * What bisect found: the failure of the full scenario, the options it started from, a smallest set that still
 * fails the same way, the reduced scenario (written to {@code written}) and how many child runs it took.
 */
public record BisectResult(Outcome failure, List<Option> options, List<Option> kept, Scenario reduced, Path written,
                           int runs) {
    public BisectResult {
        options = List.copyOf(options);
        kept = List.copyOf(kept);
    }
}
