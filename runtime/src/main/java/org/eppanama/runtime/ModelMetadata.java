package org.eppanama.runtime;

import java.util.Map;

/** OrtModelMetadata: the model's producer, graph name, domain, descriptions, version and custom metadata_props. */
public record ModelMetadata(String producerName, String graphName, String domain, String description,
                            String graphDescription, long version, Map<String, String> custom) {
    public ModelMetadata {
        custom = Map.copyOf(custom);
    }
}
