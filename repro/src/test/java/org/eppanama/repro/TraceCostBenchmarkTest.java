package org.eppanama.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A short benchmark run: one fork each way. The numbers that matter come from 'repro bench-trace' (README). */
class TraceCostBenchmarkTest {

    @Test
    void tracingCostsNothingMeasurableWhenOffAndSomethingWhenOn() throws Exception {
        TraceCostBenchmark.Result result = TraceCostBenchmark.measure(1, 1.0);
        System.out.print(result.format());
        assertEquals(2, result.forks().size());
        // Generous bounds: a shared machine is noisy, but off stays near the raw call and on is far above it.
        assertTrue(result.ratio(false) < 1.5, result.format());
        assertTrue(result.ratio(true) > result.ratio(false), result.format());
    }
}
