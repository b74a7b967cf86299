package org.eppanama.openvino;

import static org.eppanama.bindings.openvino.OpenVino.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.eppanama.bindings.openvino.OpenVino;
import org.eppanama.bindings.openvino.ov_partial_shape_t;
import org.eppanama.runtime.NativeObject;

/**
 * A model read by a {@link Core} (ov_model_t): its inputs and outputs, reshaped to static shapes before
 * compiling for devices that need them (NPUs). Reshaping changes this object; it must not overlap a
 * compile of it on another thread.
 */
public final class Model extends NativeObject {

    Model(MemorySegment handle) {
        super("Model", handle);
    }

    public List<PortInfo> inputs() {
        MemorySegment model = retain();
        try {
            return PortInfo.list("ov_model_inputs_size", out -> OpenVino.ov_model_inputs_size(model, out),
                    "ov_model_const_input_by_index", (i, out) -> OpenVino.ov_model_const_input_by_index(model, i, out));
        } finally {
            release();
        }
    }

    public List<PortInfo> outputs() {
        MemorySegment model = retain();
        try {
            return PortInfo.list("ov_model_outputs_size", out -> OpenVino.ov_model_outputs_size(model, out),
                    "ov_model_const_output_by_index", (i, out) -> OpenVino.ov_model_const_output_by_index(model, i, out));
        } finally {
            release();
        }
    }

    /** The input named {@code name}; throws naming the inputs there are. */
    public PortInfo input(String name) {
        return PortInfo.find(inputs(), name, "input");
    }

    /** ov_model_is_dynamic: true while some input or output shape is not static. */
    public boolean isDynamic() {
        MemorySegment model = retain();
        try {
            return OpenVino.ov_model_is_dynamic(model);
        } finally {
            release();
        }
    }

    /**
     * ov_model_reshape: gives the named inputs these static shapes and infers every other shape from them.
     * Inputs not named keep their shapes.
     */
    public void reshape(Map<String, long[]> shapes) {
        Objects.requireNonNull(shapes, "shapes");
        if (shapes.isEmpty()) {
            throw new IllegalArgumentException("no shapes given: name at least one input");
        }
        List<PortInfo> inputs = inputs();
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            Objects.requireNonNull(e.getValue(), "shape of " + e.getKey());
            PortInfo input = PortInfo.find(inputs, e.getKey(), "input");
            if (!input.shape().isRankDynamic() && input.shape().rank() != e.getValue().length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(e.getValue()) + " for input " + input
                        + " has rank " + e.getValue().length + "; the input has rank " + input.shape().rank());
            }
            if (Arrays.stream(e.getValue()).anyMatch(d -> d < 0)) {
                throw new IllegalArgumentException("shape " + Arrays.toString(e.getValue()) + " for input '" + e.getKey()
                        + "' has a negative dimension; reshape takes static shapes");
            }
        }
        MemorySegment model = retain();
        try (Arena arena = Arena.ofConfined()) {
            int n = shapes.size();
            MemorySegment names = arena.allocate(C_POINTER, n);
            MemorySegment partialShapes = ov_partial_shape_t.allocateArray(n, arena);
            int i = 0;
            for (Map.Entry<String, long[]> e : shapes.entrySet()) {
                names.setAtIndex(C_POINTER, i, arena.allocateFrom(e.getKey()));
                PartialShape.writeStatic(ov_partial_shape_t.asSlice(partialShapes, i), e.getValue(), arena);
                i++;
            }
            Ov.check("ov_model_reshape", OpenVino.ov_model_reshape(model, names, partialShapes, n),
                    () -> "The model cannot take the shapes " + describe(shapes) + ": a node inside it fixes a"
                            + " dimension (e.g. a Reshape to a constant shape); give shapes its graph allows, or"
                            + " export the model with that dimension dynamic.");
        } finally {
            release();
        }
    }

    /** Compiles this model on {@code core}: {@link Core#compile} holds the core, this holds the model. */
    CompiledModel compileOn(MemorySegment core, String device, OvProperties properties, Supplier<String> fix) {
        MemorySegment model = retain();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            Ov.check("ov_core_compile_model_props", OpenVino.ov_core_compile_model_props(core, model,
                    arena.allocateFrom(device), properties.asMap().size(), properties.toNative(arena), out), fix);
            return new CompiledModel(Ov.out(out), device);
        } finally {
            release();
        }
    }

    private static String describe(Map<String, long[]> shapes) {
        return shapes.entrySet().stream().map(e -> e.getKey() + Arrays.toString(e.getValue())).toList().toString();
    }

    @Override
    protected void free(MemorySegment handle) {
        OpenVino.ov_model_free(handle);
    }
}
