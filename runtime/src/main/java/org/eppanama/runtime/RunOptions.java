package org.eppanama.runtime;

import static org.eppanama.bindings.ort.OnnxRuntime.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.eppanama.bindings.ort.OrtApi;

/** OrtRunOptions: a tag for logs, a terminate flag another thread may set, per-run config entries. */
public final class RunOptions extends NativeObject {
    private RunOptions(MemorySegment handle) {
        super("RunOptions", handle);
    }

    public static RunOptions create() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            Native.enter("CreateRunOptions");
            Native.check("CreateRunOptions", OrtApi.CreateRunOptions.invoke(OrtApi.CreateRunOptions(Native.api()), out));
            return new RunOptions(Native.out(out));
        }
    }

    public RunOptions tag(String tag) {
        Objects.requireNonNull(tag, "tag");
        MemorySegment h = retain();
        try (Arena arena = Arena.ofConfined()) {
            Native.enter("RunOptionsSetRunTag", h, tag);
            Native.check("RunOptionsSetRunTag", OrtApi.RunOptionsSetRunTag.invoke(OrtApi.RunOptionsSetRunTag(Native.api()), h, arena.allocateFrom(tag)));
        } finally {
            release();
        }
        return this;
    }

    public RunOptions logSeverity(LogLevel level) {
        Objects.requireNonNull(level, "level");
        MemorySegment h = retain();
        try {
            Native.enter("RunOptionsSetRunLogSeverityLevel");
            Native.check("RunOptionsSetRunLogSeverityLevel", OrtApi.RunOptionsSetRunLogSeverityLevel.invoke(
                    OrtApi.RunOptionsSetRunLogSeverityLevel(Native.api()), h, level.ordinal()));
        } finally {
            release();
        }
        return this;
    }

    /** Asks every run using these options to stop as soon as it can; they fail with an OrtException. Thread-safe. */
    public RunOptions terminate() {
        MemorySegment h = retain();
        try {
            Native.enter("RunOptionsSetTerminate");
            Native.check("RunOptionsSetTerminate", OrtApi.RunOptionsSetTerminate.invoke(OrtApi.RunOptionsSetTerminate(Native.api()), h));
        } finally {
            release();
        }
        return this;
    }

    /** Clears the terminate flag so the options can be used again. */
    public RunOptions unsetTerminate() {
        MemorySegment h = retain();
        try {
            Native.enter("RunOptionsUnsetTerminate");
            Native.check("RunOptionsUnsetTerminate", OrtApi.RunOptionsUnsetTerminate.invoke(OrtApi.RunOptionsUnsetTerminate(Native.api()), h));
        } finally {
            release();
        }
        return this;
    }

    /** AddRunConfigEntry (keys from onnxruntime_run_options_config_keys.h). */
    public RunOptions configEntry(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        MemorySegment h = retain();
        try (Arena arena = Arena.ofConfined()) {
            Native.enter("AddRunConfigEntry", h, key, value);
            Native.check("AddRunConfigEntry", OrtApi.AddRunConfigEntry.invoke(OrtApi.AddRunConfigEntry(Native.api()), h,
                    arena.allocateFrom(key), arena.allocateFrom(value)));
        } finally {
            release();
        }
        return this;
    }

    @Override
    protected void free(MemorySegment handle) {
        Native.enter("ReleaseRunOptions", handle);
        OrtApi.ReleaseRunOptions.invoke(OrtApi.ReleaseRunOptions(Native.api()), handle);
        Native.exit("ReleaseRunOptions");
    }
}
