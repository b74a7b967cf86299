package org.eppanama.openvino;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.eppanama.bindings.openvino.ov_property_t;
import org.eppanama.runtime.ElementType;

/**
 * Core or compile properties: typed setters for the common keys, {@link #set(String, String)} for any
 * other (device-specific keys such as NPU_COMPILATION_MODE_PARAMS pass through as strings; the device
 * checks them). Immutable: every setter returns a new object, so one can be shared and extended.
 * <pre>{@code
 * OvProperties props = OvProperties.none().cacheDir(dir).performanceHint(PerformanceHint.LATENCY)
 *         .inferencePrecision(ElementType.FLOAT).numStreams(1);
 * }</pre>
 */
public final class OvProperties {
    /** Folder of the compiled-model cache: a compile whose blob is there is loaded instead of compiled. */
    public static final String CACHE_DIR = "CACHE_DIR";
    public static final String PERFORMANCE_HINT = "PERFORMANCE_HINT";
    /** Precision a device computes in; f32 keeps results comparable to ONNX Runtime's CPU EP. */
    public static final String INFERENCE_PRECISION_HINT = "INFERENCE_PRECISION_HINT";
    public static final String NUM_STREAMS = "NUM_STREAMS";
    /** Name of a device as people read it, e.g. "Intel(R) AI Boost" for an NPU. */
    public static final String FULL_DEVICE_NAME = "FULL_DEVICE_NAME";
    /** Read-only property of a compiled model: "YES" when it was loaded from {@link #CACHE_DIR}. */
    public static final String LOADED_FROM_CACHE = "LOADED_FROM_CACHE";

    private static final OvProperties NONE = new OvProperties(Map.of());

    private final Map<String, String> values;

    private OvProperties(Map<String, String> values) {
        this.values = values;
    }

    /** No properties. */
    public static OvProperties none() {
        return NONE;
    }

    public OvProperties cacheDir(Path dir) {
        Objects.requireNonNull(dir, "dir");
        return set(CACHE_DIR, dir.toAbsolutePath().toString());
    }

    public OvProperties performanceHint(PerformanceHint hint) {
        Objects.requireNonNull(hint, "hint");
        return set(PERFORMANCE_HINT, hint.name());
    }

    /** FLOAT, FLOAT16 or BFLOAT16 (OpenVINO's f32, f16, bf16). */
    public OvProperties inferencePrecision(ElementType type) {
        Objects.requireNonNull(type, "type");
        String value = switch (type) {
            case FLOAT -> "f32";
            case FLOAT16 -> "f16";
            case BFLOAT16 -> "bf16";
            default -> throw new IllegalArgumentException("inference precision " + type
                    + " is not one OpenVINO devices compute in: use FLOAT, FLOAT16 or BFLOAT16");
        };
        return set(INFERENCE_PRECISION_HINT, value);
    }

    /** Parallel execution streams; 1 for the lowest latency of a single request. */
    public OvProperties numStreams(int streams) {
        if (streams < 1) {
            throw new IllegalArgumentException("numStreams must be 1 or more, got " + streams
                    + "; use numStreamsAuto() to let the device choose");
        }
        return set(NUM_STREAMS, Integer.toString(streams));
    }

    /** Lets the device choose the number of streams. */
    public OvProperties numStreamsAuto() {
        return set(NUM_STREAMS, "AUTO");
    }

    /** Any property as a string, e.g. a device-specific key; a second value for a key replaces the first. */
    public OvProperties set(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new OvProperties(Collections.unmodifiableMap(copy));
    }

    /** The value of {@code key}, or null. */
    public String get(String key) {
        return values.get(key);
    }

    public Map<String, String> asMap() {
        return values;
    }

    /** An {@code ov_property_t[]} of these properties (NULL when empty), allocated from {@code alloc}. */
    MemorySegment toNative(SegmentAllocator alloc) {
        if (values.isEmpty()) {
            return MemorySegment.NULL;
        }
        MemorySegment array = ov_property_t.allocateArray(values.size(), alloc);
        int i = 0;
        for (Map.Entry<String, String> e : values.entrySet()) {
            MemorySegment p = ov_property_t.asSlice(array, i++);
            ov_property_t.key(p, alloc.allocateFrom(e.getKey()));
            ov_property_t.value(p, alloc.allocateFrom(e.getValue()));
        }
        return array;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OvProperties p && p.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
