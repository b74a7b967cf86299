package org.eppanama.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eppanama.tests.conformance.CaseResult.Status;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * ONNX's backend node tests through this runtime (the V2 CPU path), with ONNX Runtime itself, through
 * its official JNI API, as the reference: every case the JNI API passes must pass here; every failure
 * or error here must be one ONNX Runtime reports too; cases the JNI API cannot express are run here.
 * Writes {@code tests/target/conformance/results.jsonl}.
 */
class FfmConformanceTest {
    /** ONNX Runtime passes about 1,340 of the 1,653 node tests through its Java API; fewer means the reference broke. */
    static final int MIN_JNI_PASSED = 1200;

    @Test
    void runtimePassesEverythingOnnxRuntimePasses() throws Exception {
        Optional<Path> nodeDir = ConformanceSuite.locateNodeTestDir();
        if (nodeDir.isEmpty() && System.getenv("CI") != null) {
            throw new AssertionError("ONNX backend test data missing in CI: .ci/run must run headers/fetch.sh first");
        }
        Assumptions.assumeTrue(nodeDir.isPresent(), "ONNX backend test data not found: run headers/fetch.sh");
        ConformanceSuite suite = new ConformanceSuite(nodeDir.get());

        long t0 = System.nanoTime();
        Map<String, CaseResult> ffm;
        try (FfmCaseRunner runner = new FfmCaseRunner()) {
            ffm = suite.run(runner);
        }
        double ffmSeconds = (System.nanoTime() - t0) / 1e9;
        Map<String, CaseResult> jni;
        try (JniCaseRunner runner = new JniCaseRunner()) {
            jni = suite.run(runner);
        }
        Path file = ConformanceSuite.writeResults(ConformanceSuite.resultsDir(), "ffm", ffm);
        Files.copy(file, ConformanceSuite.resultsDir().resolve("results.jsonl"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ConformanceSuite.writeResults(ConformanceSuite.resultsDir(), "jni", jni);

        Map<Status, Integer> n = ConformanceSuite.counts(ffm);
        System.out.printf("conformance: %d passed, %d failed, %d errors, %d skipped (%.1f s)%n",
                n.get(Status.PASS), n.get(Status.FAIL), n.get(Status.ERROR), n.get(Status.SKIP), ffmSeconds);
        System.out.println(ConformanceSuite.summary("jni", jni));
        report(ffm);

        List<String> lostPasses = ffm.values().stream()
                .filter(r -> jni.get(r.caseName()).status() == Status.PASS && r.status() != Status.PASS)
                .map(r -> r.caseName() + ": " + r.status().label() + " " + r.detail()).toList();
        List<String> unexplained = ffm.values().stream()
                .filter(r -> (r.status() == Status.FAIL || r.status() == Status.ERROR) && !reportedByOrt(r, jni.get(r.caseName())))
                .map(r -> r.caseName() + ": " + r.status().label() + " " + r.detail() + " | jni: " + jni.get(r.caseName()).status().label()
                        + " " + jni.get(r.caseName()).detail()).toList();
        long gained = ffm.values().stream()
                .filter(r -> r.status() == Status.PASS && jni.get(r.caseName()).status() == Status.SKIP).count();
        System.out.println("conformance: " + gained + " cases the JNI API cannot express pass here");
        unexplained.forEach(u -> System.out.println("conformance: not reported by ONNX Runtime itself: " + u));

        assertTrue(jni.values().stream().filter(r -> r.status() == Status.PASS).count() >= MIN_JNI_PASSED,
                "the JNI reference itself passed too few cases: " + ConformanceSuite.summary("jni", jni));
        assertEquals(List.of(), lostPasses, "cases ONNX Runtime's JNI API passes but this runtime does not");
        assertEquals(List.of(), unexplained, "failures or errors that ONNX Runtime itself does not report");
        assertTrue(gained > 0, "no case the JNI API cannot express passed here");
    }

    /**
     * A failure here is ONNX Runtime's own when the JNI API fails or errors on the same case too, or, for a
     * case the JNI API cannot express, when the error is an ONNX Runtime status (not this layer's check).
     */
    static boolean reportedByOrt(CaseResult ours, CaseResult jni) {
        if (jni.status() == Status.FAIL || jni.status() == Status.ERROR) {
            return true;
        }
        return jni.status() == Status.SKIP && ours.status() == Status.ERROR && ours.detail().contains("failed: ORT_");
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
