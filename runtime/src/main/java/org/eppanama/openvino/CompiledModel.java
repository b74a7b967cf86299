package org.eppanama.openvino;

import static org.eppanama.bindings.openvino.OpenVino.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Objects;
import org.eppanama.bindings.openvino.OpenVino;
import org.eppanama.runtime.NativeObject;

/**
 * A model compiled for one device (ov_compiled_model_t). Its infer requests stay valid after it closes:
 * OpenVINO keeps what they need.
 */
public final class CompiledModel extends NativeObject {
    private final String device;
    private final List<PortInfo> inputs;
    private final List<PortInfo> outputs;

    CompiledModel(MemorySegment handle, String device) {
        super("CompiledModel", handle);
        this.device = device;
        try {
            inputs = PortInfo.list("ov_compiled_model_inputs_size", out -> OpenVino.ov_compiled_model_inputs_size(handle, out),
                    "ov_compiled_model_input_by_index", (i, out) -> OpenVino.ov_compiled_model_input_by_index(handle, i, out));
            outputs = PortInfo.list("ov_compiled_model_outputs_size", out -> OpenVino.ov_compiled_model_outputs_size(handle, out),
                    "ov_compiled_model_output_by_index", (i, out) -> OpenVino.ov_compiled_model_output_by_index(handle, i, out));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The device it was compiled for, as given to {@link Core#compile}. */
    public String device() {
        return device;
    }

    public List<PortInfo> inputs() {
        return inputs;
    }

    public List<PortInfo> outputs() {
        return outputs;
    }

    /** ov_compiled_model_create_infer_request. */
    public InferRequest createInferRequest() {
        MemorySegment compiled = retain();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            Ov.check("ov_compiled_model_create_infer_request", OpenVino.ov_compiled_model_create_infer_request(compiled, out));
            return new InferRequest(Ov.out(out), inputs, outputs);
        } finally {
            release();
        }
    }

    /** ov_compiled_model_get_property: a property of the compiled model as a string. */
    public String property(String key) {
        Objects.requireNonNull(key, "key");
        MemorySegment compiled = retain();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            Ov.check("ov_compiled_model_get_property", OpenVino.ov_compiled_model_get_property(compiled,
                    arena.allocateFrom(key), out), () -> "Read only keys the compiled model lists in its"
                    + " SUPPORTED_PROPERTIES.");
            return Ov.takeString(Ov.out(out));
        } finally {
            release();
        }
    }

    /** True when the core loaded this model from its CACHE_DIR instead of compiling it (LOADED_FROM_CACHE). */
    public boolean loadedFromCache() {
        return "YES".equals(property(OvProperties.LOADED_FROM_CACHE));
    }

    @Override
    protected void free(MemorySegment handle) {
        OpenVino.ov_compiled_model_free(handle);
    }
}
