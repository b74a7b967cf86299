package org.eppanama.pipeline;

import java.util.Arrays;
import java.util.List;
import org.eppanama.runtime.ElementType;
import org.eppanama.runtime.Session;
import org.eppanama.runtime.TensorInfo;
import org.eppanama.runtime.ValueInfo;
import org.eppanama.runtime.ValueKind;

/**
 * Checks that a session's inputs and outputs are what a pipeline stage feeds and reads, so a wrong file
 * fails at load with a message naming the model, the value and what was expected, not deep in a run.
 */
final class SessionContract {
    private final Session session;
    private final String model;

    SessionContract(Session session, String model) {
        this.session = session;
        this.model = model;
    }

    /** The input named {@code name}, a tensor of rank {@code rank} and one of {@code types}. */
    TensorInfo input(String name, int rank, ElementType... types) {
        return check(find(session.inputs(), name, "input"), "input", rank, types);
    }

    TensorInfo output(String name, int rank, ElementType... types) {
        return check(find(session.outputs(), name, "output"), "output", rank, types);
    }

    /** The {@code index}-th input (for layouts that address values by position, like sherpa-onnx's). */
    ValueInfo inputAt(int index, int rank, ElementType... types) {
        return at(session.inputs(), index, "input", rank, types);
    }

    ValueInfo outputAt(int index, int rank, ElementType... types) {
        return at(session.outputs(), index, "output", rank, types);
    }

    private ValueInfo at(List<ValueInfo> values, int index, String role, int rank, ElementType... types) {
        if (index >= values.size()) {
            throw new ModelFolderException(model + " has " + values.size() + " " + role + "s " + values + "; expected at least "
                    + (index + 1));
        }
        check(values.get(index), role, rank, types);
        return values.get(index);
    }

    private ValueInfo find(List<ValueInfo> values, String name, String role) {
        return values.stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow(() -> new ModelFolderException(
                model + " has no " + role + " '" + name + "'; its " + role + "s are " + values
                        + ". Is this the right file for this part of the model?"));
    }

    private TensorInfo check(ValueInfo v, String role, int rank, ElementType... types) {
        TensorInfo t = v.tensor();
        if (v.kind() != ValueKind.TENSOR || t == null) {
            throw new ModelFolderException(model + " " + role + " '" + v.name() + "' is a " + v.kind() + ", not a tensor");
        }
        if (t.shape().length != rank) {
            throw new ModelFolderException(model + " " + role + " '" + v.name() + "' is " + t + ", rank "
                    + t.shape().length + "; expected rank " + rank);
        }
        if (!Arrays.asList(types).contains(t.type())) {
            throw new ModelFolderException(model + " " + role + " '" + v.name() + "' is " + t + "; expected element type "
                    + (types.length == 1 ? types[0] : "one of " + Arrays.toString(types)));
        }
        return t;
    }
}
