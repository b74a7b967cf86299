package org.eppanama.runtime;

/** A session input or output: its name, kind, and for tensors the element type and shape ({@code tensor} is null otherwise). */
public record ValueInfo(String name, ValueKind kind, TensorInfo tensor) {
    @Override
    public String toString() {
        return name + ": " + (tensor != null ? tensor : kind);
    }
}
