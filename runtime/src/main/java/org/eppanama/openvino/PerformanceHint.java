package org.eppanama.openvino;

/** Values of the PERFORMANCE_HINT property: what a device tunes its compiled model for. */
public enum PerformanceHint {
    /** One request at a time, as fast as possible. */
    LATENCY,
    /** Many parallel requests, the most inferences per second. */
    THROUGHPUT,
    /** THROUGHPUT over several devices at once (AUTO / MULTI). */
    CUMULATIVE_THROUGHPUT
}
