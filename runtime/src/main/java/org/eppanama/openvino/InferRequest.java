package org.eppanama.openvino;

import static org.eppanama.bindings.openvino.OpenVino.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eppanama.bindings.openvino.OpenVino;
import org.eppanama.runtime.NativeObject;

/**
 * An infer request of a {@link CompiledModel} (ov_infer_request_t): inputs bound once with
 * {@link #setInput}, then {@link #infer()} or {@link #startAsync()} + {@link #await()}, outputs read with
 * {@link #output}. One request runs one inference at a time (its methods are synchronized); use one request
 * per thread for parallel inferences. Closing it while an inference runs waits for that inference
 * before the request is freed.
 */
public final class InferRequest extends NativeObject {
    private static final System.Logger LOG = System.getLogger("openvino");

    private final List<PortInfo> inputs;
    private final List<PortInfo> outputs;
    /** Bound inputs by name: an inference checks that their memory is still alive. */
    private final Map<String, OvTensor> bound = new HashMap<>();
    /** True from startAsync until await; the running inference holds a reference to the handle meanwhile. */
    private boolean running;
    /** Set when the request closed with an inference running: free waits for it first. */
    private volatile boolean waitBeforeFree;

    InferRequest(MemorySegment handle, List<PortInfo> inputs, List<PortInfo> outputs) {
        super("InferRequest", handle);
        this.inputs = inputs;
        this.outputs = outputs;
    }

    public List<PortInfo> inputs() {
        return inputs;
    }

    public List<PortInfo> outputs() {
        return outputs;
    }

    /**
     * ov_infer_request_set_tensor: binds {@code tensor} to the input {@code name} until another tensor is
     * bound to it. A wrapped tensor's memory is read in place, so it must stay alive until then.
     */
    public synchronized void setInput(String name, OvTensor tensor) {
        Objects.requireNonNull(tensor, "tensor");
        PortInfo port = PortInfo.find(inputs, name, "input");
        if (tensor.type() != port.type()) {
            throw new IllegalArgumentException("input '" + name + "' expects " + port.type() + " but the tensor is "
                    + tensor.type() + ": create the tensor with ElementType." + port.type());
        }
        if (!port.shape().accepts(tensor.shape())) {
            throw new IllegalArgumentException("input '" + name + "' expects shape " + port.shape()
                    + " but the tensor has shape " + Arrays.toString(tensor.shape())
                    + (port.shape().isStatic() ? "; this compiled model is static: pad the input to that shape or"
                    + " compile the model reshaped to this one" : ""));
        }
        requireIdle("setInput");
        MemorySegment request = retain();
        try {
            tensor.setInto(request, name);
            bound.put(name, tensor);
        } finally {
            release();
        }
    }

    /** ov_infer_request_infer: runs the model on the bound inputs and returns when the outputs are written. */
    public synchronized void infer() {
        requireIdle("infer");
        checkInputs();
        MemorySegment request = retain();
        try {
            Ov.check("ov_infer_request_infer", OpenVino.ov_infer_request_infer(request));
        } finally {
            release();
        }
    }

    /**
     * ov_infer_request_start_async: starts an inference and returns at once; {@link #await()} waits for it.
     * The inputs' memory must stay alive until then.
     */
    public synchronized void startAsync() {
        requireIdle("startAsync");
        checkInputs();
        MemorySegment request = retain();
        boolean started = false;
        try {
            Ov.check("ov_infer_request_start_async", OpenVino.ov_infer_request_start_async(request));
            started = true;
            running = true;
        } finally {
            if (!started) {
                release();
            }
        }
    }

    /** ov_infer_request_wait: waits for the inference {@link #startAsync()} started; throws its error. */
    public synchronized void await() {
        MemorySegment request = handle();
        if (!running) {
            throw new IllegalStateException("no asynchronous inference to wait for: call startAsync() first");
        }
        running = false;
        try {
            Ov.check("ov_infer_request_wait", OpenVino.ov_infer_request_wait(request));
        } finally {
            release();
        }
    }

    /**
     * ov_infer_request_get_tensor: the output {@code name} of the last inference. The tensor views the
     * request's memory, which the next inference writes over; close it when done.
     */
    public synchronized OvTensor output(String name) {
        PortInfo.find(outputs, name, "output");
        requireIdle("output");
        MemorySegment request = retain();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            Ov.check("ov_infer_request_get_tensor", OpenVino.ov_infer_request_get_tensor(request, arena.allocateFrom(name), out));
            return OvTensor.adopt(Ov.out(out));
        } finally {
            release();
        }
    }

    private void requireIdle(String call) {
        if (running) {
            throw new IllegalStateException(call + " while an asynchronous inference runs: call await() first");
        }
    }

    private void checkInputs() {
        for (PortInfo port : inputs) {
            OvTensor t = bound.get(port.name());
            if (t == null) {
                throw new IllegalStateException("input '" + port.name() + "' has no tensor: call setInput(\""
                        + port.name() + "\", tensor) first");
            }
            t.checkDataAlive(port.name());
        }
    }

    @Override
    protected void onClose() {
        synchronized (this) {
            if (running) {
                running = false;
                waitBeforeFree = true;
                release();
            }
        }
    }

    @Override
    protected void free(MemorySegment handle) {
        if (waitBeforeFree) {
            int status = OpenVino.ov_infer_request_wait(handle);
            if (status != OpenVino.OK()) {
                // Nobody is left to receive this error: the request was closed without await().
                LOG.log(System.Logger.Level.WARNING, "an asynchronous inference of a closed InferRequest failed: "
                        + Status.of(status));
            }
        }
        OpenVino.ov_infer_request_free(handle);
    }
}
