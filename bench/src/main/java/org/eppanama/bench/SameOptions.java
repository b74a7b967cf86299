package org.eppanama.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtEpDevice;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtHardwareDevice.OrtHardwareDeviceType;
import ai.onnxruntime.OrtSession;
import java.util.List;
import java.util.Map;
import org.eppanama.runtime.DeviceType;
import org.eppanama.runtime.Environment;
import org.eppanama.runtime.GraphOptimizationLevel;
import org.eppanama.runtime.SessionOptions;

/**
 * The one set of session options every path uses, so that only the binding differs: one intra-op thread
 * (no pool to wake), every graph optimisation, and the CPU EP appended through the V2 device call
 * (GetEpDevices, SessionOptionsAppendExecutionProvider_V2). The C program (ort_run_bench.c) makes the
 * same calls.
 */
public final class SameOptions {
    public static final int INTRA_OP_THREADS = 1;
    public static final String CPU_EP = "CPUExecutionProvider";

    private SameOptions() {
    }

    /** For this runtime; the caller closes the options. */
    public static SessionOptions ffm(Environment env) {
        return SessionOptions.create()
                .intraOpThreads(INTRA_OP_THREADS)
                .graphOptimizationLevel(GraphOptimizationLevel.ENABLE_ALL)
                .appendExecutionProvider(env.epDevices(CPU_EP, DeviceType.CPU), Map.of());
    }

    /** For the JNI API; the caller closes the options. */
    public static OrtSession.SessionOptions jni(OrtEnvironment env) throws OrtException {
        List<OrtEpDevice> cpu = env.getEpDevices().stream()
                .filter(d -> d.getEpName().equals(CPU_EP) && d.getDevice().getType() == OrtHardwareDeviceType.CPU)
                .toList();
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        try {
            opts.setIntraOpNumThreads(INTRA_OP_THREADS);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            opts.addExecutionProvider(cpu, Map.of());
            return opts;
        } catch (OrtException | RuntimeException e) {
            opts.close();
            throw e;
        }
    }
}
