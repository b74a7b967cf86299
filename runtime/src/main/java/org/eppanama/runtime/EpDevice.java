package org.eppanama.runtime;

import java.lang.foreign.MemorySegment;
import java.util.Map;

/**
 * An OrtEpDevice: one execution provider paired with one hardware device, as returned by
 * {@link Environment#epDevices()}. ONNX Runtime owns it; it stays valid while its environment is open
 * and its provider library registered. Using it after that throws {@link IllegalStateException}.
 */
public final class EpDevice {
    private final Environment env;
    private final long generation;
    private final MemorySegment handle;
    private final String epName;
    private final String epVendor;
    private final Map<String, String> epMetadata;
    private final Map<String, String> epOptions;
    private final HardwareDevice device;

    EpDevice(Environment env, long generation, MemorySegment handle, String epName, String epVendor,
             Map<String, String> epMetadata, Map<String, String> epOptions, HardwareDevice device) {
        this.env = env;
        this.generation = generation;
        this.handle = handle;
        this.epName = epName;
        this.epVendor = epVendor;
        this.epMetadata = Map.copyOf(epMetadata);
        this.epOptions = Map.copyOf(epOptions);
        this.device = device;
    }

    /** Execution provider name, e.g. "CPUExecutionProvider", "QNNExecutionProvider". */
    public String epName() {
        return epName;
    }

    public String epVendor() {
        return epVendor;
    }

    public Map<String, String> epMetadata() {
        return epMetadata;
    }

    /** Default provider options the EP reports for this device. */
    public Map<String, String> epOptions() {
        return epOptions;
    }

    public HardwareDevice device() {
        return device;
    }

    public Environment environment() {
        return env;
    }

    /** The raw {@code const OrtEpDevice*}; throws if its environment or library is gone. */
    public MemorySegment handle() {
        env.checkDeviceGeneration(generation, this);
        return handle;
    }

    @Override
    public String toString() {
        return epName + " on " + device.type() + " (vendor " + device.vendor() + ", vendor id 0x"
                + Integer.toHexString(device.vendorId()) + ", device id 0x" + Integer.toHexString(device.deviceId()) + ")";
    }
}
