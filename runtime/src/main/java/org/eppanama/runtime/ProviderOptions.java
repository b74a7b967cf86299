package org.eppanama.runtime;

import java.util.Map;

/**
 * Typed provider options for one execution provider ({@link QnnOptions}, {@link OpenVinoOptions}): the EP
 * they are for and the string map that {@code SessionOptionsAppendExecutionProvider_V2} receives.
 */
public interface ProviderOptions {
    /** The EP these options are for, e.g. "QNNExecutionProvider"; the devices they are appended with must be of it. */
    String epName();

    /** The options as ONNX Runtime receives them, in insertion order. */
    Map<String, String> asMap();
}
