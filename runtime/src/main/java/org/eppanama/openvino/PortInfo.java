package org.eppanama.openvino;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eppanama.bindings.openvino.OpenVino;
import org.eppanama.bindings.openvino.ov_partial_shape_t;
import org.eppanama.runtime.ElementType;

/** A model input or output: its tensor name, element type and (partial) shape. */
public record PortInfo(String name, ElementType type, PartialShape shape) {

    @Override
    public String toString() {
        return name + ":" + type + shape;
    }

    /** The port named {@code name} among {@code ports}; throws naming them. {@code role}: "input" or "output". */
    static PortInfo find(List<PortInfo> ports, String name, String role) {
        Objects.requireNonNull(name, role + " name");
        return ports.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("no " + role + " named '" + name + "'; the " + role + "s are " + ports));
    }

    /** A C call that writes a count (size_t) to {@code out}. */
    interface CountCall {
        int call(MemorySegment out);
    }

    /** A C call that writes the {@code ov_output_const_port_t*} at {@code index} to {@code out}. */
    interface PortCall {
        int call(long index, MemorySegment out);
    }

    /** Every port that {@code port} returns for the indices below what {@code count} returns, each freed after reading. */
    static List<PortInfo> list(String countFunction, CountCall count, String portFunction, PortCall port) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocate(ValueLayout.JAVA_LONG);
            Ov.check(countFunction, count.call(n));
            long size = n.get(ValueLayout.JAVA_LONG, 0);
            List<PortInfo> ports = new ArrayList<>((int) size);
            MemorySegment out = arena.allocate(OpenVino.C_POINTER);
            for (long i = 0; i < size; i++) {
                Ov.check(portFunction, port.call(i, out));
                MemorySegment p = Ov.out(out);
                try {
                    ports.add(read(p));
                } finally {
                    OpenVino.ov_output_const_port_free(p);
                }
            }
            return List.copyOf(ports);
        }
    }

    /** Reads an {@code ov_output_const_port_t*} (not freed here); the strings and shape OpenVINO allocates are. */
    private static PortInfo read(MemorySegment port) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment nameOut = arena.allocate(OpenVino.C_POINTER);
            Ov.check("ov_port_get_any_name", OpenVino.ov_port_get_any_name(port, nameOut));
            String name = Ov.takeString(Ov.out(nameOut));
            MemorySegment typeOut = arena.allocate(ValueLayout.JAVA_INT);
            Ov.check("ov_port_get_element_type", OpenVino.ov_port_get_element_type(port, typeOut));
            MemorySegment shape = ov_partial_shape_t.allocate(arena);
            Ov.check("ov_port_get_partial_shape", OpenVino.ov_port_get_partial_shape(port, shape));
            try {
                return new PortInfo(name, ElementTypes.fromOv(typeOut.get(ValueLayout.JAVA_INT, 0)), PartialShape.read(shape));
            } finally {
                OpenVino.ov_partial_shape_free(shape);
            }
        }
    }
}
