package org.eppanama.bench;

import static org.eppanama.bindings.ort.OnnxRuntime.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.eppanama.bindings.ort.OnnxRuntime;
import org.eppanama.bindings.ort.OrtApi;
import org.eppanama.runtime.OrtLibrary;

/**
 * The floor under any FFM binding: the generated OrtApi downcalls called directly, the way ort_run_bench.c
 * calls the C API, with no runtime object in between. Measured beside the runtime, it splits the runtime's
 * cost over plain C into what Panama's downcalls cost and what the runtime's own checks cost.
 *
 * <p>{@link #addSession()} makes the Run arguments of {@link BenchModels#add()} once (inputs a and b,
 * output c, each over a zeroed segment); {@link #run()} is one Run with them; {@link #createAndRelease}
 * is the session-creation flow of {@link SameOptions}.
 */
public final class RawFfm implements AutoCloseable {
    private static final MemorySegment API = OrtLibrary.get().api();
    private static final MemorySegment RUN = OrtApi.Run(API);

    /**
     * Automatic, like the runtime's run buffers: a downcall acquires the arena of every segment it is passed
     * for the call, which costs two atomic operations per argument for a shared arena and nothing for an
     * automatic one (JMH may also set a state up on one thread and run it on another, which rules out a
     * confined one). Freed by the GC with this object.
     */
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment env;
    private final MemorySegment out = arena.allocate(C_POINTER);
    private MemorySegment session = MemorySegment.NULL;
    private MemorySegment memoryInfo;
    private MemorySegment inNames;
    private MemorySegment inValues;
    private MemorySegment outNames;
    private MemorySegment outValues;

    /** Gets ONNX Runtime's process-wide environment (CreateEnv returns the one that exists, counted). */
    public RawFfm() {
        check(OrtApi.CreateEnv.invoke(OrtApi.CreateEnv(API), OnnxRuntime.ORT_LOGGING_LEVEL_WARNING(), arena.allocateFrom("bench"), out));
        env = out.get(C_POINTER, 0);
    }

    /** A session of the Add model with its Run arguments prepared. */
    public RawFfm addSession() {
        session = create(arena.allocateFrom(ValueLayout.JAVA_BYTE, BenchModels.add()));
        check(OrtApi.CreateCpuMemoryInfo.invoke(OrtApi.CreateCpuMemoryInfo(API), OnnxRuntime.OrtArenaAllocator(),
                OnnxRuntime.OrtMemTypeDefault(), out));
        memoryInfo = out.get(C_POINTER, 0);
        inNames = names("a", "b");
        inValues = tensors(2);
        outNames = names("c");
        outValues = tensors(1);
        return this;
    }

    /** One Run with the prepared arguments, outputs preallocated. */
    public void run() {
        check(OrtApi.Run.invoke(RUN, session, MemorySegment.NULL, inNames, inValues, 2, outNames, 1, outValues));
    }

    /** The flow of {@code SameOptions} + CreateSessionFromArray on a fresh native copy of {@code model}, then release. */
    public void createAndRelease(byte[] model) {
        try (Arena call = Arena.ofConfined()) {
            OrtApi.ReleaseSession.invoke(OrtApi.ReleaseSession(API), create(call.allocateFrom(ValueLayout.JAVA_BYTE, model)));
        }
    }

    private MemorySegment create(MemorySegment model) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment slot = call.allocate(C_POINTER);
            check(OrtApi.CreateSessionOptions.invoke(OrtApi.CreateSessionOptions(API), slot));
            MemorySegment options = slot.get(C_POINTER, 0);
            try {
                check(OrtApi.SetIntraOpNumThreads.invoke(OrtApi.SetIntraOpNumThreads(API), options, SameOptions.INTRA_OP_THREADS));
                check(OrtApi.SetSessionGraphOptimizationLevel.invoke(OrtApi.SetSessionGraphOptimizationLevel(API), options,
                        OnnxRuntime.ORT_ENABLE_ALL()));
                MemorySegment count = call.allocate(ValueLayout.JAVA_LONG);
                check(OrtApi.GetEpDevices.invoke(OrtApi.GetEpDevices(API), env, slot, count));
                MemorySegment devices = slot.get(C_POINTER, 0).reinterpret(count.get(ValueLayout.JAVA_LONG, 0) * C_POINTER.byteSize());
                MemorySegment cpu = call.allocate(C_POINTER, count.get(ValueLayout.JAVA_LONG, 0));
                int picked = 0;
                for (long i = 0; i < devices.byteSize() / C_POINTER.byteSize(); i++) {
                    MemorySegment d = devices.getAtIndex(C_POINTER, i);
                    String name = OrtApi.EpDevice_EpName.invoke(OrtApi.EpDevice_EpName(API), d).reinterpret(Long.MAX_VALUE).getString(0);
                    int type = OrtApi.HardwareDevice_Type.invoke(OrtApi.HardwareDevice_Type(API),
                            OrtApi.EpDevice_Device.invoke(OrtApi.EpDevice_Device(API), d));
                    if (name.equals(SameOptions.CPU_EP) && type == OnnxRuntime.OrtHardwareDeviceType_CPU()) {
                        cpu.setAtIndex(C_POINTER, picked++, d);
                    }
                }
                check(OrtApi.SessionOptionsAppendExecutionProvider_V2.invoke(OrtApi.SessionOptionsAppendExecutionProvider_V2(API),
                        options, env, cpu, picked, MemorySegment.NULL, MemorySegment.NULL, 0));
                check(OrtApi.CreateSessionFromArray.invoke(OrtApi.CreateSessionFromArray(API), env, model, model.byteSize(), options, slot));
                return slot.get(C_POINTER, 0);
            } finally {
                OrtApi.ReleaseSessionOptions.invoke(OrtApi.ReleaseSessionOptions(API), options);
            }
        }
    }

    private MemorySegment names(String... names) {
        MemorySegment array = arena.allocate(C_POINTER, names.length);
        for (int i = 0; i < names.length; i++) {
            array.setAtIndex(C_POINTER, i, arena.allocateFrom(names[i]));
        }
        return array;
    }

    private MemorySegment tensors(int count) {
        MemorySegment array = arena.allocate(C_POINTER, count);
        MemorySegment shape = arena.allocateFrom(ValueLayout.JAVA_LONG, BenchModels.ADD_SHAPE);
        long bytes = BenchModels.elementCount(BenchModels.ADD_SHAPE) * (long) Float.BYTES;
        for (int i = 0; i < count; i++) {
            check(OrtApi.CreateTensorWithDataAsOrtValue.invoke(OrtApi.CreateTensorWithDataAsOrtValue(API), memoryInfo,
                    arena.allocate(bytes, Float.BYTES), bytes, shape, BenchModels.ADD_SHAPE.length,
                    OnnxRuntime.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT(), out));
            array.setAtIndex(C_POINTER, i, out.get(C_POINTER, 0));
        }
        return array;
    }

    /** A failed call is a broken benchmark, not a case to handle: its message is enough (the status is not released). */
    private static void check(MemorySegment status) {
        if (status.address() != 0) {
            throw new IllegalStateException(OrtApi.GetErrorMessage.invoke(OrtApi.GetErrorMessage(API), status)
                    .reinterpret(Long.MAX_VALUE).getString(0));
        }
    }

    @Override
    public void close() {
        if (!session.equals(MemorySegment.NULL)) {
            for (MemorySegment values : new MemorySegment[] {inValues, outValues}) {
                for (long i = 0; i < values.byteSize() / C_POINTER.byteSize(); i++) {
                    OrtApi.ReleaseValue.invoke(OrtApi.ReleaseValue(API), values.getAtIndex(C_POINTER, i));
                }
            }
            OrtApi.ReleaseSession.invoke(OrtApi.ReleaseSession(API), session);
            OrtApi.ReleaseMemoryInfo.invoke(OrtApi.ReleaseMemoryInfo(API), memoryInfo);
        }
        OrtApi.ReleaseEnv.invoke(OrtApi.ReleaseEnv(API), env);
    }
}
