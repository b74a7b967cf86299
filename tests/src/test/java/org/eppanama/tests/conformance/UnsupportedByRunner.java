package org.eppanama.tests.conformance;

/**
 * Thrown by a {@link CaseRunner} for a case it cannot express at all (for example an element
 * type its API cannot create), as opposed to one it runs and gets wrong. The suite classifies
 * such a case as {@code skip} with this exception's message as the reason.
 */
public class UnsupportedByRunner extends Exception {

    private static final long serialVersionUID = 1L;

    public UnsupportedByRunner(String message) {
        super(message);
    }
}
