package org.eppanama.runtime;

import static org.eppanama.bindings.ort.OnnxRuntime.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eppanama.bindings.ort.OrtApi;
import org.eppanama.bindings.ort.OrtLoggingFunction;

/**
 * An OrtEnv, with ONNX Runtime's log routed into {@link System.Logger} ({@code onnxruntime}), and the
 * execution provider libraries registered in it.
 *
 * <p>ONNX Runtime keeps one environment per process and counts references to it; each Environment
 * object holds one reference, so the logging level and id of the first one in the process win.
 */
public final class Environment extends NativeObject {
    private static final System.Logger LOG = System.getLogger("onnxruntime");

    /** Registration name -> what the library's package says of it and how many EP devices it brought. */
    private final Map<String, Registration> registered = new ConcurrentHashMap<>();
    /** Bumped when a library is unregistered or the environment closes: older EpDevices become invalid. */
    private final AtomicLong deviceGeneration = new AtomicLong();

    private Environment(MemorySegment handle) {
        super("Environment", handle);
    }

    /** An environment logging at WARNING and above, with log id "eppanama". */
    public static Environment create() {
        return create(LogLevel.WARNING, "eppanama");
    }

    public static Environment create(LogLevel level, String logId) {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(logId, "logId");
        MemorySegment api = Native.api();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            Native.enter("CreateEnvWithCustomLogger", level, logId);
            Native.check("CreateEnvWithCustomLogger", OrtApi.CreateEnvWithCustomLogger.invoke(
                    OrtApi.CreateEnvWithCustomLogger(api), LogSink.STUB, MemorySegment.NULL, level.ordinal(),
                    arena.allocateFrom(logId), out));
            return new Environment(Native.out(out));
        }
    }

    private record Registration(EpLibraryInfo info, int devices) {
        @Override
        public String toString() {
            return info.describe() + " at " + info.library() + ", " + devices + " EP device(s)";
        }
    }

    /**
     * RegisterExecutionProviderLibrary: loads a plugin EP library under {@code registrationName}; its
     * devices then appear in {@link #epDevices()}. Some plugins (QNN) name their EP after the registration
     * name, so register under the EP's own name (e.g. {@link QnnOptions#EP_NAME}). A failure, a version
     * refusal included, is an {@link EpLibraryException} naming ONNX Runtime's and the library's versions.
     */
    public void registerExecutionProviderLibrary(String registrationName, Path library) {
        Objects.requireNonNull(registrationName, "registrationName");
        Objects.requireNonNull(library, "library");
        if (!Files.isRegularFile(library)) {
            throw new IllegalArgumentException("execution provider library " + library + " does not exist"
                    + " (registration '" + registrationName + "'): pass the path of the EP's shared library");
        }
        EpLibraryInfo info = EpLibraryInfo.of(library);
        MemorySegment env = retain();
        try (Arena arena = Arena.ofConfined()) {
            Native.enter("RegisterExecutionProviderLibrary", env, registrationName, library.toAbsolutePath().toString());
            Native.check("RegisterExecutionProviderLibrary", OrtApi.RegisterExecutionProviderLibrary.invoke(
                    OrtApi.RegisterExecutionProviderLibrary(Native.api()), env, arena.allocateFrom(registrationName),
                    arena.allocateFrom(info.library().toString())));
        } catch (OrtException e) {
            throw new EpLibraryException("RegisterExecutionProviderLibrary('" + registrationName + "')", List.of(info), e);
        } finally {
            release();
        }
        String path = info.library().toString();
        int devices = (int) epDevices().stream().filter(d -> path.equals(d.epMetadata().get("library_path"))).count();
        registered.put(registrationName, new Registration(info, devices));
        if (devices == 0) {
            // Not an error in itself (an EP may find none of its hardware), but also what a plugin that
            // silently rejected this ONNX Runtime looks like: say both versions now.
            LOG.log(System.Logger.Level.WARNING, "EP library " + info.describe() + " at " + path + " registered as '"
                    + registrationName + "' offers no EP device with ONNX Runtime " + OrtLibrary.get().version()
                    + ": its hardware is absent, or it does not support this ONNX Runtime version");
        }
    }

    /** UnregisterExecutionProviderLibrary; EpDevices obtained before become invalid. */
    public void unregisterExecutionProviderLibrary(String registrationName) {
        Objects.requireNonNull(registrationName, "registrationName");
        MemorySegment env = retain();
        try (Arena arena = Arena.ofConfined()) {
            Native.enter("UnregisterExecutionProviderLibrary", env, registrationName);
            Native.check("UnregisterExecutionProviderLibrary", OrtApi.UnregisterExecutionProviderLibrary.invoke(
                    OrtApi.UnregisterExecutionProviderLibrary(Native.api()), env, arena.allocateFrom(registrationName)));
            registered.remove(registrationName);
            deviceGeneration.incrementAndGet();
        } finally {
            release();
        }
    }

    /** Names of the libraries registered through this object. */
    public Set<String> registeredLibraries() {
        return Collections.unmodifiableSet(registered.keySet());
    }

    /** GetEpDevices: every (execution provider, hardware device) pair ONNX Runtime knows. */
    public List<EpDevice> epDevices() {
        MemorySegment api = Native.api();
        MemorySegment env = retain();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment devicesOut = arena.allocate(C_POINTER);
            MemorySegment countOut = arena.allocate(ValueLayout.JAVA_LONG);
            Native.enter("GetEpDevices", env);
            Native.check("GetEpDevices", OrtApi.GetEpDevices.invoke(OrtApi.GetEpDevices(api), env, devicesOut, countOut));
            long n = countOut.get(ValueLayout.JAVA_LONG, 0);
            MemorySegment array = Native.out(devicesOut).reinterpret(n * C_POINTER.byteSize());
            long generation = deviceGeneration.get();
            List<EpDevice> devices = new ArrayList<>((int) n);
            for (long i = 0; i < n; i++) {
                MemorySegment d = array.getAtIndex(C_POINTER, i);
                Native.enter("EpDevice_* and HardwareDevice_* getters", d);
                MemorySegment hw = OrtApi.EpDevice_Device.invoke(OrtApi.EpDevice_Device(api), d);
                HardwareDevice hardware = new HardwareDevice(
                        DeviceType.of(OrtApi.HardwareDevice_Type.invoke(OrtApi.HardwareDevice_Type(api), hw)),
                        OrtApi.HardwareDevice_VendorId.invoke(OrtApi.HardwareDevice_VendorId(api), hw),
                        Objects.requireNonNullElse(Native.string(OrtApi.HardwareDevice_Vendor.invoke(OrtApi.HardwareDevice_Vendor(api), hw)), ""),
                        OrtApi.HardwareDevice_DeviceId.invoke(OrtApi.HardwareDevice_DeviceId(api), hw),
                        Native.keyValues(OrtApi.HardwareDevice_Metadata.invoke(OrtApi.HardwareDevice_Metadata(api), hw)));
                devices.add(new EpDevice(this, generation, d,
                        Native.string(OrtApi.EpDevice_EpName.invoke(OrtApi.EpDevice_EpName(api), d)),
                        Objects.requireNonNullElse(Native.string(OrtApi.EpDevice_EpVendor.invoke(OrtApi.EpDevice_EpVendor(api), d)), ""),
                        Native.keyValues(OrtApi.EpDevice_EpMetadata.invoke(OrtApi.EpDevice_EpMetadata(api), d)),
                        Native.keyValues(OrtApi.EpDevice_EpOptions.invoke(OrtApi.EpDevice_EpOptions(api), d)),
                        hardware));
                Native.exit("EpDevice_* and HardwareDevice_* getters");
            }
            return List.copyOf(devices);
        } finally {
            release();
        }
    }

    /** The devices of one execution provider, optionally of one hardware type (null: any). */
    public List<EpDevice> epDevices(String epName, DeviceType type) {
        Objects.requireNonNull(epName, "epName");
        List<EpDevice> all = epDevices();
        List<EpDevice> picked = all.stream()
                .filter(d -> d.epName().equals(epName) && (type == null || d.device().type() == type)).toList();
        if (picked.isEmpty()) {
            throw new IllegalArgumentException("no EP device for " + epName + (type == null ? "" : " on " + type)
                    + "; available: " + all + "; libraries registered here: " + registered
                    + ". Register the provider's library first (registerExecutionProviderLibrary), under the EP's"
                    + " own name for plugins that take it from the registration, or pick one of the available devices");
        }
        return picked;
    }

    void checkDeviceGeneration(long generation, EpDevice device) {
        if (isClosed() || generation != deviceGeneration.get()) {
            throw new IllegalStateException("EP device " + device + " is no longer valid: its environment was closed"
                    + " or a provider library was unregistered since it was listed; call epDevices() again");
        }
    }

    @Override
    protected void onClose() {
        deviceGeneration.incrementAndGet();
    }

    @Override
    protected void free(MemorySegment handle) {
        Native.enter("ReleaseEnv", handle);
        OrtApi.ReleaseEnv.invoke(OrtApi.ReleaseEnv(Native.api()), handle);
        Native.exit("ReleaseEnv");
    }

    /** The logging upcall: one stub for the process, since ONNX Runtime may keep the first logger it saw. */
    private static final class LogSink {
        static final MemorySegment STUB = OrtLoggingFunction.allocate(LogSink::log, Arena.global());

        private static void log(MemorySegment param, int severity, MemorySegment category, MemorySegment logId,
                                MemorySegment codeLocation, MemorySegment message) {
            // An exception escaping an upcall kills the JVM: never let one out.
            try {
                LogLevel level = LogLevel.of(severity);
                if (LOG.isLoggable(level.javaLevel())) {
                    LOG.log(level.javaLevel(), "[" + Native.string(logId) + "] " + Native.string(category) + " "
                            + Native.string(codeLocation) + ": " + Native.string(message));
                }
            } catch (Throwable ignored) {
                // Logging must not take the process down.
            }
        }
    }
}
