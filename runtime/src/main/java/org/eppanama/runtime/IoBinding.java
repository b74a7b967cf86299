package org.eppanama.runtime;

import static org.eppanama.bindings.ort.OnnxRuntime.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eppanama.bindings.ort.OrtApi;

/**
 * OrtIoBinding: inputs and outputs bound once, by name, then run many times. An output bound to a
 * caller tensor is written straight into the caller's memory. The binding holds a reference to every
 * tensor bound to it until it is rebound, cleared or closed. Not for concurrent use from several threads.
 */
public final class IoBinding extends NativeObject {
    private final Session session;
    private final Map<String, Tensor> inputs = new LinkedHashMap<>();
    private final Map<String, Tensor> outputs = new LinkedHashMap<>();
    private final List<String> deviceOutputs = new ArrayList<>();

    private IoBinding(Session session, MemorySegment handle) {
        super("IoBinding", handle);
        this.session = session;
    }

    static IoBinding create(Session session) {
        MemorySegment s = session.retain();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            Native.enter("CreateIoBinding");
            Native.check("CreateIoBinding", OrtApi.CreateIoBinding.invoke(OrtApi.CreateIoBinding(Native.api()), s, out));
            return new IoBinding(session, Native.out(out));
        } finally {
            session.release();
        }
    }

    public IoBinding bindInput(String name, Tensor tensor) {
        session.input(name);
        Objects.requireNonNull(tensor, "tensor");
        bind(inputs, name, tensor, true);
        return this;
    }

    /** Binds an output to a caller tensor; the run writes into its memory. */
    public IoBinding bindOutput(String name, Tensor tensor) {
        session.output(name);
        Objects.requireNonNull(tensor, "tensor");
        bind(outputs, name, tensor, false);
        deviceOutputs.remove(name);
        return this;
    }

    /** Binds an output to CPU memory that ONNX Runtime allocates at each run (for outputs of unknown shape). */
    public IoBinding bindOutputToCpu(String name) {
        session.output(name);
        MemorySegment b = handle();
        try (Arena arena = Arena.ofConfined()) {
            Native.enter("BindOutputToDevice");
            Native.check("BindOutputToDevice", OrtApi.BindOutputToDevice.invoke(OrtApi.BindOutputToDevice(Native.api()), b,
                    arena.allocateFrom(name), CpuMemory.INFO));
        }
        Tensor old = outputs.remove(name);
        if (old != null) {
            old.release();
        }
        if (!deviceOutputs.contains(name)) {
            deviceOutputs.add(name);
        }
        return this;
    }

    private void bind(Map<String, Tensor> bound, String name, Tensor tensor, boolean input) {
        MemorySegment b = handle();
        MemorySegment value = tensor.retain();
        try (Arena arena = Arena.ofConfined()) {
            if (input) {
                Native.enter("BindInput");
                Native.check("BindInput", OrtApi.BindInput.invoke(OrtApi.BindInput(Native.api()), b, arena.allocateFrom(name), value));
            } else {
                Native.enter("BindOutput");
                Native.check("BindOutput", OrtApi.BindOutput.invoke(OrtApi.BindOutput(Native.api()), b, arena.allocateFrom(name), value));
            }
        } catch (RuntimeException e) {
            tensor.release();
            throw e;
        }
        Tensor old = bound.put(name, tensor);
        if (old != null) {
            old.release();
        }
    }

    public IoBinding clearInputs() {
        Native.enter("ClearBoundInputs", handle());
        OrtApi.ClearBoundInputs.invoke(OrtApi.ClearBoundInputs(Native.api()), handle());
        Native.exit("ClearBoundInputs");
        inputs.values().forEach(Tensor::release);
        inputs.clear();
        return this;
    }

    public IoBinding clearOutputs() {
        Native.enter("ClearBoundOutputs", handle());
        OrtApi.ClearBoundOutputs.invoke(OrtApi.ClearBoundOutputs(Native.api()), handle());
        Native.exit("ClearBoundOutputs");
        outputs.values().forEach(Tensor::release);
        outputs.clear();
        deviceOutputs.clear();
        return this;
    }

    /** RunWithBinding; {@code runOptions} may be null. */
    public void run(RunOptions runOptions) {
        MemorySegment b = handle();
        inputs.forEach((n, t) -> t.checkDataAlive(n));
        outputs.forEach((n, t) -> t.checkDataAlive(n));
        MemorySegment s = session.retain();
        try {
            MemorySegment ro = runOptions == null ? MemorySegment.NULL : runOptions.retain();
            try {
                Native.enter("RunWithBinding");
                Native.check("RunWithBinding", OrtApi.RunWithBinding.invoke(OrtApi.RunWithBinding(Native.api()), s, ro, b));
            } finally {
                if (runOptions != null) {
                    runOptions.release();
                }
            }
        } finally {
            session.release();
        }
    }

    /**
     * GetBoundOutputValues: the bound outputs after a run, in binding order, as new tensors the caller
     * closes (for caller-bound outputs they view the caller's memory).
     */
    public Outputs outputs() {
        MemorySegment b = handle();
        MemorySegment api = Native.api();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment namesOut = arena.allocate(C_POINTER);
            MemorySegment lengthsOut = arena.allocate(C_POINTER);
            MemorySegment countOut = arena.allocate(ValueLayout.JAVA_LONG);
            Native.enter("GetBoundOutputNames");
            Native.check("GetBoundOutputNames", OrtApi.GetBoundOutputNames.invoke(OrtApi.GetBoundOutputNames(api), b,
                    CpuMemory.allocator(), namesOut, lengthsOut, countOut));
            long n = countOut.get(ValueLayout.JAVA_LONG, 0);
            List<String> names = new ArrayList<>();
            if (n > 0) {
                MemorySegment buf = Native.out(namesOut);
                MemorySegment lens = Native.out(lengthsOut).reinterpret(n * Long.BYTES);
                long total = 0;
                for (long i = 0; i < n; i++) {
                    total += lens.getAtIndex(ValueLayout.JAVA_LONG, i);
                }
                MemorySegment chars = buf.reinterpret(total);
                long off = 0;
                for (long i = 0; i < n; i++) {
                    long len = lens.getAtIndex(ValueLayout.JAVA_LONG, i);
                    names.add(new String(chars.asSlice(off, len).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
                    off += len;
                }
                Native.freeAllocated(buf);
                Native.freeAllocated(Native.out(lengthsOut));
            }
            MemorySegment valuesOut = arena.allocate(C_POINTER);
            Native.enter("GetBoundOutputValues");
            Native.check("GetBoundOutputValues", OrtApi.GetBoundOutputValues.invoke(OrtApi.GetBoundOutputValues(api), b,
                    CpuMemory.allocator(), valuesOut, countOut));
            long m = countOut.get(ValueLayout.JAVA_LONG, 0);
            Map<String, Tensor> result = new LinkedHashMap<>();
            if (m > 0) {
                MemorySegment values = Native.out(valuesOut).reinterpret(m * C_POINTER.byteSize());
                RuntimeException failure = null;
                for (long i = 0; i < m; i++) {
                    String name = i < names.size() ? names.get((int) i) : "output " + i;
                    try {
                        result.put(name, Tensor.adopt(values.getAtIndex(C_POINTER, i), name));
                    } catch (RuntimeException e) {
                        failure = failure == null ? e : failure;
                    }
                }
                Native.freeAllocated(Native.out(valuesOut));
                if (failure != null) {
                    result.values().forEach(Tensor::close);
                    throw failure;
                }
            }
            return new Outputs(result);
        }
    }

    @Override
    protected void onClose() {
        inputs.values().forEach(Tensor::release);
        outputs.values().forEach(Tensor::release);
        inputs.clear();
        outputs.clear();
    }

    @Override
    protected void free(MemorySegment handle) {
        Native.enter("ReleaseIoBinding", handle);
        OrtApi.ReleaseIoBinding.invoke(OrtApi.ReleaseIoBinding(Native.api()), handle);
        Native.exit("ReleaseIoBinding");
    }
}
