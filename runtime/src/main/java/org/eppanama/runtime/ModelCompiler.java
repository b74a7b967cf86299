package org.eppanama.runtime;

import static org.eppanama.bindings.ort.OnnxRuntime.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Objects;
import org.eppanama.bindings.ort.OnnxRuntime;
import org.eppanama.bindings.ort.OrtApi;
import org.eppanama.bindings.ort.OrtCompileApi;

/**
 * OrtModelCompilationOptions and CompileModel (OrtCompileApi): compiles a model ahead of time into an
 * EPContext model with the execution providers appended to a {@link SessionOptions}, without creating a
 * session to run it.
 * <pre>{@code
 * try (ModelCompiler c = ModelCompiler.create(env, qnnSessionOptions)) {
 *     c.inputModel(modelBytes).outputModel(dir.resolve("model_ctx.onnx")).embedEpContext(false)
 *      .requireCompiledNodes().compile();
 * }
 * }</pre>
 */
public final class ModelCompiler extends NativeObject {
    private final Environment env;
    /** Holds an input model given as bytes until the compiler is released: ONNX Runtime reads it at compile(). */
    private final Arena inputArena = Arena.ofShared();

    private ModelCompiler(Environment env, MemorySegment handle) {
        super("ModelCompiler", handle);
        this.env = env;
    }

    /** The OrtCompileApi table of the loaded library. */
    static MemorySegment compileApi() {
        return OrtApi.GetCompileApi.invoke(OrtApi.GetCompileApi(Native.api())).reinterpret(OrtCompileApi.layout().byteSize());
    }

    /** CreateModelCompilationOptionsFromSessionOptions: the EPs and their options come from {@code options}. */
    public static ModelCompiler create(Environment env, SessionOptions options) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(options, "options");
        MemorySegment envHandle = env.retain();
        MemorySegment opts = options.retain();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            Native.enter("CreateModelCompilationOptionsFromSessionOptions", envHandle, opts);
            Native.check("CreateModelCompilationOptionsFromSessionOptions",
                    OrtCompileApi.CreateModelCompilationOptionsFromSessionOptions.invoke(
                            OrtCompileApi.CreateModelCompilationOptionsFromSessionOptions(compileApi()), envHandle, opts, out));
            return new ModelCompiler(env, Native.out(out));
        } finally {
            options.release();
            env.release();
        }
    }

    public ModelCompiler inputModel(Path model) {
        Objects.requireNonNull(model, "model");
        try (Arena arena = Arena.ofConfined()) {
            Native.enter("ModelCompilationOptions_SetInputModelPath");
            Native.check("ModelCompilationOptions_SetInputModelPath", OrtCompileApi.ModelCompilationOptions_SetInputModelPath.invoke(
                    OrtCompileApi.ModelCompilationOptions_SetInputModelPath(compileApi()), handle(),
                    arena.allocateFrom(model.toAbsolutePath().toString())));
        }
        return this;
    }

    /** The input model as bytes (copied; the copy lives as long as this compiler). */
    public ModelCompiler inputModel(byte[] model) {
        Objects.requireNonNull(model, "model");
        if (model.length == 0) {
            throw new IllegalArgumentException("model bytes are empty: pass the contents of an .onnx file");
        }
        MemorySegment copy = inputArena.allocateFrom(ValueLayout.JAVA_BYTE, model);
        Native.enter("ModelCompilationOptions_SetInputModelFromBuffer");
        Native.check("ModelCompilationOptions_SetInputModelFromBuffer", OrtCompileApi.ModelCompilationOptions_SetInputModelFromBuffer.invoke(
                OrtCompileApi.ModelCompilationOptions_SetInputModelFromBuffer(compileApi()), handle(), copy, copy.byteSize()));
        return this;
    }

    /** Where the EPContext model is written; with embed mode 0 the context binaries go beside it. */
    public ModelCompiler outputModel(Path model) {
        Objects.requireNonNull(model, "model");
        try (Arena arena = Arena.ofConfined()) {
            Native.enter("ModelCompilationOptions_SetOutputModelPath");
            Native.check("ModelCompilationOptions_SetOutputModelPath", OrtCompileApi.ModelCompilationOptions_SetOutputModelPath.invoke(
                    OrtCompileApi.ModelCompilationOptions_SetOutputModelPath(compileApi()), handle(),
                    arena.allocateFrom(model.toAbsolutePath().toString())));
        }
        return this;
    }

    /** true: the context binary inside the model (embed_mode 1); false: a file beside it (embed_mode 0). */
    public ModelCompiler embedEpContext(boolean embed) {
        Native.enter("ModelCompilationOptions_SetEpContextEmbedMode");
        Native.check("ModelCompilationOptions_SetEpContextEmbedMode", OrtCompileApi.ModelCompilationOptions_SetEpContextEmbedMode.invoke(
                OrtCompileApi.ModelCompilationOptions_SetEpContextEmbedMode(compileApi()), handle(), embed));
        return this;
    }

    /** Fails the compilation if no EP compiled any node, instead of writing a model that compiled nothing. */
    public ModelCompiler requireCompiledNodes() {
        Native.enter("ModelCompilationOptions_SetFlags");
        Native.check("ModelCompilationOptions_SetFlags", OrtCompileApi.ModelCompilationOptions_SetFlags.invoke(
                OrtCompileApi.ModelCompilationOptions_SetFlags(compileApi()), handle(),
                OnnxRuntime.OrtCompileApiFlags_ERROR_IF_NO_NODES_COMPILED()));
        return this;
    }

    /** CompileModel. */
    public void compile() {
        MemorySegment envHandle = env.retain();
        try {
            Native.enter("CompileModel");
            Native.check("CompileModel", OrtCompileApi.CompileModel.invoke(OrtCompileApi.CompileModel(compileApi()), envHandle, handle()));
        } finally {
            env.release();
        }
    }

    @Override
    protected void free(MemorySegment handle) {
        Native.enter("ReleaseModelCompilationOptions", handle);
        OrtCompileApi.ReleaseModelCompilationOptions.invoke(OrtCompileApi.ReleaseModelCompilationOptions(compileApi()), handle);
        Native.exit("ReleaseModelCompilationOptions");
        inputArena.close();
    }
}
