package org.eppanama.runtime;

import static org.eppanama.bindings.ort.OnnxRuntime.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eppanama.bindings.ort.OrtApi;

/** The one place that turns OrtStatus into exceptions and moves strings across the boundary. */
final class Native {
    private Native() {
    }

    /** The OrtApi table of the loaded library (loads it on first use). */
    static MemorySegment api() {
        return Holder.API;
    }

    private static final class Holder {
        static final MemorySegment API = OrtLibrary.get().api();
    }

    /** Records, when {@link CallTrace} is on, that {@code function} is about to be called with {@code args}. */
    static void enter(String function, Object... args) {
        if (CallTrace.ENABLED) {
            CallTrace.enter(function, args);
        }
    }

    /** Records, when {@link CallTrace} is on, that a call returning no status came back. */
    static void exit(String function) {
        if (CallTrace.ENABLED) {
            CallTrace.exit(function, "returned");
        }
    }

    /** Throws an {@link OrtException} for a non-null status, releasing the status first. */
    static void check(String function, MemorySegment status) {
        if (status.equals(MemorySegment.NULL)) {
            if (CallTrace.ENABLED) {
                CallTrace.exit(function, "ok");
            }
            return;
        }
        MemorySegment api = api();
        int code = OrtApi.GetErrorCode.invoke(OrtApi.GetErrorCode(api), status);
        String message = string(OrtApi.GetErrorMessage.invoke(OrtApi.GetErrorMessage(api), status));
        OrtApi.ReleaseStatus.invoke(OrtApi.ReleaseStatus(api), status);
        OrtException e = new OrtException(function, ErrorCode.of(code), message);
        if (CallTrace.ENABLED) {
            CallTrace.exit(function, "ORT_" + e.code() + ": " + message);
        }
        throw e;
    }

    /** A NUL-terminated UTF-8 string owned by native code; null for NULL. */
    static String string(MemorySegment cString) {
        return cString.equals(MemorySegment.NULL) ? null : cString.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** Reads the pointer an out-parameter received. */
    static MemorySegment out(MemorySegment slot) {
        return slot.get(C_POINTER, 0);
    }

    /** A {@code const char* const*} array of the given strings. */
    static MemorySegment cStrings(SegmentAllocator alloc, Collection<String> values) {
        MemorySegment array = alloc.allocate(C_POINTER, Math.max(1, values.size()));
        int i = 0;
        for (String v : values) {
            array.setAtIndex(C_POINTER, i++, alloc.allocateFrom(v));
        }
        return array;
    }

    /** Reads an {@code OrtKeyValuePairs*} (not owned) into an ordered map. */
    static Map<String, String> keyValues(MemorySegment kvps) {
        Map<String, String> map = new LinkedHashMap<>();
        if (kvps.equals(MemorySegment.NULL)) {
            return map;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment keys = arena.allocate(C_POINTER);
            MemorySegment values = arena.allocate(C_POINTER);
            MemorySegment count = arena.allocate(ValueLayout.JAVA_LONG);
            enter("GetKeyValuePairs", kvps);
            OrtApi.GetKeyValuePairs.invoke(OrtApi.GetKeyValuePairs(api()), kvps, keys, values, count);
            exit("GetKeyValuePairs");
            long n = count.get(ValueLayout.JAVA_LONG, 0);
            MemorySegment k = out(keys).reinterpret(n * C_POINTER.byteSize());
            MemorySegment v = out(values).reinterpret(n * C_POINTER.byteSize());
            for (long i = 0; i < n; i++) {
                map.put(string(k.getAtIndex(C_POINTER, i)), string(v.getAtIndex(C_POINTER, i)));
            }
        }
        return map;
    }

    /** Copies and frees a string ONNX Runtime allocated with the default CPU allocator. */
    static String takeString(MemorySegment cString) {
        String s = string(cString);
        freeAllocated(cString);
        return s;
    }

    /** Frees memory ONNX Runtime allocated with the default CPU allocator; NULL is ignored. */
    static void freeAllocated(MemorySegment p) {
        if (!p.equals(MemorySegment.NULL)) {
            enter("AllocatorFree", p);
            check("AllocatorFree", OrtApi.AllocatorFree.invoke(OrtApi.AllocatorFree(api()), CpuMemory.allocator(), p));
        }
    }
}
