package org.eppanama.repro;

import java.nio.file.Path;
import java.util.List;
import org.eppanama.runtime.ElementType;

/**
 * A validated scenario input: data from {@code fill} (with {@code seed} for {@link Fill#RANDOM}) or, when
 * {@code file} is not null, the file's raw bytes.
 */
public record InputSpec(String name, ElementType type, List<Long> shape, Fill fill, long seed, Path file) {
    public InputSpec {
        shape = List.copyOf(shape);
    }

    public long[] dims() {
        return shape.stream().mapToLong(Long::longValue).toArray();
    }

    public long elementCount() {
        return shape.stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact);
    }

    public long byteSize() {
        return type.byteSize(elementCount());
    }
}
