package org.eppanama.runtime;

import static org.eppanama.bindings.ort.OnnxRuntime.C_POINTER;
import static org.eppanama.bindings.ort.OnnxRuntime.OrtArenaAllocator;
import static org.eppanama.bindings.ort.OnnxRuntime.OrtMemTypeDefault;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.eppanama.bindings.ort.OrtApi;

/** Process-wide CPU memory info and default allocator; ONNX Runtime owns the allocator, neither is ever released. */
final class CpuMemory {
    /** OrtMemoryInfo for CPU memory, as the tensors over caller segments declare it. */
    static final MemorySegment INFO = createInfo();

    private CpuMemory() {
    }

    private static MemorySegment createInfo() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            Native.enter("CreateCpuMemoryInfo");
            Native.check("CreateCpuMemoryInfo", OrtApi.CreateCpuMemoryInfo.invoke(OrtApi.CreateCpuMemoryInfo(Native.api()),
                    OrtArenaAllocator(), OrtMemTypeDefault(), out));
            return Native.out(out);
        }
    }

    /** GetAllocatorWithDefaultOptions: the CPU allocator ONNX Runtime owns. */
    static MemorySegment allocator() {
        return Holder.ALLOCATOR;
    }

    private static final class Holder {
        static final MemorySegment ALLOCATOR = create();

        private static MemorySegment create() {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment out = arena.allocate(C_POINTER);
                Native.enter("GetAllocatorWithDefaultOptions");
                Native.check("GetAllocatorWithDefaultOptions", OrtApi.GetAllocatorWithDefaultOptions.invoke(
                        OrtApi.GetAllocatorWithDefaultOptions(Native.api()), out));
                return Native.out(out);
            }
        }
    }
}
