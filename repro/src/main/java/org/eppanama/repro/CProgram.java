package org.eppanama.repro;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eppanama.runtime.ErrorCode;

/**
 * Writes a standalone C program that makes the scenario's C API calls in the order {@link ScenarioExecutor}
 * makes them, against a library it dlopens (the scenario's, or any given as its first argument). The helpers
 * (tracing, loading, device selection, input fill) are the fixed prelude resource; main() is generated.
 */
final class CProgram {
    private static final String PRELUDE = "reproducer-prelude.c";
    private static final String INDENT = "    ";

    private final StringBuilder out = new StringBuilder();

    private CProgram() {
    }

    /**
     * The program's source. {@code buildLine} and {@code library} go into its header comment and default
     * library path.
     */
    static String source(ScenarioFile file, Path library, String buildLine) {
        CProgram p = new CProgram();
        p.header(file, library, buildLine);
        p.out.append(prelude()).append('\n');
        p.errorCodes();
        p.main(file, library);
        return p.out.toString();
    }

    private void header(ScenarioFile file, Path library, String buildLine) {
        out.append("/*\n")
                .append(" * C reproducer of the eppanama scenario ").append(comment(file.path().toString())).append(",\n")
                .append(" * written by 'repro emit-c': the same ONNX Runtime C API calls, in the same order, with no JVM.\n")
                .append(" *\n")
                .append(" * Build: ").append(comment(buildLine)).append("\n")
                .append(" * Run:   ./<binary> [path/to/libonnxruntime.so]   (default ").append(comment(library.toString())).append(")\n")
                .append(" * Each call is written to stderr as ENTER/EXIT lines; the last ENTER without an EXIT is where it died.\n")
                .append(" */\n");
    }

    private static String prelude() {
        try (InputStream in = CProgram.class.getResourceAsStream(PRELUDE)) {
            if (in == null) {
                throw new IllegalStateException(PRELUDE + " is missing from the repro jar: rebuild eppanama-repro");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + PRELUDE + " from the repro jar", e);
        }
    }

    /** The names of OrtErrorCode values, as the Java runtime spells them (ErrorCode), so both traces agree. */
    private void errorCodes() {
        List<String> names = Arrays.stream(ErrorCode.values()).filter(c -> c != ErrorCode.UNKNOWN).map(Enum::name).toList();
        out.append("static const char *const ERROR_CODES[] = {")
                .append(names.stream().map(CProgram::literal).collect(Collectors.joining(", "))).append("};\n\n")
                .append("static const char *error_code_name(int code) {\n")
                .append("    return code >= 0 && code < ").append(names.size()).append(" ? ERROR_CODES[code] : \"UNKNOWN\";\n")
                .append("}\n\n");
    }

    private void main(ScenarioFile file, Path library) {
        Scenario s = file.scenario();
        out.append("int main(int argc, char **argv) {\n");
        line("report_fatal_signals();");
        line("load_api(argc > 1 ? argv[1] : " + literal(library.toString()) + ");");
        line("OrtEnv *env;");
        call("CreateEnvWithCustomLogger", "WARNING, \"eppanama\"",
                "CreateEnvWithCustomLogger(log_to_stderr, NULL, ORT_LOGGING_LEVEL_WARNING, \"eppanama\", &env)");
        line("OrtSessionOptions *options;");
        call("CreateSessionOptions", "", "CreateSessionOptions(&options)");
        for (Scenario.EpLibrary lib : s.epLibraries()) {
            String path = file.resolve(lib.path()).toString();
            call("RegisterExecutionProviderLibrary", "env, " + quoted(lib.name()) + ", " + quoted(path),
                    "RegisterExecutionProviderLibrary(env, " + literal(lib.name()) + ", " + literal(path) + ")");
        }
        file.graphOptimizationLevel().ifPresent(level -> call("SetSessionGraphOptimizationLevel", "options, " + level,
                "SetSessionGraphOptimizationLevel(options, ORT_" + level.name() + ")"));
        if (s.session().intraOpThreads() != null) {
            call("SetIntraOpNumThreads", "options, " + s.session().intraOpThreads(),
                    "SetIntraOpNumThreads(options, " + s.session().intraOpThreads() + ")");
        }
        if (s.session().interOpThreads() != null) {
            call("SetInterOpNumThreads", "options, " + s.session().interOpThreads(),
                    "SetInterOpNumThreads(options, " + s.session().interOpThreads() + ")");
        }
        s.sessionConfig().forEach((k, v) -> call("AddSessionConfigEntry", "options, " + quoted(k) + ", " + quoted(v),
                "AddSessionConfigEntry(options, " + literal(k) + ", " + literal(v) + ")"));
        if (s.device() != null) {
            v2Append(s.device().ep(), file.deviceType().map(t -> "OrtHardwareDeviceType_" + t.name()).orElse("-1 /* any */"),
                    s.providerOptions());
        }
        for (Scenario.LegacyProvider p : s.legacyProviders()) {
            legacyAppend(p);
        }
        session(file);
        out.append("}\n");
    }

    private void v2Append(String ep, String type, Map<String, String> options) {
        line("{");
        line(INDENT + "const OrtEpDevice *devices[64];");
        line(INDENT + "size_t device_count = select_devices(env, " + literal(ep) + ", " + type + ", devices, 64);");
        String kv = keyValues(options);
        call(INDENT, "SessionOptionsAppendExecutionProvider_V2", "options, env, " + quoted(ep) + " devices, " + options,
                "SessionOptionsAppendExecutionProvider_V2(options, env, devices, device_count, " + kv + ")");
        line("}");
    }

    private void legacyAppend(Scenario.LegacyProvider p) {
        line("{");
        String kv = keyValues(p.options());
        call(INDENT, "SessionOptionsAppendExecutionProvider", "options, " + quoted(p.name()) + ", " + p.options(),
                "SessionOptionsAppendExecutionProvider(options, " + literal(p.name()) + ", " + kv + ")");
        line("}");
    }

    /** Declares {@code keys}/{@code values} arrays in the current block; returns the call's three arguments. */
    private String keyValues(Map<String, String> options) {
        if (options.isEmpty()) {
            return "NULL, NULL, 0";
        }
        line(INDENT + "const char *keys[] = {" + options.keySet().stream().map(CProgram::literal).collect(Collectors.joining(", ")) + "};");
        line(INDENT + "const char *values[] = {" + options.values().stream().map(CProgram::literal).collect(Collectors.joining(", ")) + "};");
        return "keys, values, " + options.size();
    }

    private void session(ScenarioFile file) {
        Path model = file.model();
        List<InputSpec> inputs = file.inputs();
        line("size_t model_size;");
        line("void *model = read_file(" + literal(model.toString()) + ", &model_size);");
        line("OrtSession *session;");
        call("CreateSessionFromArray", "env, " + quoted(model.toString()) + " bytes, options",
                "CreateSessionFromArray(env, model, model_size, options, &session)");
        line("OrtAllocator *allocator;");
        call("GetAllocatorWithDefaultOptions", "", "GetAllocatorWithDefaultOptions(&allocator)");
        line("size_t output_count;");
        call("SessionGetOutputCount", "session", "SessionGetOutputCount(session, &output_count)");
        line("char **output_names = calloc(output_count + 1, sizeof *output_names);");
        line("for (size_t i = 0; i < output_count; i++) {");
        call(INDENT, "SessionGetOutputName", "session, i", "SessionGetOutputName(session, i, allocator, &output_names[i])");
        line("}");
        tensors(inputs);
        line("for (int run = 0; run < " + file.scenario().runs() + "; run++) {");
        line(INDENT + "OrtValue **outputs = calloc(output_count + 1, sizeof *outputs);");
        String names = inputs.isEmpty() ? "NULL" : "input_names";
        String values = inputs.isEmpty() ? "NULL" : "inputs";
        call(INDENT, "Run", "session, NULL, " + inputs.stream().map(InputSpec::name).toList() + ", all outputs",
                "Run(session, NULL, " + names + ", " + values + ", " + inputs.size()
                        + ", (const char *const *)output_names, output_count, outputs)");
        line(INDENT + "for (size_t i = 0; i < output_count; i++) {");
        voidCall(INDENT + INDENT, "ReleaseValue", "output", "ReleaseValue(outputs[i])");
        line(INDENT + "}");
        line(INDENT + "free(outputs);");
        line("}");
        for (int i = 0; i < inputs.size(); i++) {
            voidCall("", "ReleaseValue", "input " + quoted(inputs.get(i).name()), "ReleaseValue(input_" + i + ")");
        }
        line("for (size_t i = 0; i < output_count; i++) {");
        call(INDENT, "AllocatorFree", "output name", "AllocatorFree(allocator, output_names[i])");
        line("}");
        voidCall("", "ReleaseSession", "session", "ReleaseSession(session)");
        voidCall("", "ReleaseSessionOptions", "options", "ReleaseSessionOptions(options)");
        voidCall("", "ReleaseEnv", "env", "ReleaseEnv(env)");
        line("fprintf(stderr, \"ok: every call returned\\n\");");
        line("return 0;");
    }

    private void tensors(List<InputSpec> inputs) {
        if (inputs.isEmpty()) {
            return;
        }
        line("OrtMemoryInfo *cpu;");
        call("CreateCpuMemoryInfo", "", "CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &cpu)");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            InputSpec in = inputs.get(i);
            long[] dims = in.dims();
            line("int64_t shape_" + i + "[] = {" + (dims.length == 0 ? "0" : Arrays.stream(dims).mapToObj(Long::toString)
                    .collect(Collectors.joining(", "))) + "};");
            String data = in.file() != null
                    ? "input_file(" + literal(in.file().toString()) + ", " + in.byteSize() + ")"
                    : "make_input(" + elementType(in) + ", " + in.elementCount() + ", "
                    + in.byteSize() + ", FILL_" + in.fill().name() + ", " + Long.toUnsignedString(in.seed()) + "ULL)";
            line("void *data_" + i + " = " + data + ";");
            line("OrtValue *input_" + i + ";");
            call("CreateTensorWithDataAsOrtValue", in.type() + Arrays.toString(dims) + " " + (in.file() != null
                            ? "from " + in.file() : in.fill().jsonName() + (in.fill() == Fill.RANDOM ? " seed " + in.seed() : "")),
                    "CreateTensorWithDataAsOrtValue(cpu, data_" + i + ", " + in.byteSize() + ", shape_" + i + ", " + dims.length
                            + ", " + elementType(in) + ", &input_" + i + ")");
            names.add(literal(in.name()));
        }
        line("const char *input_names[] = {" + String.join(", ", names) + "};");
        line("const OrtValue *inputs[] = {" + IntStream.range(0, inputs.size()).mapToObj(i -> "input_" + i)
                .collect(Collectors.joining(", ")) + "};");
    }

    /** The header's enumerator: ElementType names are ONNX's, as the header's are. */
    private static String elementType(InputSpec in) {
        return "ONNX_TENSOR_ELEMENT_DATA_TYPE_" + in.type().name();
    }

    private void call(String function, String args, String expression) {
        call("", function, args, expression);
    }

    /** A status-returning call, traced: enter, call, check (which ends the program on an error status). */
    private void call(String indent, String function, String args, String expression) {
        line(indent + "enter(" + literal(function) + ", " + literal(args) + ");");
        line(indent + "check(" + literal(function) + ", ort->" + expression + ");");
    }

    private void voidCall(String indent, String function, String args, String expression) {
        line(indent + "enter(" + literal(function) + ", " + literal(args) + ");");
        line(indent + "ort->" + expression + ";");
        line(indent + "returned(" + literal(function) + ");");
    }

    private void line(String text) {
        out.append(INDENT).append(text).append('\n');
    }

    private static String quoted(String s) {
        return '"' + s + '"';
    }

    /** A C string literal of {@code s}'s UTF-8 bytes; octal escapes, which never swallow a following character. */
    static String literal(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '?' -> sb.append("\\?"); // no trigraphs
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        sb.append(String.format("\\%03o", c));
                    } else {
                        sb.append((char) c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Text safe inside a C block comment. */
    private static String comment(String s) {
        return s.replace("*/", "* /");
    }
}
