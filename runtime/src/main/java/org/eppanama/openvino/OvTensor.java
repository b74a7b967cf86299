package org.eppanama.openvino;

import static org.eppanama.bindings.openvino.OpenVino.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Objects;
import org.eppanama.bindings.openvino.OpenVino;
import org.eppanama.bindings.openvino.ov_shape_t;
import org.eppanama.runtime.ElementType;
import org.eppanama.runtime.NativeObject;
import org.eppanama.runtime.Tensor;
import org.eppanama.runtime.TensorMemory;

/**
 * An OpenVINO tensor (ov_tensor_t); named so to sit next to ONNX Runtime's {@link Tensor} in one file.
 *
 * <ul>
 *   <li>{@link #wrap} puts a tensor over the caller's native segment without copying
 *       ({@code ov_tensor_create_from_host_ptr}); the caller keeps owning the memory and must keep its arena
 *       open while a request uses it (an inference checks it is).</li>
 *   <li>{@link #allocate} and {@link InferRequest#output} tensors hold memory OpenVINO owns; {@link #data()}
 *       is a view over it that is valid until this tensor closes, after which any access to it throws.
 *       An output's memory is the request's: its next inference writes over it.</li>
 * </ul>
 * STRING tensors are not supported (OpenVINO keeps them as C++ strings).
 */
public final class OvTensor extends NativeObject {
    private final ElementType type;
    private final long[] shape;
    /** The caller's memory for wrapped tensors; null when OpenVINO owns the data. */
    private final TensorMemory memory;

    private OvTensor(MemorySegment handle, ElementType type, long[] shape, TensorMemory memory) {
        super("OvTensor", handle);
        this.type = type;
        this.shape = shape;
        this.memory = memory;
    }

    /**
     * A tensor over {@code data} without a copy. {@code data} must be a native segment of exactly
     * {@code type.byteSize(elements)} bytes, aligned to the element size.
     */
    public static OvTensor wrap(MemorySegment data, ElementType type, long... shape) {
        Objects.requireNonNull(data, "data");
        checkedByteSize(type, shape);
        TensorMemory memory = TensorMemory.ofCaller(data, type, shape, "OvTensor.wrap");
        OpenVinoLibrary.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            Ov.check("ov_tensor_create_from_host_ptr", OpenVino.ov_tensor_create_from_host_ptr(ElementTypes.toOv(type),
                    shape(arena, shape), data, out));
            return new OvTensor(Ov.out(out), type, shape.clone(), memory);
        }
    }

    /** A tensor whose memory OpenVINO allocates (ov_tensor_create); contents undefined until written. */
    public static OvTensor allocate(ElementType type, long... shape) {
        checkedByteSize(type, shape);
        OpenVinoLibrary.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            Ov.check("ov_tensor_create", OpenVino.ov_tensor_create(ElementTypes.toOv(type), shape(arena, shape), out));
            return new OvTensor(Ov.out(out), type, shape.clone(), TensorMemory.ofRuntime());
        }
    }

    /** Takes ownership of a tensor OpenVINO returned (a request's output), reading its type and shape. */
    static OvTensor adopt(MemorySegment tensor) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment typeOut = arena.allocate(ValueLayout.JAVA_INT);
            Ov.check("ov_tensor_get_element_type", OpenVino.ov_tensor_get_element_type(tensor, typeOut));
            MemorySegment shapeOut = ov_shape_t.allocate(arena);
            Ov.check("ov_tensor_get_shape", OpenVino.ov_tensor_get_shape(tensor, shapeOut));
            long[] shape = ov_shape_t.dims(shapeOut).reinterpret(ov_shape_t.rank(shapeOut) * Long.BYTES)
                    .toArray(ValueLayout.JAVA_LONG);
            Ov.check("ov_shape_free", OpenVino.ov_shape_free(shapeOut));
            ElementType type = ElementTypes.fromOv(typeOut.get(ValueLayout.JAVA_INT, 0));
            if (type.isString()) {
                throw new UnsupportedOperationException("a STRING output cannot be read as memory; this layer reads"
                        + " numeric tensors only");
            }
            return new OvTensor(tensor, type, shape, TensorMemory.ofRuntime());
        } catch (RuntimeException e) {
            OpenVino.ov_tensor_free(tensor);
            throw e;
        }
    }

    private static long checkedByteSize(ElementType type, long[] shape) {
        Objects.requireNonNull(type, "type");
        if (type.isString()) {
            throw new IllegalArgumentException("STRING tensors are not supported: OpenVINO keeps them as C++ strings");
        }
        ElementTypes.toOv(type);
        return type.byteSize(Tensor.elementCount(shape));
    }

    /** An {@code ov_shape_t} over a copy of {@code dims} in {@code alloc}: nothing for OpenVINO to free. */
    private static MemorySegment shape(SegmentAllocator alloc, long[] dims) {
        MemorySegment s = ov_shape_t.allocate(alloc);
        ov_shape_t.rank(s, dims.length);
        ov_shape_t.dims(s, alloc.allocateFrom(ValueLayout.JAVA_LONG, dims));
        return s;
    }

    public ElementType type() {
        return type;
    }

    public long[] shape() {
        return shape.clone();
    }

    /** Bytes of tensor data. */
    public long byteSize() {
        return type.byteSize(Tensor.elementCount(shape));
    }

    /** True when the data is the caller's segment (from {@link #wrap}). */
    public boolean isCallerOwned() {
        return memory.isCallerOwned();
    }

    /**
     * The tensor's data: the caller's segment for wrapped tensors, otherwise a view over OpenVINO's memory
     * that becomes inaccessible when this tensor closes.
     */
    public MemorySegment data() {
        MemorySegment tensor = handle();
        return memory.data(() -> rawData(tensor), byteSize());
    }

    /** Address of the data as OpenVINO sees it ({@code ov_tensor_data}). */
    public long dataAddress() {
        MemorySegment tensor = retain();
        try {
            return rawData(tensor).address();
        } finally {
            release();
        }
    }

    private static MemorySegment rawData(MemorySegment tensor) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            Ov.check("ov_tensor_data", OpenVino.ov_tensor_data(tensor, out));
            return Ov.out(out);
        }
    }

    /** ov_infer_request_set_tensor of this tensor: the request holds its own reference afterwards. */
    void setInto(MemorySegment request, String name) {
        MemorySegment tensor = retain();
        try (Arena arena = Arena.ofConfined()) {
            Ov.check("ov_infer_request_set_tensor", OpenVino.ov_infer_request_set_tensor(request,
                    arena.allocateFrom(name), tensor));
        } finally {
            release();
        }
    }

    /** Checks, for an inference, that a wrapped tensor's memory is still alive. */
    void checkDataAlive(String name) {
        memory.checkAlive(name, "an infer request");
    }

    @Override
    protected void onClose() {
        memory.close();
    }

    @Override
    protected void free(MemorySegment handle) {
        OpenVino.ov_tensor_free(handle);
    }

    @Override
    public String toString() {
        return "OvTensor " + type + Arrays.toString(shape) + (isCallerOwned() ? " over caller memory" : "");
    }
}
