package org.eppanama.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tensors a run returned, by output name in request order; closing this closes them all. */
public final class Outputs implements AutoCloseable {
    private final Map<String, Tensor> tensors;

    Outputs(Map<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no output '" + name + "'; this run returned " + tensors.keySet());
        }
        return t;
    }

    public Tensor get(int index) {
        return list().get(index);
    }

    public List<Tensor> list() {
        return new ArrayList<>(tensors.values());
    }

    public Map<String, Tensor> asMap() {
        return tensors;
    }

    public int size() {
        return tensors.size();
    }

    @Override
    public void close() {
        tensors.values().forEach(Tensor::close);
    }
}
