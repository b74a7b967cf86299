package org.eppanama.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The OpenVINO EP plugin through the V2 flow, each case in a child JVM: in the test JVM, after the QNN
 * plugin has run sessions, registering the OpenVINO plugin crashed the process (SIGSEGV inside
 * RegisterExecutionProviderLibrary), so it never shares a process with the QNN tests.
 *
 * <p>The plugin offers EP devices only for Intel hardware (vendor id 0x8086): on an Intel CPU the dense
 * model runs on its CPU device with the CPU EP fallback disabled and is checked against the CPU EP;
 * elsewhere that case is skipped, saying so, and what still runs is shown: the virtual NPU devices that a
 * ".virtual" registration adds for ahead-of-time compilation.
 */
class OpenVinoEpTest {
    static final int INTEL = 0x8086;

    /** Child JVM: {@code run <plugin>} runs the dense model; {@code virtual <plugin>} lists and compiles on virtual NPUs. */
    public static void main(String[] args) {
        Path plugin = Path.of(args[1]);
        try (Environment env = Environment.create()) {
            if (args[0].equals("run")) {
                env.registerExecutionProviderLibrary(OpenVinoOptions.EP_NAME, plugin);
                HardwareDevice host = env.epDevices("CPUExecutionProvider", DeviceType.CPU).getFirst().device();
                List<EpDevice> ov = env.epDevices().stream()
                        .filter(d -> d.epName().equals(OpenVinoOptions.EP_NAME) && d.device().type() == DeviceType.CPU).toList();
                System.out.println("HOST " + host.vendor() + " 0x" + Integer.toHexString(host.vendorId()) + " DEVICES " + ov.size());
                if (ov.isEmpty()) {
                    return;
                }
                byte[] model = EpTestModels.dense();
                OpenVinoOptions options = OpenVinoOptions.builder().precision(OpenVinoOptions.Precision.FP32).numStreams(1).build();
                try (SessionOptions o = SessionOptions.create().graphOptimizationLevel(GraphOptimizationLevel.ENABLE_ALL)
                        .configEntry(SessionOptions.DISABLE_CPU_EP_FALLBACK_KEY, "1").appendExecutionProvider(ov, options);
                     Session s = Session.create(env, model, o)) {
                    System.out.println("CPU " + Arrays.toString(EpTestModels.cpuReference(env, model)));
                    System.out.println("OV " + Arrays.toString(EpTestModels.run(s)));
                }
            } else {
                env.registerExecutionProviderLibrary(OpenVinoOptions.EP_NAME + ".virtual", plugin);
                List<EpDevice> npus = env.epDevices(OpenVinoOptions.EP_NAME, DeviceType.NPU);
                npus.forEach(d -> System.out.println("DEVICE " + d.device().metadata().get("is_virtual") + " "
                        + d.epMetadata().get("npu_platform")));
                try (SessionOptions o = SessionOptions.create()
                        .appendExecutionProvider(List.of(npus.getFirst()), OpenVinoOptions.builder().build());
                     Session s = Session.create(env, EpTestModels.dense(), o)) {
                    System.out.println("COMPILED " + s.outputs());
                } catch (OrtException ex) {
                    System.out.println("COMPILE-ERROR " + ex.ortMessage());
                }
            }
        }
    }

    static String child(String mode) throws Exception {
        ChildJvm.Result r = ChildJvm.run(OpenVinoEpTest.class, List.of(), mode, EpPackages.openVinoPlugin().toString());
        assertEquals(0, r.exitCode(), r.output());
        return r.output();
    }

    static float[] floats(String out, String prefix) {
        String line = out.lines().filter(l -> l.startsWith(prefix + " [")).findFirst().orElseThrow(() -> new AssertionError(out));
        String[] parts = line.substring(prefix.length() + 2, line.length() - 1).split(", ");
        float[] v = new float[parts.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.parseFloat(parts[i]);
        }
        return v;
    }

    @Test
    void intelCpuDeviceRunsTheDenseModelLikeTheCpuEp() throws Exception {
        String out = child("run");
        String host = out.lines().filter(l -> l.startsWith("HOST ")).findFirst().orElseThrow(() -> new AssertionError(out));
        if (!host.contains(" 0x" + Integer.toHexString(INTEL) + " ")) {
            assertTrue(host.endsWith("DEVICES 0"), "the plugin offered a device for non-Intel hardware: " + host);
            String why = "OpenVINO EP offers no device here: its plugin serves Intel hardware only (vendor id 0x8086),"
                    + " this CPU is " + host.substring(5, host.indexOf(" DEVICES"));
            System.out.println("SKIPPED: " + why);
            assumeTrue(false, why);
        }
        EpTestModels.assertClose(floats(out, "CPU"), floats(out, "OV"), 1e-4f);
    }

    @Test
    void virtualRegistrationOffersNpusForAheadOfTimeCompilation() throws Exception {
        String out = child("virtual");
        assertTrue(out.contains("DEVICE 1 "), out);
        assertFalse(out.contains("DEVICE 0 "), out);
        // The NPU compiler is not part of the plugin package: compiling names the library it looked for
        // (PreflightTest shows the preflight naming it before any session).
        assertTrue(out.contains("COMPILED") || out.contains("libopenvino_intel_npu_compiler_loader.so"), out);
    }
}
