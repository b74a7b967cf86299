package org.eppanama.openvino;

import static org.eppanama.bindings.openvino.OpenVino.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.eppanama.bindings.openvino.OpenVino;
import org.eppanama.bindings.openvino.ov_available_devices_t;
import org.eppanama.runtime.NativeObject;

/**
 * An OpenVINO core (ov_core_t): the devices, their properties, and the entry to reading and compiling
 * models. Safe to use from several threads; models and compiled models stay valid after it closes.
 */
public final class Core extends NativeObject {

    private Core(MemorySegment handle) {
        super("Core", handle);
    }

    /** ov_core_create; loads the library first if needed ({@link OpenVinoLibrary#get()}). */
    public static Core create() {
        OpenVinoLibrary.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            Ov.check("ov_core_create", OpenVino.ov_core_create(out));
            return new Core(Ov.out(out));
        }
    }

    /** ov_core_get_available_devices, e.g. [CPU, GPU.0, NPU]. */
    public List<String> availableDevices() {
        MemorySegment core = retain();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment devices = ov_available_devices_t.allocate(arena);
            Ov.check("ov_core_get_available_devices", OpenVino.ov_core_get_available_devices(core, devices));
            try {
                long n = ov_available_devices_t.size(devices);
                MemorySegment names = ov_available_devices_t.devices(devices).reinterpret(n * C_POINTER.byteSize());
                List<String> list = new ArrayList<>((int) n);
                for (long i = 0; i < n; i++) {
                    list.add(Ov.string(names.getAtIndex(C_POINTER, i)));
                }
                return List.copyOf(list);
            } finally {
                OpenVino.ov_available_devices_free(devices);
            }
        } finally {
            release();
        }
    }

    /** The device's FULL_DEVICE_NAME, e.g. "Intel(R) Core(TM) Ultra 7 155H" for CPU. */
    public String fullDeviceName(String device) {
        return property(device, OvProperties.FULL_DEVICE_NAME);
    }

    /** ov_core_get_property: a device property as a string. */
    public String property(String device, String key) {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(key, "key");
        MemorySegment core = retain();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            Ov.check("ov_core_get_property", OpenVino.ov_core_get_property(core, arena.allocateFrom(device),
                    arena.allocateFrom(key), out), deviceFix(device));
            return Ov.takeString(Ov.out(out));
        } finally {
            release();
        }
    }

    /** ov_core_set_properties: properties of one device for every later compile on it. */
    public Core setProperties(String device, OvProperties properties) {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(properties, "properties");
        MemorySegment core = retain();
        try (Arena arena = Arena.ofConfined()) {
            Ov.check("ov_core_set_properties", OpenVino.ov_core_set_properties(core, arena.allocateFrom(device),
                    properties.asMap().size(), properties.toNative(arena)), deviceFix(device));
            return this;
        } finally {
            release();
        }
    }

    /**
     * ov_core_read_model: an ONNX (or IR) model file. External data files are resolved against the model's
     * folder, as the ONNX format says.
     */
    public Model readModel(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model file " + file + " does not exist");
        }
        MemorySegment core = retain();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            Ov.check("ov_core_read_model", OpenVino.ov_core_read_model(core,
                    arena.allocateFrom(file.toAbsolutePath().toString()), MemorySegment.NULL, out));
            return new Model(Ov.out(out));
        } finally {
            release();
        }
    }

    /** {@link #readModel(MemorySegment)} of these bytes. */
    public Model readModel(byte[] model) {
        Objects.requireNonNull(model, "model");
        return readModel(MemorySegment.ofArray(model));
    }

    /**
     * ov_core_read_model_from_memory_buffer: an ONNX model from memory (a heap segment is copied to native
     * memory first); OpenVINO copies what it needs, so the segment may be freed afterwards. OpenVINO resolves the external data of a model read from memory
     * against the process's working directory and refuses files outside it: read a model whose weights
     * lie elsewhere with {@link #readModel(Path)}.
     */
    public Model readModel(MemorySegment model) {
        Objects.requireNonNull(model, "model");
        if (model.byteSize() == 0) {
            throw new IllegalArgumentException("model bytes are empty: pass the contents of an .onnx file");
        }
        MemorySegment core = retain();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            MemorySegment bytes = model.isNative() ? model : arena.allocate(model.byteSize()).copyFrom(model);
            Ov.check("ov_core_read_model_from_memory_buffer", OpenVino.ov_core_read_model_from_memory_buffer(core,
                    bytes, bytes.byteSize(), MemorySegment.NULL, out),
                    () -> "If the model has external data: a model read from memory finds it relative to the"
                            + " working directory (" + Path.of("").toAbsolutePath() + ") and only inside it;"
                            + " read the model from its file with Core.readModel(Path), which looks next to the model.");
            return new Model(Ov.out(out));
        } finally {
            release();
        }
    }

    /** ov_core_compile_model_props: compiles {@code model}, as it is shaped now, for {@code device}. */
    public CompiledModel compile(Model model, String device, OvProperties properties) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(properties, "properties");
        MemorySegment core = retain();
        try {
            return model.compileOn(core, device, properties, deviceFix(device));
        } finally {
            release();
        }
    }

    /** What to do when a call naming {@code device} fails; lists the devices only when it is needed. */
    private Supplier<String> deviceFix(String device) {
        return () -> {
            String available;
            try {
                available = availableDevices().toString();
            } catch (RuntimeException e) {
                available = "unknown: " + e.getMessage();
            }
            return "Check the device name '" + device + "' (available: " + available + ") and each property"
                    + " against the device's SUPPORTED_PROPERTIES (Core.property(device, \"SUPPORTED_PROPERTIES\")).";
        };
    }

    @Override
    protected void free(MemorySegment handle) {
        OpenVino.ov_core_free(handle);
    }
}
