package org.eppanama.openvino;

import static org.eppanama.bindings.openvino.OpenVino.C_POINTER;

import java.lang.foreign.MemorySegment;
import java.util.function.Supplier;
import org.eppanama.bindings.openvino.OpenVino;

/** The one place that turns ov_status_e into exceptions and moves strings across the boundary. */
final class Ov {
    private Ov() {
    }

    /** Throws an {@link OpenVinoException} for a non-OK status. */
    static void check(String function, int status) {
        check(function, status, null);
    }

    /** Throws an {@link OpenVinoException} for a non-OK status, adding {@code fix} (what to do about it) when given. */
    static void check(String function, int status, Supplier<String> fix) {
        if (status != OpenVino.OK()) {
            // The message first: the fix may make calls that replace it.
            String message = lastErrorMessage();
            throw new OpenVinoException(function, Status.of(status), message, fix == null ? null : fix.get());
        }
    }

    /**
     * ov_get_last_err_msg: a copy of OpenVINO's last message, freed here. The header declares the function
     * without a prototype, so jextract binds it as variadic: it is invoked with no arguments.
     */
    private static String lastErrorMessage() {
        String message = takeString(OpenVino.ov_get_last_err_msg.makeInvoker().apply());
        return message == null ? "" : message.strip();
    }

    /** A NUL-terminated UTF-8 string owned by native code; null for NULL. */
    static String string(MemorySegment cString) {
        return cString.equals(MemorySegment.NULL) ? null : cString.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** Copies and frees (ov_free) a string OpenVINO allocated for the caller; null for NULL. */
    static String takeString(MemorySegment cString) {
        String s = string(cString);
        if (s != null) {
            OpenVino.ov_free(cString);
        }
        return s;
    }

    /** Reads the pointer an out-parameter received. */
    static MemorySegment out(MemorySegment slot) {
        return slot.get(C_POINTER, 0);
    }
}
