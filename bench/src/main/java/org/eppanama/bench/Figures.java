package org.eppanama.bench;

import java.util.List;
import java.util.Map;

/**
 * Everything one bench run measured. The C baseline runs right before and right after the call-overhead
 * benchmarks, so its figure spans the same stretch of time (and neighbours' load) as theirs.
 */
public record Figures(Plan plan, Machine machine, String startedUtc, List<String> gccCommand,
                      CBaseline.Rounds cBefore, CBaseline.Rounds cAfter,
                      Map<String, Score> call, Map<String, Score> handoff, Map<String, Score> create,
                      List<CopyCount> copies) {

    /** Plain C's Run with preallocated outputs, over both C runs. */
    public Score cRun() {
        return Score.ofRounds(cBefore.plus(cAfter).run());
    }

    /** Plain C's RunWithBinding, over both C runs. */
    public Score cBinding() {
        return Score.ofRounds(cBefore.plus(cAfter).binding());
    }

    public CopyCount copies(String path) {
        return copies.stream().filter(c -> c.path().equals(path)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no copy count for " + path));
    }
}
