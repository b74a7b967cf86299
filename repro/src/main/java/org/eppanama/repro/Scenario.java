package org.eppanama.repro;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One session creation and run, as the scenario file's JSON spells it (Jackson reads and writes this
 * record as is; absent values are not written). Paths are as written: relative ones are resolved against the scenario file's folder by
 * {@link ScenarioFile}, which also validates. Absent lists and maps read as empty, absent runs as 1.
 *
 * <pre>{@code
 * {
 *   "ortLibrary": "/opt/ort/libonnxruntime.so",                      optional: else the runtime's default
 *   "epLibraries": [{"name": "vendor", "path": "libvendor_ep.so"}],  RegisterExecutionProviderLibrary, in order
 *   "device": {"ep": "VendorEP", "type": "NPU"},                     GetEpDevices + V2 append; type optional
 *   "session": {"graphOptimizationLevel": "ENABLE_ALL", "intraOpThreads": 1, "interOpThreads": 1},
 *   "sessionConfig": {"session.disable_cpu_ep_fallback": "1"},       AddSessionConfigEntry
 *   "providerOptions": {"htp_performance_mode": "burst"},            options of the V2 append
 *   "legacyProviders": [{"name": "XNNPACK", "options": {}}],         SessionOptionsAppendExecutionProvider
 *   "model": "model.onnx",
 *   "inputs": [{"name": "x", "shape": [1, 3], "dtype": "float", "fill": "random", "seed": 7},
 *              {"name": "y", "shape": [1, 3], "dtype": "float", "file": "y.bin"}],
 *   "runs": 1
 * }
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Scenario(String ortLibrary, List<EpLibrary> epLibraries, Device device, SessionSettings session,
                       Map<String, String> sessionConfig, Map<String, String> providerOptions,
                       List<LegacyProvider> legacyProviders, String model, List<Input> inputs, Integer runs) {

    public Scenario {
        epLibraries = epLibraries == null ? List.of() : List.copyOf(epLibraries);
        session = session == null ? new SessionSettings(null, null, null) : session;
        sessionConfig = ordered(sessionConfig);
        providerOptions = ordered(providerOptions);
        legacyProviders = legacyProviders == null ? List.of() : List.copyOf(legacyProviders);
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        runs = runs == null ? 1 : runs;
    }

    /** A plugin EP library: RegisterExecutionProviderLibrary(name, path). */
    public record EpLibrary(String name, String path) {
    }

    /** The EP devices to append with the V2 call: every device of EP {@code ep}, of hardware {@code type} (CPU, GPU, NPU) if given. */
    public record Device(String ep, String type) {
    }

    /** Session options; an absent one is left at ONNX Runtime's default. */
    public record SessionSettings(String graphOptimizationLevel, Integer intraOpThreads, Integer interOpThreads) {
    }

    /** An EP appended by name (SessionOptionsAppendExecutionProvider). */
    public record LegacyProvider(String name, Map<String, String> options) {
        public LegacyProvider {
            options = ordered(options);
        }
    }

    /**
     * One model input: its shape and element type, and its data from a fill rule ({@link Fill}; {@code seed}
     * for random) or from a raw file of exactly the tensor's bytes.
     */
    public record Input(String name, List<Long> shape, String dtype, String fill, Long seed, String file) {
        public Input {
            shape = shape == null ? null : List.copyOf(shape);
        }
    }

    /** This scenario with other session config entries, provider options and legacy providers (the rest kept). */
    public Scenario withOptions(Map<String, String> sessionConfig, Map<String, String> providerOptions,
                                List<LegacyProvider> legacyProviders) {
        return new Scenario(ortLibrary, epLibraries, device, session, sessionConfig, providerOptions, legacyProviders,
                model, inputs, runs);
    }

    /** Keeps the file's order (Map.copyOf would not), so runs and emitted C follow the scenario as written. */
    private static Map<String, String> ordered(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
