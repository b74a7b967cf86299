package org.eppanama.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eppanama.tests.conformance.CaseResult.Status;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * ONNX backend node tests through ONNX Runtime's official JNI API: the reference numbers the
 * project's own (FFM) runner is compared with. Writes {@code target/conformance/jni-results.jsonl}.
 */
class JniConformanceTest {

    /** ORT reportedly passes about 1,340 of the 1,653 node tests through its Java API. */
    static final int MIN_PASSED = 1200;

    @Test
    void jniRunnerPassesTheNodeTests() throws Exception {
        Optional<Path> nodeDir = ConformanceSuite.locateNodeTestDir();
        if (nodeDir.isEmpty()) {
            System.out.println("JniConformanceTest skipped: .cache/onnx-testdata/node not found (run headers/fetch.sh)");
        }
        Assumptions.assumeTrue(nodeDir.isPresent(), "ONNX backend test data not found: run headers/fetch.sh");

        ConformanceSuite suite = new ConformanceSuite(nodeDir.get());
        Map<String, CaseResult> results;
        long start = System.nanoTime();
        try (JniCaseRunner runner = new JniCaseRunner()) {
            System.out.println("conformance[jni]: ONNX Runtime " + runner.ortVersion() + ", "
                    + suite.cases().size() + " cases in " + suite.nodeDir());
            results = suite.run(runner);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Path file = ConformanceSuite.writeResults(ConformanceSuite.resultsDir(), "jni", results);

        System.out.println(ConformanceSuite.summary("jni", results) + String.format(" in %.1f s", seconds));
        System.out.println("conformance[jni]: results in " + file);
        report(results);

        if (System.getProperty(ConformanceSuite.FILTER_PROPERTY) == null) {
            int passed = ConformanceSuite.counts(results).get(Status.PASS);
            assertTrue(passed >= MIN_PASSED, "only " + passed + " cases passed, expected at least " + MIN_PASSED);
        }
    }

    /** Prints the non-passing cases grouped by cause and the slowest cases. */
    static void report(Map<String, CaseResult> results) {
        System.out.println("conformance: groups of non-passing cases (count, cause, examples):");
        for (Map.Entry<String, List<String>> g : ConformanceSuite.failureGroups(results).entrySet()) {
            List<String> names = g.getValue();
            System.out.printf("  %4d  %s%n        e.g. %s%n", names.size(), g.getKey(),
                    String.join(", ", names.subList(0, Math.min(4, names.size()))));
        }
        System.out.println("conformance: slowest cases:");
        results.values().stream().sorted(Comparator.comparingLong(CaseResult::millis).reversed()).limit(5)
                .forEach(r -> System.out.printf("  %6d ms  %s (%s)%n", r.millis(), r.caseName(), r.status().label()));
    }
}
