package org.eppanama.runtime;

import static org.eppanama.bindings.ort.OnnxRuntime.C_POINTER;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eppanama.bindings.ort.OrtApi;

/**
 * An OrtSession. Created from model bytes ({@code CreateSessionFromArray}, the main path) or a file.
 * Runs may be made from several threads at once; closing waits for none of them but releases the
 * native session only after the last running one returns.
 */
public final class Session extends NativeObject {
    private final Environment env;
    private final List<ValueInfo> inputs;
    private final List<ValueInfo> outputs;
    private final Map<String, Integer> inputIndex = new HashMap<>();
    private final Map<String, Integer> outputIndex = new HashMap<>();
    /**
     * C strings of the input and output names, made once: a run only copies pointers. Freed by the GC after
     * the session, not at close: closing a shared arena stops every thread in a handshake, which cost about
     * as much as creating the session (runs hold the session, so the names outlive every run).
     */
    private final Arena namesArena = Arena.ofAuto();
    private final MemorySegment inputNames;
    private final MemorySegment outputNames;

    private Session(Environment env, MemorySegment handle) {
        super("Session", handle);
        this.env = env;
        try {
            this.inputs = describe(handle, true);
            this.outputs = describe(handle, false);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        inputNames = namesArena.allocate(C_POINTER, Math.max(1, inputs.size()));
        for (int i = 0; i < inputs.size(); i++) {
            inputIndex.put(inputs.get(i).name(), i);
            inputNames.setAtIndex(C_POINTER, i, namesArena.allocateFrom(inputs.get(i).name()));
        }
        outputNames = namesArena.allocate(C_POINTER, Math.max(1, outputs.size()));
        for (int i = 0; i < outputs.size(); i++) {
            outputIndex.put(outputs.get(i).name(), i);
            outputNames.setAtIndex(C_POINTER, i, namesArena.allocateFrom(outputs.get(i).name()));
        }
    }

    /** CreateSessionFromArray over a copy of {@code model} made for the call. */
    public static Session create(Environment env, byte[] model, SessionOptions options) {
        Objects.requireNonNull(model, "model");
        requireNonEmpty(model.length);
        try (Arena arena = Arena.ofConfined()) {
            return create(env, arena.allocateFrom(ValueLayout.JAVA_BYTE, model), options);
        }
    }

    /** CreateSessionFromArray over the caller's segment (copied only if it is a heap segment). */
    public static Session create(Environment env, MemorySegment model, SessionOptions options) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(model, "model");
        requireNonEmpty(model.byteSize());
        if (!model.isNative()) {
            try (Arena arena = Arena.ofConfined()) {
                return create(env, arena.allocate(model.byteSize()).copyFrom(model), options);
            }
        }
        // From bytes, ONNX Runtime resolves an EPContext node's file against the working directory.
        EpContextCheck.verify(model.toArray(ValueLayout.JAVA_BYTE), Path.of("").toAbsolutePath(), "the model bytes", options);
        return open(env, options, (api, envHandle, opts, out) -> OrtApi.CreateSessionFromArray.invoke(
                OrtApi.CreateSessionFromArray(api), envHandle, model, model.byteSize(), opts, out), "CreateSessionFromArray", model);
    }

    /** CreateSession from a model file (its external data is read relative to the file's folder). */
    public static Session create(Environment env, Path modelFile, SessionOptions options) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(modelFile, "modelFile");
        if (!Files.isRegularFile(modelFile)) {
            throw new IllegalArgumentException("model file " + modelFile.toAbsolutePath() + " does not exist or is not a file");
        }
        Path file = modelFile.toAbsolutePath().normalize();
        try {
            EpContextCheck.verify(Files.readAllBytes(file), file.getParent(), file.toString(), options);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read model file " + file + ": " + e.getMessage(), e);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment path = arena.allocateFrom(file.toString());
            return open(env, options, (api, envHandle, opts, out) -> OrtApi.CreateSession.invoke(
                    OrtApi.CreateSession(api), envHandle, path, opts, out), "CreateSession", modelFile.toAbsolutePath().toString());
        }
    }

    private interface Creator {
        MemorySegment call(MemorySegment api, MemorySegment env, MemorySegment options, MemorySegment out);
    }

    /** {@code target} names the model (its size or path) for the call trace. */
    private static Session open(Environment env, SessionOptions options, Creator creator, String function, Object target) {
        SessionOptions opts = options != null ? options : SessionOptions.create();
        MemorySegment envHandle = env.retain();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            MemorySegment optsHandle = opts.retain();
            try {
                Native.enter(function, envHandle, optsHandle, target);
                Native.check(function, creator.call(Native.api(), envHandle, optsHandle, out));
            } catch (OrtException e) {
                if (!opts.appendedLibraries().isEmpty() && EpLibraryException.isVersionRefusal(e)) {
                    throw new EpLibraryException(function, opts.appendedLibraries(), e);
                }
                throw e;
            } finally {
                opts.release();
            }
            return new Session(env, Native.out(out));
        } finally {
            env.release();
            if (options == null) {
                opts.close();
            }
        }
    }

    private static void requireNonEmpty(long size) {
        if (size == 0) {
            throw new IllegalArgumentException("model bytes are empty: pass the contents of an .onnx file");
        }
    }

    public Environment environment() {
        return env;
    }

    public List<ValueInfo> inputs() {
        return inputs;
    }

    public List<ValueInfo> outputs() {
        return outputs;
    }

    public ValueInfo input(String name) {
        return inputs.get(indexOf(inputIndex, name, "input", inputs));
    }

    public ValueInfo output(String name) {
        return outputs.get(indexOf(outputIndex, name, "output", outputs));
    }

    /** Runs with ONNX Runtime allocating every output. */
    public Outputs run(Map<String, Tensor> inputs) {
        return run(inputs, outputs.stream().map(ValueInfo::name).toList(), null);
    }

    /** Runs and returns the named outputs, allocated by ONNX Runtime; {@code runOptions} may be null. */
    public Outputs run(Map<String, Tensor> inputs, List<String> outputNames, RunOptions runOptions) {
        Objects.requireNonNull(outputNames, "outputNames");
        Map<String, Tensor> none = new LinkedHashMap<>();
        for (String n : outputNames) {
            indexOf(outputIndex, n, "output", outputs);
            none.put(n, null);
        }
        return new Outputs(execute(inputs, none, runOptions));
    }

    /**
     * Runs writing into caller-preallocated output tensors (each must match the output's type and shape);
     * {@code runOptions} may be null.
     */
    public void run(Map<String, Tensor> inputs, Map<String, Tensor> preallocatedOutputs, RunOptions runOptions) {
        Objects.requireNonNull(preallocatedOutputs, "preallocatedOutputs");
        for (Map.Entry<String, Tensor> e : preallocatedOutputs.entrySet()) {
            // Not requireNonNull(value, message): that would build the message on every run.
            if (e.getValue() == null) {
                throw new NullPointerException("tensor for output " + e.getKey());
            }
            checkTensor(output(e.getKey()), e.getValue(), "output");
        }
        execute(inputs, preallocatedOutputs, runOptions);
    }

    /**
     * One Run. The outputs {@code fetches} maps to a tensor are written into that tensor; those it maps to
     * null are allocated by ONNX Runtime and returned, by name in {@code fetches} order.
     */
    private Map<String, Tensor> execute(Map<String, Tensor> feeds, Map<String, Tensor> fetches, RunOptions runOptions) {
        Objects.requireNonNull(feeds, "inputs");
        int nIn = feeds.size();
        int nOut = fetches.size();
        RunBuffers buffers = RunBuffers.acquire(nIn, nOut);
        try {
            MemorySegment session = retain();
            buffers.hold(this);
            MemorySegment inNames = buffers.inNames();
            MemorySegment inValues = buffers.inValues();
            int i = 0;
            for (Map.Entry<String, Tensor> e : feeds.entrySet()) {
                int idx = indexOf(inputIndex, e.getKey(), "input", inputs);
                Tensor t = e.getValue();
                if (t == null) {
                    throw new NullPointerException("tensor for input " + e.getKey());
                }
                checkTensor(inputs.get(idx), t, "input");
                inValues.setAtIndex(C_POINTER, i, t.retain());
                buffers.hold(t);
                inNames.setAtIndex(C_POINTER, i, inputNames.getAtIndex(C_POINTER, idx));
                i++;
            }
            MemorySegment outNamesArr = buffers.outNames();
            MemorySegment outValues = buffers.outValues();
            int o = 0;
            int allocated = 0;
            for (Map.Entry<String, Tensor> e : fetches.entrySet()) {
                outNamesArr.setAtIndex(C_POINTER, o, outputNames.getAtIndex(C_POINTER, indexOf(outputIndex, e.getKey(), "output", outputs)));
                Tensor pre = e.getValue();
                if (pre != null) {
                    outValues.setAtIndex(C_POINTER, o, pre.retain());
                    buffers.hold(pre);
                } else {
                    // The buffers are reused: a slot ONNX Runtime is to fill must be NULL, not last run's value.
                    outValues.setAtIndex(C_POINTER, o, MemorySegment.NULL);
                    allocated++;
                }
                o++;
            }
            MemorySegment ro = MemorySegment.NULL;
            if (runOptions != null) {
                ro = runOptions.retain();
                buffers.hold(runOptions);
            }
            Native.enter("Run", session, ro, feeds, fetches.keySet());
            Native.check("Run", OrtApi.Run.invoke(RunFunction.POINTER, session, ro, inNames, inValues, nIn,
                    outNamesArr, nOut, outValues));
            return allocated == 0 ? Map.of() : adoptOutputs(fetches, outValues);
        } finally {
            buffers.releaseAll();
        }
    }

    /**
     * OrtApi's Run pointer, read from the table once: reading it per run would make a new segment each time.
     * In a holder, so that it is read at the first run, when a session (and so the library) exists.
     */
    private static final class RunFunction {
        static final MemorySegment POINTER = OrtApi.Run(Native.api());
    }

    /** Takes ownership of the outputs ONNX Runtime allocated; if one cannot be adopted, closes the others and throws. */
    private static Map<String, Tensor> adoptOutputs(Map<String, Tensor> fetches, MemorySegment outValues) {
        Map<String, Tensor> result = new LinkedHashMap<>();
        RuntimeException failure = null;
        int o = 0;
        for (Map.Entry<String, Tensor> e : fetches.entrySet()) {
            if (e.getValue() == null) {
                try {
                    result.put(e.getKey(), Tensor.adopt(outValues.getAtIndex(C_POINTER, o), e.getKey()));
                } catch (RuntimeException ex) {
                    failure = failure == null ? ex : failure;
                }
            }
            o++;
        }
        if (failure != null) {
            result.values().forEach(Tensor::close);
            throw failure;
        }
        return result;
    }

    private static void checkTensor(ValueInfo info, Tensor t, String role) {
        t.checkDataAlive(info.name());
        if (info.kind() != ValueKind.TENSOR) {
            throw new IllegalArgumentException(role + " '" + info.name() + "' is a " + info.kind() + ", not a tensor");
        }
        TensorInfo expected = info.tensor();
        if (t.type() != expected.type()) {
            throw new IllegalArgumentException(role + " '" + info.name() + "' expects " + expected.type()
                    + " but the tensor is " + t.type() + ": create the tensor with ElementType." + expected.type());
        }
        if (!t.fits(expected)) {
            throw new IllegalArgumentException(role + " '" + info.name() + "' expects shape " + expected
                    + " but the tensor has shape " + Arrays.toString(t.shape()));
        }
    }

    private static int indexOf(Map<String, Integer> index, String name, String role, List<ValueInfo> all) {
        if (name == null) {
            throw new NullPointerException(role + " name");
        }
        Integer i = index.get(name);
        if (i == null) {
            throw new IllegalArgumentException("the model has no " + role + " named '" + name + "'; its "
                    + role + "s are " + all.stream().map(ValueInfo::toString).toList());
        }
        return i;
    }

    /** An IoBinding for this session, reusable across runs. */
    public IoBinding createIoBinding() {
        return IoBinding.create(this);
    }

    /** SessionEndProfiling: stops profiling and returns the trace file's name. */
    public String endProfiling() {
        MemorySegment s = retain();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            Native.enter("SessionEndProfiling");
            Native.check("SessionEndProfiling", OrtApi.SessionEndProfiling.invoke(OrtApi.SessionEndProfiling(Native.api()), s,
                    CpuMemory.allocator(), out));
            return Native.takeString(Native.out(out));
        } finally {
            release();
        }
    }

    /** SessionGetModelMetadata. */
    public ModelMetadata metadata() {
        MemorySegment api = Native.api();
        MemorySegment s = retain();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            Native.enter("SessionGetModelMetadata");
            Native.check("SessionGetModelMetadata", OrtApi.SessionGetModelMetadata.invoke(OrtApi.SessionGetModelMetadata(api), s, out));
            MemorySegment md = Native.out(out);
            try {
                MemorySegment alloc = CpuMemory.allocator();
                MemorySegment str = arena.allocate(C_POINTER);
                String producer = metadataString("ModelMetadataGetProducerName", md, str,
                        (a, m, al, o) -> OrtApi.ModelMetadataGetProducerName.invoke(OrtApi.ModelMetadataGetProducerName(a), m, al, o));
                String graph = metadataString("ModelMetadataGetGraphName", md, str,
                        (a, m, al, o) -> OrtApi.ModelMetadataGetGraphName.invoke(OrtApi.ModelMetadataGetGraphName(a), m, al, o));
                String domain = metadataString("ModelMetadataGetDomain", md, str,
                        (a, m, al, o) -> OrtApi.ModelMetadataGetDomain.invoke(OrtApi.ModelMetadataGetDomain(a), m, al, o));
                String description = metadataString("ModelMetadataGetDescription", md, str,
                        (a, m, al, o) -> OrtApi.ModelMetadataGetDescription.invoke(OrtApi.ModelMetadataGetDescription(a), m, al, o));
                String graphDescription = metadataString("ModelMetadataGetGraphDescription", md, str,
                        (a, m, al, o) -> OrtApi.ModelMetadataGetGraphDescription.invoke(OrtApi.ModelMetadataGetGraphDescription(a), m, al, o));
                MemorySegment ver = arena.allocate(ValueLayout.JAVA_LONG);
                Native.enter("ModelMetadataGetVersion");
                Native.check("ModelMetadataGetVersion", OrtApi.ModelMetadataGetVersion.invoke(OrtApi.ModelMetadataGetVersion(api), md, ver));
                MemorySegment keysOut = arena.allocate(C_POINTER);
                MemorySegment numOut = arena.allocate(ValueLayout.JAVA_LONG);
                Native.enter("ModelMetadataGetCustomMetadataMapKeys");
                Native.check("ModelMetadataGetCustomMetadataMapKeys", OrtApi.ModelMetadataGetCustomMetadataMapKeys.invoke(
                        OrtApi.ModelMetadataGetCustomMetadataMapKeys(api), md, alloc, keysOut, numOut));
                long n = numOut.get(ValueLayout.JAVA_LONG, 0);
                Map<String, String> custom = new LinkedHashMap<>();
                MemorySegment keys = Native.out(keysOut);
                if (n > 0) {
                    MemorySegment keyArray = keys.reinterpret(n * C_POINTER.byteSize());
                    for (long k = 0; k < n; k++) {
                        MemorySegment key = keyArray.getAtIndex(C_POINTER, k);
                        Native.enter("ModelMetadataLookupCustomMetadataMap");
                        Native.check("ModelMetadataLookupCustomMetadataMap", OrtApi.ModelMetadataLookupCustomMetadataMap.invoke(
                                OrtApi.ModelMetadataLookupCustomMetadataMap(api), md, alloc, key, str));
                        custom.put(Native.takeString(key), Native.takeString(Native.out(str)));
                    }
                }
                Native.freeAllocated(keys);
                return new ModelMetadata(producer, graph, domain, description, graphDescription,
                        ver.get(ValueLayout.JAVA_LONG, 0), custom);
            } finally {
                Native.enter("ReleaseModelMetadata", md);
                OrtApi.ReleaseModelMetadata.invoke(OrtApi.ReleaseModelMetadata(api), md);
                Native.exit("ReleaseModelMetadata");
            }
        } finally {
            release();
        }
    }

    /** One of the ModelMetadataGet* calls that hand back a string allocated with the default allocator. */
    private interface MetadataStringCall {
        MemorySegment call(MemorySegment api, MemorySegment metadata, MemorySegment allocator, MemorySegment out);
    }

    private static String metadataString(String function, MemorySegment metadata, MemorySegment out, MetadataStringCall call) {
        Native.enter(function, metadata);
        Native.check(function, call.call(Native.api(), metadata, CpuMemory.allocator(), out));
        return Native.takeString(Native.out(out));
    }

    private static List<ValueInfo> describe(MemorySegment session, boolean input) {
        MemorySegment api = Native.api();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment countOut = arena.allocate(ValueLayout.JAVA_LONG);
            if (input) {
                Native.enter("SessionGetInputCount");
                Native.check("SessionGetInputCount", OrtApi.SessionGetInputCount.invoke(OrtApi.SessionGetInputCount(api), session, countOut));
            } else {
                Native.enter("SessionGetOutputCount");
                Native.check("SessionGetOutputCount", OrtApi.SessionGetOutputCount.invoke(OrtApi.SessionGetOutputCount(api), session, countOut));
            }
            long n = countOut.get(ValueLayout.JAVA_LONG, 0);
            List<ValueInfo> infos = new ArrayList<>((int) n);
            MemorySegment out = arena.allocate(C_POINTER);
            MemorySegment kindOut = arena.allocate(ValueLayout.JAVA_INT);
            for (long i = 0; i < n; i++) {
                if (input) {
                    Native.enter("SessionGetInputName");
                    Native.check("SessionGetInputName", OrtApi.SessionGetInputName.invoke(OrtApi.SessionGetInputName(api), session, i, CpuMemory.allocator(), out));
                } else {
                    Native.enter("SessionGetOutputName");
                    Native.check("SessionGetOutputName", OrtApi.SessionGetOutputName.invoke(OrtApi.SessionGetOutputName(api), session, i, CpuMemory.allocator(), out));
                }
                String name = Native.takeString(Native.out(out));
                if (input) {
                    Native.enter("SessionGetInputTypeInfo");
                    Native.check("SessionGetInputTypeInfo", OrtApi.SessionGetInputTypeInfo.invoke(OrtApi.SessionGetInputTypeInfo(api), session, i, out));
                } else {
                    Native.enter("SessionGetOutputTypeInfo");
                    Native.check("SessionGetOutputTypeInfo", OrtApi.SessionGetOutputTypeInfo.invoke(OrtApi.SessionGetOutputTypeInfo(api), session, i, out));
                }
                MemorySegment typeInfo = Native.out(out);
                try {
                    Native.enter("GetOnnxTypeFromTypeInfo");
                    Native.check("GetOnnxTypeFromTypeInfo", OrtApi.GetOnnxTypeFromTypeInfo.invoke(OrtApi.GetOnnxTypeFromTypeInfo(api), typeInfo, kindOut));
                    ValueKind kind = ValueKind.of(kindOut.get(ValueLayout.JAVA_INT, 0));
                    TensorInfo tensor = null;
                    if (kind == ValueKind.TENSOR) {
                        Native.enter("CastTypeInfoToTensorInfo");
                        Native.check("CastTypeInfoToTensorInfo", OrtApi.CastTypeInfoToTensorInfo.invoke(OrtApi.CastTypeInfoToTensorInfo(api), typeInfo, out));
                        tensor = TensorInfo.read(Native.out(out));
                    }
                    infos.add(new ValueInfo(name, kind, tensor));
                } finally {
                    Native.enter("ReleaseTypeInfo", typeInfo);
                    OrtApi.ReleaseTypeInfo.invoke(OrtApi.ReleaseTypeInfo(api), typeInfo);
                    Native.exit("ReleaseTypeInfo");
                }
            }
            return List.copyOf(infos);
        }
    }

    @Override
    protected void free(MemorySegment handle) {
        Native.enter("ReleaseSession", handle);
        OrtApi.ReleaseSession.invoke(OrtApi.ReleaseSession(Native.api()), handle);
        Native.exit("ReleaseSession");
    }
}
