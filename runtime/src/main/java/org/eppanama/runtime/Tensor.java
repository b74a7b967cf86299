package org.eppanama.runtime;

import static org.eppanama.bindings.ort.OnnxRuntime.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.eppanama.bindings.ort.OrtApi;

/**
 * A tensor OrtValue on the CPU.
 *
 * <ul>
 *   <li>{@link #wrap} puts an OrtValue over the caller's native segment without copying
 *       ({@code CreateTensorWithDataAsOrtValue}); the caller keeps owning the memory and must keep its
 *       arena open while the tensor is in use (a run checks it is).</li>
 *   <li>{@link #allocate}, {@link #ofStrings} and run outputs own memory that ONNX Runtime allocated;
 *       {@link #data()} is a view over it that is valid until the tensor is closed, after which any access
 *       to the view throws.</li>
 * </ul>
 * Shape, type and size are checked in Java before any native call.
 */
public final class Tensor extends NativeObject {
    private final ElementType type;
    private final long[] shape;
    private final long elementCount;
    private final TensorMemory memory;

    private Tensor(MemorySegment value, ElementType type, long[] shape, long elementCount, TensorMemory memory) {
        super("Tensor", value);
        this.type = type;
        this.shape = shape;
        this.elementCount = elementCount;
        this.memory = memory;
    }

    /**
     * A tensor over {@code data} without a copy. {@code data} must be a native segment of exactly
     * {@code type.byteSize(elements)} bytes, aligned to the element size.
     */
    public static Tensor wrap(MemorySegment data, ElementType type, long... shape) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(type, "type");
        if (type.isString()) {
            throw new IllegalArgumentException("STRING tensors cannot wrap raw memory: use Tensor.ofStrings");
        }
        TensorMemory memory = TensorMemory.ofCaller(data, type, shape, "Tensor.wrap");
        long count = elementCount(shape);
        long bytes = type.byteSize(count);
        MemorySegment api = Native.api();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment shapeSeg = arena.allocateFrom(ValueLayout.JAVA_LONG, shape);
            MemorySegment out = arena.allocate(C_POINTER);
            Native.enter("CreateTensorWithDataAsOrtValue", data, type, shape);
            Native.check("CreateTensorWithDataAsOrtValue", OrtApi.CreateTensorWithDataAsOrtValue.invoke(
                    OrtApi.CreateTensorWithDataAsOrtValue(api), CpuMemory.INFO, data, bytes, shapeSeg, shape.length,
                    type.code(), out));
            return new Tensor(Native.out(out), type, shape.clone(), count, memory);
        }
    }

    /** A tensor whose memory ONNX Runtime allocates (default CPU allocator); contents undefined until written. */
    public static Tensor allocate(ElementType type, long... shape) {
        Objects.requireNonNull(type, "type");
        long count = elementCount(shape);
        return new Tensor(createOwned(type, shape), type, shape.clone(), count, TensorMemory.ofRuntime());
    }

    /** A STRING tensor holding {@code values} (UTF-8), in row-major order. */
    public static Tensor ofStrings(List<String> values, long... shape) {
        Objects.requireNonNull(values, "values");
        return ofStringBytes(values.stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toList(), shape);
    }

    /** A STRING tensor holding raw byte strings (not necessarily UTF-8), in row-major order. */
    public static Tensor ofStringBytes(List<byte[]> values, long... shape) {
        Objects.requireNonNull(values, "values");
        long count = elementCount(shape);
        if (count != values.size()) {
            throw new IllegalArgumentException(values.size() + " strings do not fill shape " + Arrays.toString(shape)
                    + " (" + count + " elements)");
        }
        for (int i = 0; i < values.size(); i++) {
            for (byte b : values.get(i)) {
                if (b == 0) {
                    throw new IllegalArgumentException("string " + i + " contains a NUL byte, which the C API cannot pass");
                }
            }
        }
        MemorySegment value = createOwned(ElementType.STRING, shape);
        Tensor t = new Tensor(value, ElementType.STRING, shape.clone(), count, TensorMemory.ofRuntime());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment array = arena.allocate(C_POINTER, Math.max(1, values.size()));
            for (int i = 0; i < values.size(); i++) {
                byte[] v = values.get(i);
                MemorySegment c = arena.allocate(v.length + 1L);
                MemorySegment.copy(v, 0, c, ValueLayout.JAVA_BYTE, 0, v.length);
                array.setAtIndex(C_POINTER, i, c);
            }
            Native.enter("FillStringTensor");
            Native.check("FillStringTensor", OrtApi.FillStringTensor.invoke(OrtApi.FillStringTensor(Native.api()),
                    value, array, values.size()));
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /** Takes ownership of an OrtValue that ONNX Runtime created (a run output); releases it if it is no tensor. */
    static Tensor adopt(MemorySegment value, String name) {
        MemorySegment api = Native.api();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment typeOut = arena.allocate(ValueLayout.JAVA_INT);
            Native.enter("GetValueType");
            Native.check("GetValueType", OrtApi.GetValueType.invoke(OrtApi.GetValueType(api), value, typeOut));
            ValueKind kind = ValueKind.of(typeOut.get(ValueLayout.JAVA_INT, 0));
            if (kind != ValueKind.TENSOR) {
                Native.enter("ReleaseValue", value);
                OrtApi.ReleaseValue.invoke(OrtApi.ReleaseValue(api), value);
                Native.exit("ReleaseValue");
                throw new UnsupportedOperationException("value '" + name + "' is a " + kind
                        + ", not a tensor; this runtime reads tensor values only");
            }
            TensorInfo info;
            try {
                info = typeAndShape(value);
            } catch (RuntimeException e) {
                Native.enter("ReleaseValue", value);
                OrtApi.ReleaseValue.invoke(OrtApi.ReleaseValue(api), value);
                Native.exit("ReleaseValue");
                throw e;
            }
            long[] shape = info.shape();
            return new Tensor(value, info.type(), shape, elementCount(shape), TensorMemory.ofRuntime());
        }
    }

    private static TensorInfo typeAndShape(MemorySegment value) {
        MemorySegment api = Native.api();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment infoOut = arena.allocate(C_POINTER);
            Native.enter("GetTensorTypeAndShape");
            Native.check("GetTensorTypeAndShape", OrtApi.GetTensorTypeAndShape.invoke(OrtApi.GetTensorTypeAndShape(api), value, infoOut));
            MemorySegment ti = Native.out(infoOut);
            try {
                return TensorInfo.read(ti);
            } finally {
                Native.enter("ReleaseTensorTypeAndShapeInfo", ti);
                OrtApi.ReleaseTensorTypeAndShapeInfo.invoke(OrtApi.ReleaseTensorTypeAndShapeInfo(api), ti);
                Native.exit("ReleaseTensorTypeAndShapeInfo");
            }
        }
    }

    /** Element type and shape as ONNX Runtime reports them for this OrtValue ({@code GetTensorTypeAndShape}). */
    public TensorInfo nativeInfo() {
        MemorySegment value = retain();
        try {
            return typeAndShape(value);
        } finally {
            release();
        }
    }

    private static MemorySegment createOwned(ElementType type, long[] shape) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            Native.enter("CreateTensorAsOrtValue", type, shape);
            Native.check("CreateTensorAsOrtValue", OrtApi.CreateTensorAsOrtValue.invoke(
                    OrtApi.CreateTensorAsOrtValue(Native.api()), CpuMemory.allocator(),
                    arena.allocateFrom(ValueLayout.JAVA_LONG, shape), shape.length, type.code(), out));
            return Native.out(out);
        }
    }

    /** Elements of a tensor of this shape; throws for a negative dimension or an overflow. */
    public static long elementCount(long[] shape) {
        Objects.requireNonNull(shape, "shape");
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension;"
                        + " a tensor needs every dimension fixed");
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^63 elements");
            }
        }
        return n;
    }

    public ElementType type() {
        return type;
    }

    public long[] shape() {
        return shape.clone();
    }

    public long elementCount() {
        return elementCount;
    }

    /** Bytes of tensor data (not for STRING tensors). */
    public long byteSize() {
        return type.byteSize(elementCount);
    }

    /** True when the data is the caller's segment (from {@link #wrap}). */
    public boolean isCallerOwned() {
        return memory.isCallerOwned();
    }

    /**
     * The tensor's data: the caller's segment for wrapped tensors, otherwise a view over ONNX Runtime's
     * memory that becomes inaccessible when this tensor closes. Not for STRING tensors.
     */
    public MemorySegment data() {
        if (type.isString()) {
            throw new UnsupportedOperationException("a STRING tensor has no flat data; use strings()");
        }
        MemorySegment value = handle();
        return memory.data(() -> rawData(value), byteSize());
    }

    /** Address of the tensor's data as ONNX Runtime sees it ({@code GetTensorMutableData}). */
    public long dataAddress() {
        MemorySegment value = retain();
        try {
            return rawData(value).address();
        } finally {
            release();
        }
    }

    /** The elements of a STRING tensor as raw bytes. */
    public List<byte[]> stringBytes() {
        if (!type.isString()) {
            throw new UnsupportedOperationException("tensor is " + type + ", not STRING");
        }
        MemorySegment value = retain();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment api = Native.api();
            MemorySegment lenOut = arena.allocate(ValueLayout.JAVA_LONG);
            Native.enter("GetStringTensorDataLength");
            Native.check("GetStringTensorDataLength", OrtApi.GetStringTensorDataLength.invoke(OrtApi.GetStringTensorDataLength(api), value, lenOut));
            long total = lenOut.get(ValueLayout.JAVA_LONG, 0);
            MemorySegment buf = arena.allocate(Math.max(1, total));
            MemorySegment offsets = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, elementCount));
            Native.enter("GetStringTensorContent");
            Native.check("GetStringTensorContent", OrtApi.GetStringTensorContent.invoke(OrtApi.GetStringTensorContent(api),
                    value, buf, total, offsets, elementCount));
            List<byte[]> out = new ArrayList<>((int) elementCount);
            for (long i = 0; i < elementCount; i++) {
                long start = offsets.getAtIndex(ValueLayout.JAVA_LONG, i);
                long end = i + 1 < elementCount ? offsets.getAtIndex(ValueLayout.JAVA_LONG, i + 1) : total;
                out.add(buf.asSlice(start, end - start).toArray(ValueLayout.JAVA_BYTE));
            }
            return out;
        } finally {
            release();
        }
    }

    /** The elements of a STRING tensor, decoded as UTF-8. */
    public List<String> strings() {
        return stringBytes().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    /** Whether this tensor's shape matches {@code expected} (compared in place: a run copies no shape array). */
    boolean fits(TensorInfo expected) {
        return expected.accepts(shape);
    }

    /** Checks, for a run, that a wrapped tensor's memory is still alive. */
    void checkDataAlive(String name) {
        memory.checkAlive(name, "a run");
    }

    private static MemorySegment rawData(MemorySegment value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            Native.enter("GetTensorMutableData");
            Native.check("GetTensorMutableData", OrtApi.GetTensorMutableData.invoke(OrtApi.GetTensorMutableData(Native.api()), value, out));
            return Native.out(out);
        }
    }

    @Override
    protected void onClose() {
        memory.close();
    }

    @Override
    protected void free(MemorySegment handle) {
        Native.enter("ReleaseValue", handle);
        OrtApi.ReleaseValue.invoke(OrtApi.ReleaseValue(Native.api()), handle);
        Native.exit("ReleaseValue");
    }

    @Override
    public String toString() {
        return "Tensor " + type + Arrays.toString(shape) + (isCallerOwned() ? " over caller memory" : "");
    }
}
