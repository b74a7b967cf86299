package org.eppanama.openvino;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.eppanama.bindings.openvino.ov_dimension_t;
import org.eppanama.bindings.openvino.ov_partial_shape_t;

/** A shape whose dimensions may be dynamic or bounded, or whose rank may be unknown (OpenVINO's ov_partial_shape_t). */
public final class PartialShape {
    private static final PartialShape DYNAMIC_RANK = new PartialShape(null);

    /** Null when the rank is dynamic. */
    private final List<Dimension> dimensions;

    private PartialShape(List<Dimension> dimensions) {
        this.dimensions = dimensions;
    }

    public static PartialShape of(List<Dimension> dimensions) {
        return new PartialShape(List.copyOf(dimensions));
    }

    /** Fixed dimensions; a negative value is a dynamic dimension. */
    public static PartialShape of(long... dims) {
        return of(Arrays.stream(dims).mapToObj(d -> d < 0 ? Dimension.dynamic() : Dimension.of(d)).toList());
    }

    public boolean isRankDynamic() {
        return dimensions == null;
    }

    /** The rank; throws when it is dynamic. */
    public int rank() {
        return dimensions().size();
    }

    /** The dimensions; throws when the rank is dynamic. */
    public List<Dimension> dimensions() {
        if (dimensions == null) {
            throw new IllegalStateException("the shape's rank is dynamic: it has no dimensions to list");
        }
        return dimensions;
    }

    /** True when the rank and every dimension are fixed. */
    public boolean isStatic() {
        return dimensions != null && dimensions.stream().allMatch(Dimension::isStatic);
    }

    /** The dimensions as numbers, -1 for each that is not static; throws when the rank is dynamic. */
    public long[] toArray() {
        return dimensions().stream().mapToLong(d -> d.isStatic() ? d.min() : -1).toArray();
    }

    /** True when a tensor of {@code shape} fits this partial shape. */
    public boolean accepts(long[] shape) {
        if (dimensions == null) {
            return true;
        }
        if (shape.length != dimensions.size()) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (!dimensions.get(i).contains(shape[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartialShape p && Objects.equals(p.dimensions, dimensions);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(dimensions);
    }

    @Override
    public String toString() {
        return dimensions == null ? "[...]"
                : dimensions.stream().map(Dimension::toString).collect(Collectors.joining(",", "[", "]"));
    }

    /** Reads an {@code ov_partial_shape_t} (not freed here). */
    static PartialShape read(MemorySegment partialShape) {
        MemorySegment rank = ov_partial_shape_t.rank(partialShape);
        if (ov_dimension_t.min(rank) != ov_dimension_t.max(rank)) {
            return DYNAMIC_RANK;
        }
        int n = Math.toIntExact(ov_dimension_t.min(rank));
        MemorySegment dims = ov_partial_shape_t.dims(partialShape).reinterpret(n * ov_dimension_t.sizeof());
        List<Dimension> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            MemorySegment d = ov_dimension_t.asSlice(dims, i);
            list.add(new Dimension(ov_dimension_t.min(d), ov_dimension_t.max(d)));
        }
        return new PartialShape(List.copyOf(list));
    }

    /**
     * Fills the {@code ov_partial_shape_t} at {@code target} with a static {@code shape}, its dimensions
     * allocated from {@code alloc}: nothing for OpenVINO to free.
     */
    static void writeStatic(MemorySegment target, long[] shape, SegmentAllocator alloc) {
        MemorySegment rank = ov_partial_shape_t.rank(target);
        ov_dimension_t.min(rank, shape.length);
        ov_dimension_t.max(rank, shape.length);
        MemorySegment dims = ov_dimension_t.allocateArray(Math.max(1, shape.length), alloc);
        for (int i = 0; i < shape.length; i++) {
            MemorySegment d = ov_dimension_t.asSlice(dims, i);
            ov_dimension_t.min(d, shape[i]);
            ov_dimension_t.max(d, shape[i]);
        }
        ov_partial_shape_t.dims(target, dims);
    }
}
