package org.eppanama.bench;

import java.util.List;
import java.util.Map;

/**
 * Everything one bench run measured. The C baseline runs before, between and after the passes of the
 * call-overhead benchmarks ({@code cRuns}), so its figure spans the same stretch of time (and neighbours'
 * load) as theirs.
 */
public record Figures(Plan plan, Machine machine, String startedUtc, List<String> gccCommand, List<CBaseline.Rounds> cRuns,
                      Map<String, Score> call, Map<String, Score> handoff, Map<String, Score> create,
                      List<CopyCount> copies) {

    /** Plain C's Run with preallocated outputs, over every round of every C run. */
    public Score cRun() {
        return Score.of(cRuns.stream().flatMap(r -> r.run().stream()).toList(), "ns/op", List.of());
    }

    /** Plain C's RunWithBinding, over every round of every C run. */
    public Score cBinding() {
        return Score.of(cRuns.stream().flatMap(r -> r.binding().stream()).toList(), "ns/op", List.of());
    }

    public CopyCount copies(String path) {
        return copies.stream().filter(c -> c.path().equals(path)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no copy count for " + path));
    }
}
