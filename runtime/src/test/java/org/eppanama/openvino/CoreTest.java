package org.eppanama.openvino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eppanama.bindings.openvino.OpenVino;
import org.eppanama.runtime.ElementType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The core: devices, properties, bad input, ownership; the constants that mirror the headers. */
class CoreTest extends WithCore {

    @Test
    void libraryVersionIsThePinnedRelease() {
        assertTrue(OpenVinoLibrary.get().version().startsWith("2026.4"), OpenVinoLibrary.get().version());
        assertEquals(OpenVinoTests.libraryPath(), OpenVinoLibrary.get().path());
    }

    @Test
    void cpuIsAvailableWithItsFullName() {
        assertTrue(core.availableDevices().contains("CPU"), core.availableDevices().toString());
        assertFalse(core.fullDeviceName("CPU").isBlank());
        assertTrue(core.property("CPU", "SUPPORTED_PROPERTIES").contains(OvProperties.INFERENCE_PRECISION_HINT));
    }

    @Test
    void propertyKeysAreTheLibrarys() {
        Map<String, Supplier<MemorySegment>> keys = Map.of(
                OvProperties.CACHE_DIR, OpenVino::ov_property_key_cache_dir,
                OvProperties.PERFORMANCE_HINT, OpenVino::ov_property_key_hint_performance_mode,
                OvProperties.INFERENCE_PRECISION_HINT, OpenVino::ov_property_key_hint_inference_precision,
                OvProperties.NUM_STREAMS, OpenVino::ov_property_key_num_streams,
                OvProperties.FULL_DEVICE_NAME, OpenVino::ov_property_key_device_full_name);
        keys.forEach((key, nativeKey) -> assertEquals(key, Ov.string(nativeKey.get())));
    }

    @Test
    void typedPropertiesReachTheDevice() {
        try (Core c = Core.create()) {
            c.setProperties("CPU", OvProperties.none().performanceHint(PerformanceHint.THROUGHPUT).numStreams(2)
                    .inferencePrecision(ElementType.FLOAT).set("ENABLE_HYPER_THREADING", "NO"));
            assertEquals("THROUGHPUT", c.property("CPU", OvProperties.PERFORMANCE_HINT));
            assertEquals("2", c.property("CPU", OvProperties.NUM_STREAMS));
            assertEquals("f32", c.property("CPU", OvProperties.INFERENCE_PRECISION_HINT));
            assertEquals("NO", c.property("CPU", "ENABLE_HYPER_THREADING"));
        }
        assertThrows(IllegalArgumentException.class, () -> OvProperties.none().numStreams(0));
        assertThrows(IllegalArgumentException.class, () -> OvProperties.none().inferencePrecision(ElementType.INT8));
        assertEquals("AUTO", OvProperties.none().numStreamsAuto().get(OvProperties.NUM_STREAMS));
    }

    @Test
    void unknownDeviceNamesTheDevicesThereAre() {
        try (Model model = core.readModel(OpenVinoTests.relu())) {
            OpenVinoException e = assertThrows(OpenVinoException.class, () -> core.compile(model, "NO_SUCH_DEVICE", OvProperties.none()));
            assertEquals("ov_core_compile_model_props", e.function());
            assertEquals(Status.GENERAL_ERROR, e.status());
            assertTrue(e.openVinoMessage().contains("NO_SUCH_DEVICE"), e.getMessage());
            assertTrue(e.getMessage().contains("available: [CPU"), e.getMessage());
        }
    }

    @Test
    void aPropertyWithABadValueIsRefusedNamingIt() {
        try (Model model = core.readModel(OpenVinoTests.relu())) {
            OpenVinoException e = assertThrows(OpenVinoException.class,
                    () -> core.compile(model, "CPU", OvProperties.none().set(OvProperties.PERFORMANCE_HINT, "FASTEST")));
            assertTrue(e.openVinoMessage().contains("PERFORMANCE_HINT"), e.getMessage());
            assertTrue(e.getMessage().contains("SUPPORTED_PROPERTIES"), e.getMessage());
        }
        OpenVinoException e = assertThrows(OpenVinoException.class, () -> core.property("CPU", "NO_SUCH_PROPERTY"));
        assertEquals("ov_core_get_property", e.function());
    }

    @Test
    void useAfterCloseThrowsWithoutReachingNativeCode() {
        Core c = Core.create();
        c.close();
        c.close();
        assertTrue(c.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, c::availableDevices);
        assertEquals("Core is closed", e.getMessage());
        Model m = core.readModel(OpenVinoTests.relu());
        m.close();
        assertThrows(IllegalStateException.class, m::inputs);
        assertThrows(IllegalStateException.class, () -> core.compile(m, "CPU", OvProperties.none()));
    }

    @Test
    void statusCodesAreTheHeaders() {
        assertEquals(0, Status.OK.code());
        assertEquals(-1, Status.GENERAL_ERROR.code());
        assertEquals(-17, Status.UNKNOW_EXCEPTION.code());
        assertEquals(Status.NOT_FOUND, Status.of(OpenVino.NOT_FOUND()));
        assertEquals(Status.UNKNOWN, Status.of(-1000));
    }

    @ParameterizedTest
    @EnumSource(value = ElementType.class, names = {"COMPLEX64", "COMPLEX128", "FLOAT8E4M3FNUZ", "FLOAT8E5M2FNUZ"},
            mode = EnumSource.Mode.EXCLUDE)
    void elementTypesMapBothWays(ElementType type) {
        assertEquals(type, ElementTypes.fromOv(ElementTypes.toOv(type)));
    }

    @Test
    void elementTypesOnlyOneSideHasAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ElementTypes.toOv(ElementType.COMPLEX64));
        assertThrows(UnsupportedOperationException.class, () -> ElementTypes.fromOv(OpenVino.NF4()));
    }

    @Test
    void openVinoLogReachesSystemLogger() {
        Logger jul = Logger.getLogger("openvino");
        StringBuilder seen = new StringBuilder();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (seen) {
                    seen.append(r.getLevel()).append(' ').append(r.getMessage()).append('\n');
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level before = jul.getLevel();
        jul.setLevel(Level.ALL);
        jul.addHandler(handler);
        // The AUTO device logs its choices at LOG_LEVEL LOG_INFO and above.
        try (Core c = Core.create(); Model model = c.readModel(OpenVinoTests.relu())) {
            c.setProperties("AUTO", OvProperties.none().set("LOG_LEVEL", "LOG_DEBUG"));
            c.compile(model, "AUTO", OvProperties.none()).close();
        } finally {
            jul.removeHandler(handler);
            jul.setLevel(before);
        }
        synchronized (seen) {
            assertTrue(seen.toString().contains("INFO ") && seen.toString().contains("[AUTO]"), seen.toString());
            assertTrue(seen.toString().contains("FINE "), "DEBUG lines map to FINE: " + seen);
        }
    }
}
