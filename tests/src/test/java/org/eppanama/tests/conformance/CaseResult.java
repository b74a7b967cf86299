package org.eppanama.tests.conformance;

import java.util.Locale;
import java.util.Objects;

/**
 * Outcome of one conformance case under one runner.
 *
 * @param caseName the case's folder name, for example {@code test_add_bcast}
 * @param status   pass, fail (ran, wrong result), error (exception), or skip (not applicable)
 * @param detail   {@code ""} for pass; the first mismatch for fail; the exception message for
 *                 error; the reason for skip
 * @param millis   wall time the case took (not written to the results file)
 */
public record CaseResult(String caseName, Status status, String detail, long millis) {

    public enum Status {
        PASS, FAIL, ERROR, SKIP;

        /** Lower-case name as written to the results file. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status fromLabel(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    public CaseResult {
        Objects.requireNonNull(caseName, "caseName");
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
    }

    public static CaseResult pass(String caseName, long millis) {
        return new CaseResult(caseName, Status.PASS, "", millis);
    }

    public static CaseResult fail(String caseName, String detail, long millis) {
        return new CaseResult(caseName, Status.FAIL, detail, millis);
    }

    public static CaseResult error(String caseName, String detail, long millis) {
        return new CaseResult(caseName, Status.ERROR, detail, millis);
    }

    public static CaseResult skip(String caseName, String reason, long millis) {
        return new CaseResult(caseName, Status.SKIP, reason, millis);
    }
}
