package org.eppanama.repro;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.util.Set;
import org.eppanama.runtime.ElementType;

/**
 * The bytes of a scenario input. Each element gets a real value (floating types) and an integer value
 * (integer types; BOOL keeps its lowest bit):
 * <ul>
 *   <li>zeros: 0; ones: 1; range: the element's index (integers wrap to the type, as a C cast does);</li>
 *   <li>random: with {@code r} the next SplitMix64 output from the seed, {@code (r >>> 11) * 2^-53} (in [0, 1))
 *       and {@code (r >>> 32) % 100}.</li>
 * </ul>
 * The emitted C program computes the same formulas, so both runs feed identical bytes.
 */
final class InputData {
    /** The element types a fill rule can make; a data file may hold any fixed-size type. */
    static final Set<ElementType> FILLABLE = Set.of(ElementType.FLOAT, ElementType.DOUBLE, ElementType.INT8,
            ElementType.UINT8, ElementType.INT16, ElementType.UINT16, ElementType.INT32, ElementType.UINT32,
            ElementType.INT64, ElementType.UINT64, ElementType.BOOL);

    private InputData() {
    }

    /** A native segment, 8-byte aligned, holding the input's data. */
    static MemorySegment create(Arena arena, InputSpec input) throws IOException {
        MemorySegment data = arena.allocate(input.byteSize(), 8);
        if (input.file() != null) {
            byte[] bytes = Files.readAllBytes(input.file());
            if (bytes.length != data.byteSize()) {
                throw new IOException("input '" + input.name() + "': " + input.file() + " has " + bytes.length
                        + " bytes but " + input.type() + input.shape() + " takes " + data.byteSize());
            }
            MemorySegment.copy(bytes, 0, data, ValueLayout.JAVA_BYTE, 0, bytes.length);
            return data;
        }
        SplitMix64 random = new SplitMix64(input.seed());
        for (long i = 0; i < input.elementCount(); i++) {
            long r = input.fill() == Fill.RANDOM ? random.next() : 0;
            double real = switch (input.fill()) {
                case ZEROS -> 0;
                case ONES -> 1;
                case RANGE -> i;
                case RANDOM -> (r >>> 11) * 0x1.0p-53;
            };
            long integer = switch (input.fill()) {
                case ZEROS -> 0;
                case ONES -> 1;
                case RANGE -> i;
                case RANDOM -> (r >>> 32) % 100;
            };
            switch (input.type()) {
                case FLOAT -> data.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) real);
                case DOUBLE -> data.setAtIndex(ValueLayout.JAVA_DOUBLE, i, real);
                case BOOL -> data.set(ValueLayout.JAVA_BYTE, i, (byte) (integer & 1));
                case INT8, UINT8 -> data.set(ValueLayout.JAVA_BYTE, i, (byte) integer);
                case INT16, UINT16 -> data.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) integer);
                case INT32, UINT32 -> data.setAtIndex(ValueLayout.JAVA_INT, i, (int) integer);
                case INT64, UINT64 -> data.setAtIndex(ValueLayout.JAVA_LONG, i, integer);
                default -> throw new IllegalArgumentException("input '" + input.name() + "': a fill rule cannot make "
                        + input.type() + " data; give a raw data file instead");
            }
        }
        return data;
    }
}
