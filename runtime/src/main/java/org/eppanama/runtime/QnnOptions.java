package org.eppanama.runtime;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Provider options of the QNN execution provider, as a Snapdragon user sets them:
 * <pre>{@code
 * QnnOptions qnn = QnnOptions.builder()
 *         .backendType(QnnOptions.Backend.HTP)
 *         .htpPerformanceMode(QnnOptions.PerformanceMode.BURST)
 *         .socModel(QnnOptions.SOC_MODEL_SNAPDRAGON_X_ELITE).htpArch(73)
 *         .build();
 * opts.appendExecutionProvider(env.epDevices(QnnOptions.EP_NAME, DeviceType.CPU), qnn);
 * }</pre>
 * Every key is checked against the keys the QNN EP reads; {@link Builder#option} sets any other known key.
 * The QNN plugin names its EP after the registration name, so register its library as {@value #EP_NAME}:
 * under another name its devices do not carry that EP name and options set here are refused for them.
 */
public final class QnnOptions implements ProviderOptions {
    public static final String EP_NAME = "QNNExecutionProvider";
    /** {@code soc_model} of the Snapdragon X Elite (SC8380XP), whose HTP is architecture 73. */
    public static final int SOC_MODEL_SNAPDRAGON_X_ELITE = 60;

    /**
     * Keys the QNN EP reads: those ONNX Runtime's C API documents for QNN and those the pinned
     * onnxruntime-qnn plugin (2.x) reads in addition.
     */
    static final Set<String> KEYS = Set.of(
            "backend_type", "backend_path", "device_id", "profiling_level", "profiling_file_path",
            "rpc_control_latency", "vtcm_mb", "htp_performance_mode", "qnn_saver_path", "qnn_context_priority",
            "htp_graph_finalization_optimization_mode", "soc_model", "htp_arch", "enable_htp_fp16_precision",
            "offload_graph_io_quantization", "enable_htp_spill_fill_buffer", "enable_htp_shared_memory_allocator",
            "dump_json_qnn_graph", "json_qnn_graph_dir", "dump_qnn_ir_dlc", "dump_qnn_ir_dlc_dir",
            "qnn_ir_backend_path", "op_packages", "intra_op_num_threads", "skip_qnn_version_check",
            "htp_bf16_enable", "htp_share_resource_optimization", "enable_htp_prepare_only", "extended_udma",
            "disable_file_mapped_weights", "enable_vtcm_backup_buffer_sharing", "enable_htp_graph_splitting",
            "htp_graph_splitting_num_prepare_threads", "enable_htp_fp16_clamp_overflow",
            "enable_htp_monolithic_lstm", "enable_htp_prepare_and_load", "htp_reused_io_limit_mb",
            "skip_backend_op_validation", "enable_block_quant_weight_optimization", "enable_framework_op_trace",
            "dump_qnn_ep_input_graph", "dump_qnn_ep_input_graph_dir", "enable_dx12_shared_memory_allocator");

    /** QNN backends, by {@code backend_type}; the library each loads is {@code lib<Qnn...>.so}. */
    public enum Backend {
        CPU("QnnCpu"), GPU("QnnGpu"), HTP("QnnHtp"), SAVER("QnnSaver"), IR("QnnIr");

        private final String library;

        Backend(String library) {
            this.library = library;
        }

        /** The backend's shared library name on Linux, e.g. "libQnnHtp.so". */
        public String libraryName() {
            return System.mapLibraryName(library);
        }

        String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code htp_performance_mode} values. */
    public enum PerformanceMode {
        DEFAULT, BURST, BALANCED, HIGH_PERFORMANCE, HIGH_POWER_SAVER, LOW_POWER_SAVER, LOW_BALANCED, POWER_SAVER,
        EXTREME_POWER_SAVER, SUSTAINED_HIGH_PERFORMANCE
    }

    /** {@code profiling_level} values. */
    public enum ProfilingLevel { OFF, BASIC, DETAILED }

    private final Map<String, String> options;

    private QnnOptions(Map<String, String> options) {
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

    /** The HTP architecture these options target ({@code htp_arch}), if set. */
    public OptionalInt htpArch() {
        String v = options.get("htp_arch");
        return v == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(v));
    }

    /** The SoC model these options target ({@code soc_model}), if set. */
    public OptionalInt socModel() {
        String v = options.get("soc_model");
        return v == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(v));
    }

    @Override
    public String toString() {
        return EP_NAME + " " + options;
    }

    public static final class Builder {
        private final OptionMap map = new OptionMap(EP_NAME);

        private Builder() {
        }

        /** {@code backend_type}: the QNN backend by kind; exclusive with {@link #backendPath}. */
        public Builder backendType(Backend backend) {
            map.put("backend_type", Objects.requireNonNull(backend, "backend").value());
            return this;
        }

        /** {@code backend_path}: the backend library by path (e.g. {@code .../libQnnHtp.so}); exclusive with {@link #backendType}. */
        public Builder backendPath(Path library) {
            map.put("backend_path", Objects.requireNonNull(library, "library").toAbsolutePath().toString());
            return this;
        }

        public Builder htpPerformanceMode(PerformanceMode mode) {
            map.put("htp_performance_mode", Objects.requireNonNull(mode, "mode").name().toLowerCase(Locale.ROOT));
            return this;
        }

        /** {@code soc_model}: the SoC to prepare for, by QNN's SoC model number (e.g. {@link #SOC_MODEL_SNAPDRAGON_X_ELITE}). */
        public Builder socModel(int socModel) {
            map.putPositive("soc_model", socModel);
            return this;
        }

        /** {@code htp_arch}: the HTP architecture to prepare for (68, 69, 73, 75, 79, 81, ...). */
        public Builder htpArch(int arch) {
            map.putPositive("htp_arch", arch);
            return this;
        }

        /** {@code enable_htp_fp16_precision}: run float graphs in FP16 on the HTP; the EP needs {@link #socModel} with it. */
        public Builder htpFp16Precision(boolean enable) {
            map.put("enable_htp_fp16_precision", enable ? "1" : "0");
            return this;
        }

        /** {@code htp_graph_finalization_optimization_mode}: 0 (default) to 3 (longest preparation, best graph). */
        public Builder htpGraphFinalizationOptimizationMode(int mode) {
            if (mode < 0 || mode > 3) {
                throw new IllegalArgumentException("htp_graph_finalization_optimization_mode must be 0..3, got " + mode);
            }
            map.put("htp_graph_finalization_optimization_mode", Integer.toString(mode));
            return this;
        }

        /** {@code vtcm_mb}: VTCM memory to use, in MB. */
        public Builder vtcmMb(int mb) {
            map.putPositive("vtcm_mb", mb);
            return this;
        }

        /** {@code profiling_level} and {@code profiling_file_path}: QNN's own profiling, written as CSV. */
        public Builder profiling(ProfilingLevel level, Path csvFile) {
            map.put("profiling_level", Objects.requireNonNull(level, "level").name().toLowerCase(Locale.ROOT));
            map.put("profiling_file_path", Objects.requireNonNull(csvFile, "csvFile").toAbsolutePath().toString());
            return this;
        }

        public Builder deviceId(int id) {
            if (id < 0) {
                throw new IllegalArgumentException("device_id must be >= 0, got " + id);
            }
            map.put("device_id", Integer.toString(id));
            return this;
        }

        /** Any other key the QNN EP reads (checked), with its string value. */
        public Builder option(String key, String value) {
            map.put(key, value);
            return this;
        }

        public QnnOptions build() {
            if (map.has("backend_type") && map.has("backend_path")) {
                throw new IllegalArgumentException("QNN options set both backend_type (" + map.get("backend_type")
                        + ") and backend_path (" + map.get("backend_path") + "); the EP takes one of them: drop either");
            }
            if ("1".equals(map.get("enable_htp_fp16_precision")) && !map.has("soc_model")) {
                throw new IllegalArgumentException("enable_htp_fp16_precision=1 needs soc_model too (the QNN EP refuses"
                        + " one without the other): call socModel(...)");
            }
            return new QnnOptions(map.snapshot());
        }
    }
}
