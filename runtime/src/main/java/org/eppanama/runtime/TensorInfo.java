package org.eppanama.runtime;

import static org.eppanama.bindings.ort.OnnxRuntime.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eppanama.bindings.ort.OrtApi;

/**
 * Element type and shape of a tensor. A dimension of -1 is not fixed; {@code dimNames} holds its
 * symbolic name (dim_param) where the model gives one, else "".
 */
public record TensorInfo(ElementType type, long[] shape, List<String> dimNames) {
    public TensorInfo {
        shape = shape.clone();
        dimNames = List.copyOf(dimNames);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Whether a tensor of shape {@code dims} matches: same rank, and every fixed dimension equal. */
    boolean accepts(long[] dims) {
        if (dims.length != shape.length) {
            return false;
        }
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] >= 0 && shape[d] != dims[d]) {
                return false;
            }
        }
        return true;
    }

    /** True when every dimension is fixed. */
    public boolean isStatic() {
        return Arrays.stream(shape).allMatch(d -> d >= 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && t.type == type && Arrays.equals(t.shape, shape) && t.dimNames.equals(dimNames);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type.name()).append('[');
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? "," : "").append(shape[i] >= 0 ? String.valueOf(shape[i])
                    : dimNames.get(i).isEmpty() ? "?" : dimNames.get(i));
        }
        return sb.append(']').toString();
    }

    /** Reads an {@code OrtTensorTypeAndShapeInfo*} (not released here). */
    static TensorInfo read(MemorySegment info) {
        MemorySegment api = Native.api();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment intOut = arena.allocate(ValueLayout.JAVA_INT);
            Native.enter("GetTensorElementType");
            Native.check("GetTensorElementType", OrtApi.GetTensorElementType.invoke(OrtApi.GetTensorElementType(api), info, intOut));
            ElementType type = ElementType.fromCode(intOut.get(ValueLayout.JAVA_INT, 0));
            MemorySegment countOut = arena.allocate(ValueLayout.JAVA_LONG);
            Native.enter("GetDimensionsCount");
            Native.check("GetDimensionsCount", OrtApi.GetDimensionsCount.invoke(OrtApi.GetDimensionsCount(api), info, countOut));
            int rank = Math.toIntExact(countOut.get(ValueLayout.JAVA_LONG, 0));
            MemorySegment dims = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, rank));
            Native.enter("GetDimensions");
            Native.check("GetDimensions", OrtApi.GetDimensions.invoke(OrtApi.GetDimensions(api), info, dims, rank));
            MemorySegment names = arena.allocate(C_POINTER, Math.max(1, rank));
            Native.enter("GetSymbolicDimensions");
            Native.check("GetSymbolicDimensions", OrtApi.GetSymbolicDimensions.invoke(OrtApi.GetSymbolicDimensions(api), info, names, rank));
            long[] shape = new long[rank];
            List<String> dimNames = new ArrayList<>(rank);
            for (int i = 0; i < rank; i++) {
                shape[i] = dims.getAtIndex(ValueLayout.JAVA_LONG, i);
                String n = Native.string(names.getAtIndex(C_POINTER, i));
                dimNames.add(n == null ? "" : n);
            }
            return new TensorInfo(type, shape, dimNames);
        }
    }
}
