package org.eppanama.runtime;

import java.util.Map;

/** An OrtHardwareDevice as ONNX Runtime describes it. */
public record HardwareDevice(DeviceType type, int vendorId, String vendor, int deviceId, Map<String, String> metadata) {
    public HardwareDevice {
        metadata = Map.copyOf(metadata);
    }
}
