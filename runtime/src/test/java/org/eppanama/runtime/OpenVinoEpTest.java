package org.eppanama.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenVINO EP plugin through the V2 flow. Its plugin offers EP devices only for Intel hardware
 * (vendor id 0x8086): on an Intel CPU the dense model runs on its CPU device with the CPU EP fallback
 * disabled; elsewhere that test is skipped, saying so, and what still runs is shown: registration, and
 * the virtual NPU devices a ".virtual" registration adds for ahead-of-time compilation.
 */
class OpenVinoEpTest {
    static final int INTEL = 0x8086;
    static Environment env;

    @BeforeAll
    static void register() {
        env = Environment.create();
        env.registerExecutionProviderLibrary(OpenVinoOptions.EP_NAME, EpPackages.openVinoPlugin());
    }

    @AfterAll
    static void close() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void intelCpuDeviceRunsTheDenseModelLikeTheCpuEp() {
        HardwareDevice host = env.epDevices("CPUExecutionProvider", DeviceType.CPU).getFirst().device();
        List<EpDevice> ov = env.epDevices().stream()
                .filter(d -> d.epName().equals(OpenVinoOptions.EP_NAME) && d.device().type() == DeviceType.CPU).toList();
        if (host.vendorId() != INTEL) {
            assertTrue(ov.isEmpty(), "the plugin offered a device for non-Intel hardware: " + ov);
            String why = "OpenVINO EP offers no device here: its plugin serves Intel hardware only (vendor id 0x8086),"
                    + " this CPU is " + host.vendor() + " (vendor id 0x" + Integer.toHexString(host.vendorId()) + ")";
            System.out.println("SKIPPED: " + why);
            assumeTrue(false, why);
        }
        byte[] model = EpTestModels.dense();
        OpenVinoOptions options = OpenVinoOptions.builder().precision(OpenVinoOptions.Precision.FP32).numStreams(1).build();
        try (SessionOptions o = SessionOptions.create().graphOptimizationLevel(GraphOptimizationLevel.ENABLE_ALL)
                .configEntry(SessionOptions.DISABLE_CPU_EP_FALLBACK_KEY, "1").appendExecutionProvider(ov, options);
             Session s = Session.create(env, model, o)) {
            EpTestModels.assertClose(EpTestModels.cpuReference(env, model), EpTestModels.run(s), 1e-4f);
        }
    }

    /** Child JVM: registers the plugin with the ".virtual" suffix, lists its devices, compiles on the first NPU. */
    public static void main(String[] args) {
        try (Environment e = Environment.create()) {
            e.registerExecutionProviderLibrary(OpenVinoOptions.EP_NAME + ".virtual", Path.of(args[0]));
            List<EpDevice> npus = e.epDevices(OpenVinoOptions.EP_NAME, DeviceType.NPU);
            for (EpDevice d : npus) {
                System.out.println("DEVICE " + d.device().metadata().get("is_virtual") + " " + d.epMetadata().get("npu_platform"));
            }
            try (SessionOptions o = SessionOptions.create()
                    .appendExecutionProvider(List.of(npus.getFirst()), OpenVinoOptions.builder().build());
                 Session s = Session.create(e, EpTestModels.dense(), o)) {
                System.out.println("COMPILED " + s.outputs());
            } catch (OrtException ex) {
                System.out.println("COMPILE-ERROR " + ex.ortMessage());
            }
        }
    }

    @Test
    void virtualRegistrationOffersNpusForAheadOfTimeCompilation() throws Exception {
        ChildJvm.Result r = ChildJvm.run(OpenVinoEpTest.class, List.of(), EpPackages.openVinoPlugin().toString());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("DEVICE 1 "), r.output());
        assertFalse(r.output().contains("DEVICE 0 "), r.output());
        // The NPU compiler is not part of the plugin package: compiling names the library it looked for.
        assertTrue(r.output().contains("COMPILED") || r.output().contains("libopenvino_intel_npu_compiler_loader.so"),
                r.output());
    }
}
