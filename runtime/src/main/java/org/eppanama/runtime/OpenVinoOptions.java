package org.eppanama.runtime;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Provider options of the OpenVINO execution provider (the {@code onnxruntime-ep-openvino} plugin):
 * <pre>{@code
 * OpenVinoOptions ov = OpenVinoOptions.builder().precision(OpenVinoOptions.Precision.FP32).numStreams(1).build();
 * opts.appendExecutionProvider(env.epDevices(OpenVinoOptions.EP_NAME, DeviceType.CPU), ov);
 * }</pre>
 * With the plugin the OpenVINO device (CPU, GPU, NPU) follows from the EP devices appended; the plugin
 * offers devices only for Intel hardware (vendor id 0x8086).
 */
public final class OpenVinoOptions implements ProviderOptions {
    public static final String EP_NAME = "OpenVINOExecutionProvider";

    /** Keys the OpenVINO EP documents, and those the pinned plugin (1.8) reads in addition. */
    static final Set<String> KEYS = Set.of(
            "device_type", "device_id", "device_luid", "precision", "num_of_threads", "num_streams", "cache_dir",
            "load_config", "context", "enable_opencl_throttling", "enable_qdq_optimizer", "disable_dynamic_shapes",
            "model_priority", "reshape_input", "layout", "enable_causallm", "kvcache_reorder", "kvcache_rewind");

    /** {@code precision} values. */
    public enum Precision { FP32, FP16, ACCURACY }

    private final Map<String, String> options;

    private OpenVinoOptions(Map<String, String> options) {
        this.options = options;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String epName() {
        return EP_NAME;
    }

    @Override
    public Map<String, String> asMap() {
        return options;
    }

    @Override
    public String toString() {
        return EP_NAME + " " + options;
    }

    public static final class Builder {
        private final OptionMap map = new OptionMap(EP_NAME);

        private Builder() {
        }

        /** {@code device_type}, e.g. "CPU", "GPU", "NPU" or "AUTO:GPU,CPU"; with the plugin the EP devices decide. */
        public Builder deviceType(String deviceType) {
            map.put("device_type", Objects.requireNonNull(deviceType, "deviceType"));
            return this;
        }

        public Builder precision(Precision precision) {
            map.put("precision", Objects.requireNonNull(precision, "precision").name());
            return this;
        }

        public Builder numOfThreads(int threads) {
            map.putPositive("num_of_threads", threads);
            return this;
        }

        public Builder numStreams(int streams) {
            map.putPositive("num_streams", streams);
            return this;
        }

        /** {@code cache_dir}: where OpenVINO caches compiled blobs between sessions. */
        public Builder cacheDir(Path dir) {
            map.put("cache_dir", Objects.requireNonNull(dir, "dir").toAbsolutePath().toString());
            return this;
        }

        public Builder enableQdqOptimizer(boolean enable) {
            map.put("enable_qdq_optimizer", Boolean.toString(enable));
            return this;
        }

        public Builder disableDynamicShapes(boolean disable) {
            map.put("disable_dynamic_shapes", Boolean.toString(disable));
            return this;
        }

        /** Any other key the OpenVINO EP reads (checked), with its string value. */
        public Builder option(String key, String value) {
            map.put(key, value);
            return this;
        }

        public OpenVinoOptions build() {
            return new OpenVinoOptions(map.snapshot());
        }
    }
}
