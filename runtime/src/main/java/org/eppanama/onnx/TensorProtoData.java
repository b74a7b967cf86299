package org.eppanama.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.eppanama.runtime.ElementType;

/**
 * A dense tensor decoded from (or to be encoded as) an ONNX {@code TensorProto}.
 *
 * <p>{@code data} holds the elements little-endian, densely packed in ONNX Runtime's in-memory
 * layout for {@code type}: bool one byte (0 or 1), float16/bfloat16 two bytes, float8 one byte,
 * int4/uint4 two elements per byte with the first in the low nibble, complex64 two floats (real
 * first), complex128 two doubles. Its size is always {@code type.byteSize(elementCount())}. For
 * {@link ElementType#STRING} {@code data} is empty and {@code strings} holds the UTF-8 bytes of
 * each element; for every other type {@code strings} is empty.
 *
 * <p>The accessor {@link #data()} returns a fresh read-only little-endian view each time, so a
 * caller's relative reads never disturb another's. {@link #dims()} returns a copy. Equality
 * compares names, types, dims and contents.
 *
 * @param name the tensor's name, {@code ""} when it has none
 * @param type element type
 * @param dims shape; empty for a scalar
 * @param data element bytes (see above)
 * @param strings string elements, STRING only
 */
public record TensorProtoData(String name, ElementType type, long[] dims, ByteBuffer data, List<byte[]> strings) {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer();

    public TensorProtoData {
        name = name == null ? "" : name;
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dims, "dims");
        dims = dims.clone();
        long count = countOf(dims);
        if (type.isString()) {
            if (data != null && data.hasRemaining()) {
                throw new IllegalArgumentException("STRING tensor '" + name + "' must carry its elements in strings, not data");
            }
            Objects.requireNonNull(strings, "strings");
            List<byte[]> copy = new ArrayList<>(strings.size());
            for (byte[] s : strings) {
                copy.add(Objects.requireNonNull(s, "string element").clone());
            }
            if (copy.size() != count) {
                throw new IllegalArgumentException("STRING tensor '" + name + "' of shape " + Arrays.toString(dims)
                        + " needs " + count + " strings, got " + copy.size());
            }
            strings = List.copyOf(copy);
            data = EMPTY;
        } else {
            if (strings != null && !strings.isEmpty()) {
                throw new IllegalArgumentException(type + " tensor '" + name + "' cannot carry strings");
            }
            strings = List.of();
            Objects.requireNonNull(data, "data");
            long want = type.byteSize(count);
            if (data.remaining() != want) {
                throw new IllegalArgumentException(type + " tensor '" + name + "' of shape " + Arrays.toString(dims)
                        + " needs " + want + " data bytes, got " + data.remaining());
            }
            data = data.slice().order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer();
        }
    }

    /** A numeric (non-string) tensor over the remaining bytes of {@code data} (not copied). */
    public static TensorProtoData of(String name, ElementType type, long[] dims, ByteBuffer data) {
        return new TensorProtoData(name, type, dims, data, List.of());
    }

    /** A numeric (non-string) tensor over a copy of {@code data}. */
    public static TensorProtoData of(String name, ElementType type, long[] dims, byte[] data) {
        return of(name, type, dims, ByteBuffer.wrap(data.clone()));
    }

    /** A STRING tensor; the strings are encoded as UTF-8. */
    public static TensorProtoData ofStrings(String name, long[] dims, List<String> values) {
        List<byte[]> bytes = new ArrayList<>(values.size());
        for (String v : values) {
            bytes.add(v.getBytes(StandardCharsets.UTF_8));
        }
        return new TensorProtoData(name, ElementType.STRING, dims, null, bytes);
    }

    /** A FLOAT tensor. */
    public static TensorProtoData ofFloats(String name, long[] dims, float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return of(name, ElementType.FLOAT, dims, b.flip());
    }

    /** A DOUBLE tensor. */
    public static TensorProtoData ofDoubles(String name, long[] dims, double... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return of(name, ElementType.DOUBLE, dims, b.flip());
    }

    /** An INT32 tensor. */
    public static TensorProtoData ofInts(String name, long[] dims, int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return of(name, ElementType.INT32, dims, b.flip());
    }

    /** An INT64 tensor. */
    public static TensorProtoData ofLongs(String name, long[] dims, long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return of(name, ElementType.INT64, dims, b.flip());
    }

    /** Number of elements: the product of the dims, 1 for a scalar. */
    public long elementCount() {
        return countOf(dims);
    }

    /** Number of bytes of {@link #data()} (0 for STRING). */
    public long byteSize() {
        return type.isString() ? 0 : type.byteSize(elementCount());
    }

    /** Rank (number of dims). */
    public int rank() {
        return dims.length;
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    @Override
    public ByteBuffer data() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The element bytes as a new array. */
    public byte[] dataBytes() {
        byte[] out = new byte[data.remaining()];
        data.duplicate().get(out);
        return out;
    }

    /** The STRING elements decoded as UTF-8. */
    public List<String> stringValues() {
        List<String> out = new ArrayList<>(strings.size());
        for (byte[] s : strings) {
            out.add(new String(s, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** For example {@code FLOAT[2,3]}. */
    public String typeAndShape() {
        StringBuilder sb = new StringBuilder(type.name()).append('[');
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : ",").append(dims[i]);
        }
        return sb.append(']').toString();
    }

    /** Product of {@code dims}; rejects negative dims and overflow. */
    public static long countOf(long[] dims) {
        long n = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(dims));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TensorProtoData t)) {
            return false;
        }
        if (!name.equals(t.name) || type != t.type || !Arrays.equals(dims, t.dims) || !data.equals(t.data)
                || strings.size() != t.strings.size()) {
            return false;
        }
        for (int i = 0; i < strings.size(); i++) {
            if (!Arrays.equals(strings.get(i), t.strings.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(name, type, data);
        h = 31 * h + Arrays.hashCode(dims);
        for (byte[] s : strings) {
            h = 31 * h + Arrays.hashCode(s);
        }
        return h;
    }

    @Override
    public String toString() {
        return "TensorProtoData[" + (name.isEmpty() ? "" : name + ": ") + typeAndShape() + "]";
    }
}
