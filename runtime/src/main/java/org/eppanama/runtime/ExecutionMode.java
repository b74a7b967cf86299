package org.eppanama.runtime;

/** ExecutionMode: run nodes one after another, or independent branches in parallel on the inter-op pool. */
public enum ExecutionMode {
    SEQUENTIAL, PARALLEL
}
