package org.eppanama.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The typed provider options: the maps they produce and the mistakes they refuse, without native code. */
class EpOptionsTest {

    @Test
    void qnnOptionsProduceTheKeysTheEpReads() {
        QnnOptions q = QnnOptions.builder().backendType(QnnOptions.Backend.HTP)
                .htpPerformanceMode(QnnOptions.PerformanceMode.SUSTAINED_HIGH_PERFORMANCE)
                .socModel(QnnOptions.SOC_MODEL_SNAPDRAGON_X_ELITE).htpArch(73).htpFp16Precision(true)
                .htpGraphFinalizationOptimizationMode(3).vtcmMb(8).option("rpc_control_latency", "100").build();
        assertEquals(Map.of("backend_type", "htp", "htp_performance_mode", "sustained_high_performance", "soc_model", "60",
                "htp_arch", "73", "enable_htp_fp16_precision", "1", "htp_graph_finalization_optimization_mode", "3",
                "vtcm_mb", "8", "rpc_control_latency", "100"), q.asMap());
        assertEquals(73, q.htpArch().orElseThrow());
        assertEquals("libQnnHtp.so", QnnOptions.Backend.HTP.libraryName());
    }

    @Test
    void aTypoIsRefusedWithTheKnownKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QnnOptions.builder().option("htp_performace_mode", "burst"));
        assertTrue(e.getMessage().contains("unknown option 'htp_performace_mode' for QNNExecutionProvider")
                && e.getMessage().contains("htp_performance_mode"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OpenVinoOptions.builder().option("device", "CPU"));
    }

    @Test
    void contradictoryQnnOptionsAreRefused() {
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> QnnOptions.builder()
                .backendType(QnnOptions.Backend.HTP).backendPath(Path.of("libQnnHtp.so")).build());
        assertTrue(both.getMessage().contains("backend_type") && both.getMessage().contains("backend_path"), both.getMessage());
        IllegalArgumentException fp16 = assertThrows(IllegalArgumentException.class,
                () -> QnnOptions.builder().htpFp16Precision(true).build());
        assertTrue(fp16.getMessage().contains("soc_model"), fp16.getMessage());
        assertThrows(IllegalArgumentException.class, () -> QnnOptions.builder().htpGraphFinalizationOptimizationMode(4));
        assertThrows(IllegalArgumentException.class, () -> QnnOptions.builder().vtcmMb(0));
    }

    @Test
    void openVinoOptionsProduceTheKeysTheEpReads() {
        OpenVinoOptions o = OpenVinoOptions.builder().deviceType("CPU").precision(OpenVinoOptions.Precision.FP16)
                .numOfThreads(2).numStreams(1).enableQdqOptimizer(true).build();
        assertEquals(Map.of("device_type", "CPU", "precision", "FP16", "num_of_threads", "2", "num_streams", "1",
                "enable_qdq_optimizer", "true"), o.asMap());
        assertEquals(OpenVinoOptions.EP_NAME, o.epName());
    }

    @Test
    void theVersionOfAnEpLibraryIsReadFromItsPackageFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("build_and_package_info.py"),
                "package_name = 'onnxruntime-qnn'\n__version__ = '9.8.7'\nqnn_version = '2.99.0'\n");
        assertEquals("onnxruntime-qnn 9.8.7 (QNN SDK 2.99.0)", EpLibraryInfo.of(dir.resolve("libx.so")).describe());
        Path other = Files.createDirectory(dir.resolve("other"));
        Files.writeString(other.resolve("libplugin.so.1.8.1"), "");
        assertEquals("libplugin.so 1.8.1", EpLibraryInfo.of(other.resolve("libplugin.so")).describe());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertEquals("libnone.so (version unknown)", EpLibraryInfo.of(empty.resolve("libnone.so")).describe());
    }
}
