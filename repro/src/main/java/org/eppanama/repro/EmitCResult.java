package org.eppanama.repro;

/** A scenario run in the child JVM and by its C reproducer. */
public record EmitCResult(RunReport jvm, CReproduction c) {
    /** Whether the C program ends the way the JVM did (same classification, signal or error): then Java is not involved. */
    public boolean reproduced() {
        return jvm.outcome().sameAs(c.report().outcome());
    }
}
