package org.eppanama.runtime;

import static org.eppanama.bindings.ort.OnnxRuntime.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eppanama.bindings.ort.OrtApi;

/**
 * OrtSessionOptions. Each setter calls the C API at once and returns {@code this}, so options chain:
 * <pre>{@code
 * try (var opts = SessionOptions.create()
 *         .graphOptimizationLevel(GraphOptimizationLevel.ENABLE_ALL)
 *         .appendExecutionProvider(env.epDevices("CPUExecutionProvider", DeviceType.CPU), Map.of())) { ... }
 * }</pre>
 */
public final class SessionOptions extends NativeObject {
    /** Session config key of the folder that external data is read from when a model is loaded from bytes. */
    public static final String EXTERNAL_DATA_FOLDER_KEY = "session.model_external_initializers_file_folder_path";
    /** Session config key that turns off the CPU EP fallback, so a node the chosen EP cannot run is an error. */
    public static final String DISABLE_CPU_EP_FALLBACK_KEY = "session.disable_cpu_ep_fallback";
    /** Session config key: "1" makes the session write an EPContext model of what the EPs compiled. */
    public static final String EP_CONTEXT_ENABLE_KEY = "ep.context_enable";
    /** Session config key: where the EPContext model is written (default: next to the input, "_ctx.onnx"). */
    public static final String EP_CONTEXT_FILE_PATH_KEY = "ep.context_file_path";
    /** Session config key: "1" embeds the EP's context binary in the model, "0" writes it to a file beside it. */
    public static final String EP_CONTEXT_EMBED_MODE_KEY = "ep.context_embed_mode";

    private final Map<String, String> configEntries = new LinkedHashMap<>();
    private final List<String> providers = new ArrayList<>();
    /** Provider options appended through the V2 call, by EP name. */
    private final Map<String, Map<String, String>> providerOptions = new LinkedHashMap<>();
    /** The plugin library of each appended EP, by EP name: to read its context binaries, to name its version. */
    private final Map<String, Path> epLibraries = new LinkedHashMap<>();
    private boolean epContextOutsideModelFolderAllowed;
    /** External initializer buffers ONNX Runtime reads during session creation: kept reachable until then. */
    private final List<MemorySegment> keptBuffers = new ArrayList<>();

    private SessionOptions(MemorySegment handle) {
        super("SessionOptions", handle);
    }

    public static SessionOptions create() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            Native.enter("CreateSessionOptions");
            Native.check("CreateSessionOptions", OrtApi.CreateSessionOptions.invoke(OrtApi.CreateSessionOptions(Native.api()), out));
            return new SessionOptions(Native.out(out));
        }
    }

    public SessionOptions graphOptimizationLevel(GraphOptimizationLevel level) {
        Objects.requireNonNull(level, "level");
        Native.enter("SetSessionGraphOptimizationLevel", handle(), level);
        Native.check("SetSessionGraphOptimizationLevel", OrtApi.SetSessionGraphOptimizationLevel.invoke(
                OrtApi.SetSessionGraphOptimizationLevel(Native.api()), handle(), level.code()));
        return this;
    }

    /** Threads of the intra-op pool; 0 lets ONNX Runtime choose. */
    public SessionOptions intraOpThreads(int threads) {
        requireNonNegative(threads, "intraOpThreads");
        Native.enter("SetIntraOpNumThreads", handle(), threads);
        Native.check("SetIntraOpNumThreads", OrtApi.SetIntraOpNumThreads.invoke(OrtApi.SetIntraOpNumThreads(Native.api()), handle(), threads));
        return this;
    }

    /** Threads of the inter-op pool (parallel execution mode); 0 lets ONNX Runtime choose. */
    public SessionOptions interOpThreads(int threads) {
        requireNonNegative(threads, "interOpThreads");
        Native.enter("SetInterOpNumThreads", handle(), threads);
        Native.check("SetInterOpNumThreads", OrtApi.SetInterOpNumThreads.invoke(OrtApi.SetInterOpNumThreads(Native.api()), handle(), threads));
        return this;
    }

    public SessionOptions executionMode(ExecutionMode mode) {
        Objects.requireNonNull(mode, "mode");
        Native.enter("SetSessionExecutionMode", handle(), mode);
        Native.check("SetSessionExecutionMode", OrtApi.SetSessionExecutionMode.invoke(
                OrtApi.SetSessionExecutionMode(Native.api()), handle(), mode.ordinal()));
        return this;
    }

    /** AddSessionConfigEntry (keys from onnxruntime_session_options_config_keys.h, or an EP's own). */
    public SessionOptions configEntry(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        try (Arena arena = Arena.ofConfined()) {
            Native.enter("AddSessionConfigEntry", handle(), key, value);
            Native.check("AddSessionConfigEntry", OrtApi.AddSessionConfigEntry.invoke(OrtApi.AddSessionConfigEntry(Native.api()),
                    handle(), arena.allocateFrom(key), arena.allocateFrom(value)));
        }
        configEntries.put(key, value);
        return this;
    }

    /** Fixes a symbolic dimension (dim_param) to a value, e.g. "batch" to 1. */
    public SessionOptions freeDimensionOverride(String dimName, long value) {
        Objects.requireNonNull(dimName, "dimName");
        requireNonNegative(value, "free dimension '" + dimName + "'");
        try (Arena arena = Arena.ofConfined()) {
            Native.enter("AddFreeDimensionOverrideByName", handle(), dimName, value);
            Native.check("AddFreeDimensionOverrideByName", OrtApi.AddFreeDimensionOverrideByName.invoke(
                    OrtApi.AddFreeDimensionOverrideByName(Native.api()), handle(), arena.allocateFrom(dimName), value));
        }
        return this;
    }

    /** Session log severity (default: the environment's). */
    public SessionOptions logSeverity(LogLevel level) {
        Objects.requireNonNull(level, "level");
        Native.enter("SetSessionLogSeverityLevel", handle(), level);
        Native.check("SetSessionLogSeverityLevel", OrtApi.SetSessionLogSeverityLevel.invoke(
                OrtApi.SetSessionLogSeverityLevel(Native.api()), handle(), level.ordinal()));
        return this;
    }

    public SessionOptions logId(String logId) {
        Objects.requireNonNull(logId, "logId");
        try (Arena arena = Arena.ofConfined()) {
            Native.enter("SetSessionLogId");
            Native.check("SetSessionLogId", OrtApi.SetSessionLogId.invoke(OrtApi.SetSessionLogId(Native.api()), handle(), arena.allocateFrom(logId)));
        }
        return this;
    }

    /** EnableProfiling: a JSON trace is written to {@code <prefix>_<timestamp>.json}; {@link Session#endProfiling()} names it. */
    public SessionOptions enableProfiling(Path filePrefix) {
        Objects.requireNonNull(filePrefix, "filePrefix");
        try (Arena arena = Arena.ofConfined()) {
            Native.enter("EnableProfiling", handle(), filePrefix.toString());
            Native.check("EnableProfiling", OrtApi.EnableProfiling.invoke(OrtApi.EnableProfiling(Native.api()), handle(),
                    arena.allocateFrom(filePrefix.toString())));
        }
        return this;
    }

    /** SetOptimizedModelFilePath: ONNX Runtime writes the graph it optimized to this file at session creation. */
    public SessionOptions optimizedModelPath(Path path) {
        Objects.requireNonNull(path, "path");
        try (Arena arena = Arena.ofConfined()) {
            Native.enter("SetOptimizedModelFilePath", handle(), path.toString());
            Native.check("SetOptimizedModelFilePath", OrtApi.SetOptimizedModelFilePath.invoke(OrtApi.SetOptimizedModelFilePath(Native.api()),
                    handle(), arena.allocateFrom(path.toString())));
        }
        return this;
    }

    /**
     * AddExternalInitializersFromFilesInMemory: external-data files the model names (by their location
     * string) served from memory instead of disk. The segments must stay alive until the session is created.
     */
    public SessionOptions externalInitializerFiles(Map<String, MemorySegment> files) {
        Objects.requireNonNull(files, "files");
        if (files.isEmpty()) {
            return this;
        }
        try (Arena arena = Arena.ofConfined()) {
            int n = files.size();
            MemorySegment names = arena.allocate(C_POINTER, n);
            MemorySegment buffers = arena.allocate(C_POINTER, n);
            MemorySegment lengths = arena.allocate(ValueLayout.JAVA_LONG, n);
            int i = 0;
            for (Map.Entry<String, MemorySegment> e : files.entrySet()) {
                MemorySegment data = Objects.requireNonNull(e.getValue(), "buffer of " + e.getKey());
                if (!data.isNative()) {
                    throw new IllegalArgumentException("external initializer file '" + e.getKey()
                            + "' must be a native segment (from an Arena), not a heap segment");
                }
                names.setAtIndex(C_POINTER, i, arena.allocateFrom(e.getKey()));
                buffers.setAtIndex(C_POINTER, i, data);
                lengths.setAtIndex(ValueLayout.JAVA_LONG, i, data.byteSize());
                i++;
            }
            Native.enter("AddExternalInitializersFromFilesInMemory", handle(), files);
            Native.check("AddExternalInitializersFromFilesInMemory", OrtApi.AddExternalInitializersFromFilesInMemory.invoke(
                    OrtApi.AddExternalInitializersFromFilesInMemory(Native.api()), handle(), names, buffers, lengths, n));
            keptBuffers.addAll(files.values());
        }
        return this;
    }

    /** The folder external data files are read from when the model itself is given as bytes. */
    public SessionOptions externalDataFolder(Path folder) {
        Objects.requireNonNull(folder, "folder");
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("external data folder " + folder + " does not exist");
        }
        return configEntry(EXTERNAL_DATA_FOLDER_KEY, folder.toAbsolutePath().toString());
    }

    /**
     * SessionOptionsAppendExecutionProvider_V2: the provider of {@code devices} (all of one EP) runs the
     * nodes it supports on those devices; {@code options} are that provider's options.
     */
    public SessionOptions appendExecutionProvider(List<EpDevice> devices, Map<String, String> options) {
        Objects.requireNonNull(devices, "devices");
        Objects.requireNonNull(options, "options");
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("no EP devices given: pick some from Environment.epDevices()");
        }
        Environment env = devices.getFirst().environment();
        String ep = devices.getFirst().epName();
        for (EpDevice d : devices) {
            if (d.environment() != env || !d.epName().equals(ep)) {
                throw new IllegalArgumentException("all devices must belong to one environment and one EP; got " + devices);
            }
        }
        EpOptionKeys.check(ep, options);
        MemorySegment envHandle = env.retain();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment array = arena.allocate(C_POINTER, devices.size());
            for (int i = 0; i < devices.size(); i++) {
                array.setAtIndex(C_POINTER, i, devices.get(i).handle());
            }
            List<String> keys = List.copyOf(options.keySet());
            List<String> values = keys.stream().map(options::get).toList();
            Native.enter("SessionOptionsAppendExecutionProvider_V2", handle(), envHandle, devices, options);
            Native.check("SessionOptionsAppendExecutionProvider_V2", OrtApi.SessionOptionsAppendExecutionProvider_V2.invoke(
                    OrtApi.SessionOptionsAppendExecutionProvider_V2(Native.api()), handle(), envHandle, array, devices.size(),
                    Native.cStrings(arena, keys), Native.cStrings(arena, values), keys.size()));
            providers.add(ep);
            providerOptions.put(ep, Map.copyOf(options));
            devices.stream().map(d -> d.epMetadata().get("library_path")).filter(Objects::nonNull).findFirst()
                    .ifPresent(lib -> epLibraries.put(ep, Path.of(lib)));
        } finally {
            env.release();
        }
        return this;
    }

    /**
     * The V2 append with typed options ({@link QnnOptions}, {@link OpenVinoOptions}); the devices must be of
     * the EP the options are for.
     */
    public SessionOptions appendExecutionProvider(List<EpDevice> devices, ProviderOptions options) {
        Objects.requireNonNull(devices, "devices");
        Objects.requireNonNull(options, "options");
        for (EpDevice d : devices) {
            if (!d.epName().equals(options.epName())) {
                throw new IllegalArgumentException("options for " + options.epName() + " cannot go with device " + d
                        + ": pick devices with env.epDevices(\"" + options.epName() + "\", type); a plugin that takes its"
                        + " EP name from the registration (QNN) must be registered as \"" + options.epName() + "\"");
            }
        }
        return appendExecutionProvider(devices, options.asMap());
    }

    /**
     * Has the session write an EPContext model to {@code model} when it is created: the EPs' compiled form,
     * loadable later without compiling again. {@code embed}: the context binary inside the model (embed_mode 1)
     * or in a file beside it (embed_mode 0).
     */
    public SessionOptions epContextOutput(Path model, boolean embed) {
        Objects.requireNonNull(model, "model");
        return configEntry(EP_CONTEXT_ENABLE_KEY, "1")
                .configEntry(EP_CONTEXT_FILE_PATH_KEY, model.toAbsolutePath().toString())
                .configEntry(EP_CONTEXT_EMBED_MODE_KEY, embed ? "1" : "0");
    }

    /**
     * Lets an EPContext model name a context binary outside its own folder (an absolute path, "..", or a
     * link leading out). Off by default: {@link Session} refuses such a model before ONNX Runtime reads it.
     */
    public SessionOptions allowEpContextOutsideModelFolder(boolean allow) {
        handle();
        this.epContextOutsideModelFolderAllowed = allow;
        return this;
    }

    boolean epContextOutsideModelFolderAllowed() {
        return epContextOutsideModelFolderAllowed;
    }

    /** The options appended for {@code epName} through the V2 call, or an empty map. */
    Map<String, String> providerOptions(String epName) {
        return providerOptions.getOrDefault(epName, Map.of());
    }

    /** The plugin library the appended {@code epName} devices came from, or null. */
    Path epLibrary(String epName) {
        return epLibraries.get(epName);
    }

    /** What the packages of the appended plugin libraries say of them, to name their versions if a session refuses them. */
    List<EpLibraryInfo> appendedLibraries() {
        return epLibraries.values().stream().distinct().map(EpLibraryInfo::of).toList();
    }

    /**
     * SessionOptionsAppendExecutionProvider: the legacy append by provider name (e.g. "QNN", "OpenVINO",
     * "XNNPACK") with string options.
     */
    public SessionOptions appendExecutionProvider(String providerName, Map<String, String> options) {
        Objects.requireNonNull(providerName, "providerName");
        Objects.requireNonNull(options, "options");
        try (Arena arena = Arena.ofConfined()) {
            List<String> keys = List.copyOf(options.keySet());
            List<String> values = keys.stream().map(options::get).toList();
            Native.enter("SessionOptionsAppendExecutionProvider", handle(), providerName, options);
            Native.check("SessionOptionsAppendExecutionProvider", OrtApi.SessionOptionsAppendExecutionProvider.invoke(
                    OrtApi.SessionOptionsAppendExecutionProvider(Native.api()), handle(), arena.allocateFrom(providerName),
                    Native.cStrings(arena, keys), Native.cStrings(arena, values), keys.size()));
        }
        providers.add(providerName);
        return this;
    }

    /** Config entries set through this object, in order. */
    public Map<String, String> configEntries() {
        return Map.copyOf(configEntries);
    }

    /** Providers appended through this object, in order. */
    public List<String> appendedProviders() {
        return List.copyOf(providers);
    }

    /** The raw {@code OrtSessionOptions*}, for calls this class does not wrap. */
    public MemorySegment rawHandle() {
        return handle();
    }

    private static void requireNonNegative(long v, String what) {
        if (v < 0) {
            throw new IllegalArgumentException(what + " must be >= 0, got " + v);
        }
    }

    @Override
    protected void free(MemorySegment handle) {
        keptBuffers.clear();
        Native.enter("ReleaseSessionOptions", handle);
        OrtApi.ReleaseSessionOptions.invoke(OrtApi.ReleaseSessionOptions(Native.api()), handle);
        Native.exit("ReleaseSessionOptions");
    }
}
