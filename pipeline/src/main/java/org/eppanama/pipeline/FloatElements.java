package org.eppanama.pipeline;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.eppanama.runtime.ElementType;

/** Reads and writes FLOAT or FLOAT16 tensor memory as Java floats (fp16 model variants may take either). */
final class FloatElements {
    private FloatElements() {
    }

    static void requireFloat(ElementType type, String what) {
        if (type != ElementType.FLOAT && type != ElementType.FLOAT16) {
            throw new ModelFolderException(what + " is " + type + "; expected FLOAT or FLOAT16");
        }
    }

    static float get(MemorySegment s, ElementType type, long index) {
        return type == ElementType.FLOAT ? s.getAtIndex(ValueLayout.JAVA_FLOAT, index)
                : Float.float16ToFloat(s.getAtIndex(ValueLayout.JAVA_SHORT, index));
    }

    static void set(MemorySegment s, ElementType type, long index, float value) {
        if (type == ElementType.FLOAT) {
            s.setAtIndex(ValueLayout.JAVA_FLOAT, index, value);
        } else {
            s.setAtIndex(ValueLayout.JAVA_SHORT, index, Float.floatToFloat16(value));
        }
    }

    /** Reads an INT32 or INT64 scalar. */
    static long getInteger(MemorySegment s, ElementType type) {
        return type == ElementType.INT64 ? s.get(ValueLayout.JAVA_LONG, 0) : s.get(ValueLayout.JAVA_INT, 0);
    }

    /** Writes an INT32 or INT64 scalar. */
    static void setInteger(MemorySegment s, ElementType type, long value) {
        if (type == ElementType.INT64) {
            s.set(ValueLayout.JAVA_LONG, 0, value);
        } else {
            s.set(ValueLayout.JAVA_INT, 0, Math.toIntExact(value));
        }
    }
}
