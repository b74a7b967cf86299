package org.eppanama.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.eppanama.onnx.Dim;
import org.eppanama.onnx.OnnxModelBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The QNN EP through the plugin flow, on the backend that runs on Linux x86-64: the HTP backend of the
 * onnxruntime-qnn package, which emulates the HTP on the host. The CPU EP fallback is disabled in every
 * session, so a session that runs proves the QNN EP took every node.
 */
class QnnEpTest {
    static Environment env;
    static List<EpDevice> qnnDevices;

    @BeforeAll
    static void register() {
        env = Environment.create();
        env.registerExecutionProviderLibrary(QnnOptions.EP_NAME, EpPackages.qnnPlugin());
        // On a Snapdragon the QNN EP offers an NPU device; on x86-64 its only device is the host CPU.
        List<EpDevice> npu = env.epDevices().stream()
                .filter(d -> d.epName().equals(QnnOptions.EP_NAME) && d.device().type() == DeviceType.NPU).toList();
        qnnDevices = npu.isEmpty() ? env.epDevices(QnnOptions.EP_NAME, DeviceType.CPU) : npu;
    }

    @AfterAll
    static void close() {
        if (env != null) {
            env.close();
        }
    }

    /** What a Snapdragon X Elite user sets, on the emulated HTP. */
    static QnnOptions snapdragonHtp() {
        return QnnOptions.builder().backendType(QnnOptions.Backend.HTP)
                .htpPerformanceMode(QnnOptions.PerformanceMode.BURST)
                .socModel(QnnOptions.SOC_MODEL_SNAPDRAGON_X_ELITE).htpArch(73)
                .htpFp16Precision(true).htpGraphFinalizationOptimizationMode(3).vtcmMb(8)
                .build();
    }

    /** ENABLE_ALL, the CPU EP fallback off, and the QNN EP on {@code devices}. */
    static SessionOptions qnnOnly(List<EpDevice> devices, QnnOptions qnn) {
        return SessionOptions.create().graphOptimizationLevel(GraphOptimizationLevel.ENABLE_ALL)
                .configEntry(SessionOptions.DISABLE_CPU_EP_FALLBACK_KEY, "1")
                .appendExecutionProvider(devices, qnn);
    }

    @Test
    void theRegisteredLibraryIsDescribedByItsPackage() {
        EpDevice d = qnnDevices.getFirst();
        assertEquals(EpPackages.qnnPlugin().toAbsolutePath().normalize().toString(), d.epMetadata().get("library_path"));
        EpLibraryInfo info = EpLibraryInfo.of(EpPackages.qnnPlugin());
        assertEquals("onnxruntime-qnn", info.packageName());
        assertEquals(EpPackages.pin("onnxruntime-qnn").get("version"), info.version());
        assertTrue(info.detail().startsWith("QNN SDK "), info.detail());
    }

    @Test
    void htpWithSnapdragonOptionsMatchesTheCpuEp() {
        byte[] model = EpTestModels.dense();
        float[] cpu = EpTestModels.cpuReference(env, model);
        try (SessionOptions o = qnnOnly(qnnDevices, snapdragonHtp()); Session s = Session.create(env, model, o)) {
            // FP16 on the HTP: about three decimal digits.
            EpTestModels.assertClose(cpu, EpTestModels.run(s), 1e-2f);
        }
    }

    @Test
    void backendByPathMatchesTheCpuEp() {
        byte[] model = EpTestModels.dense();
        QnnOptions qnn = QnnOptions.builder().backendPath(EpPackages.qnn().resolve("libQnnHtp.so"))
                .htpPerformanceMode(QnnOptions.PerformanceMode.HIGH_PERFORMANCE).build();
        try (SessionOptions o = qnnOnly(qnnDevices, qnn); Session s = Session.create(env, model, o)) {
            EpTestModels.assertClose(EpTestModels.cpuReference(env, model), EpTestModels.run(s), 1e-2f);
        }
    }

    @Test
    void aNodeTheQnnEpCannotTakeFailsInsteadOfFallingBack() {
        // STRING tensors have no QNN type: the node would silently run on the CPU EP without the guard.
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 17).graphName("strings");
        b.input("s", ElementType.STRING, Dim.of(2));
        b.output("t", ElementType.STRING, Dim.of(2));
        b.node("Identity").inputs("s").outputs("t");
        try (SessionOptions o = qnnOnly(qnnDevices, snapdragonHtp())) {
            OrtException e = assertThrows(OrtException.class, () -> Session.create(env, b.build(), o).close());
            assertTrue(e.ortMessage().contains("fallback to CPU EP has been explicitly disabled"), e.getMessage());
        }
    }

    @Test
    void optionsAreRefusedForDevicesOfAnotherEp() {
        List<EpDevice> cpu = env.epDevices("CPUExecutionProvider", DeviceType.CPU);
        try (SessionOptions o = SessionOptions.create()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> o.appendExecutionProvider(cpu, snapdragonHtp()));
            assertTrue(e.getMessage().contains("registered as \"QNNExecutionProvider\""), e.getMessage());
            assertFalse(o.appendedProviders().contains(QnnOptions.EP_NAME));
        }
    }
}
