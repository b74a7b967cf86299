package org.eppanama.runtime;

/** OrtHardwareDeviceType. */
public enum DeviceType {
    CPU, GPU, NPU;

    static DeviceType of(int code) {
        DeviceType[] all = values();
        if (code < 0 || code >= all.length) {
            throw new IllegalArgumentException("unknown OrtHardwareDeviceType " + code);
        }
        return all[code];
    }
}
