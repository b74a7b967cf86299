package org.eppanama.repro;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eppanama.runtime.DeviceType;
import org.eppanama.runtime.ElementType;
import org.eppanama.runtime.GraphOptimizationLevel;

/**
 * A {@link Scenario} read from, and valid at, a file: relative paths resolve against the file's folder.
 * Construction validates everything a run needs (files exist, names and numbers make sense) and throws one
 * {@link ScenarioException} listing every problem.
 */
public record ScenarioFile(Path path, Scenario scenario) {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    public ScenarioFile {
        path = path.toAbsolutePath().normalize();
        List<String> problems = new Validation(path.getParent(), scenario).problems;
        if (!problems.isEmpty()) {
            throw new ScenarioException("scenario " + path + " cannot be run:\n  - " + String.join("\n  - ", problems));
        }
    }

    /** Reads and validates the scenario at {@code file}. */
    public static ScenarioFile load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ScenarioException("scenario file " + file.toAbsolutePath() + " does not exist: pass the path of a"
                    + " scenario JSON file (README.md, 'Reproducing a native crash', shows one)");
        }
        try {
            return new ScenarioFile(file, JSON.readValue(file.toFile(), Scenario.class));
        } catch (UnrecognizedPropertyException e) {
            throw new ScenarioException("scenario " + file.toAbsolutePath() + ": unknown field '" + e.getPropertyName()
                    + "' at " + jsonPath(e) + "; known fields there: " + new TreeSet<>(e.getKnownPropertyIds().stream()
                    .map(String::valueOf).toList()), e);
        } catch (JsonMappingException e) {
            throw new ScenarioException("scenario " + file.toAbsolutePath() + ": " + jsonPath(e) + " has the wrong type: "
                    + e.getOriginalMessage(), e);
        } catch (JacksonException e) {
            throw new ScenarioException("scenario " + file.toAbsolutePath() + " is not valid JSON ("
                    + (e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": ") + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new ScenarioException("cannot read scenario " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code scenario} as indented JSON (no validation: the caller checks it by constructing a ScenarioFile). */
    public static void write(Path file, Scenario scenario) throws IOException {
        Files.writeString(file, toJson(scenario) + "\n");
    }

    public static String toJson(Scenario scenario) {
        try {
            return JSON.writeValueAsString(scenario);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Scenario record could not be written as JSON", e);
        }
    }

    /**
     * The same scenario with every path absolute, so that it can be written to {@code file} in another folder;
     * the result is validated there.
     */
    public ScenarioFile relocatedTo(Path file) {
        Scenario s = scenario;
        Scenario moved = new Scenario(s.ortLibrary() == null ? null : resolve(s.ortLibrary()).toString(),
                s.epLibraries().stream().map(l -> new Scenario.EpLibrary(l.name(), resolve(l.path()).toString())).toList(),
                s.device(), s.session(), s.sessionConfig(), s.providerOptions(), s.legacyProviders(),
                resolve(s.model()).toString(),
                s.inputs().stream().map(i -> new Scenario.Input(i.name(), i.shape(), i.dtype(), i.fill(), i.seed(),
                        i.file() == null ? null : resolve(i.file()).toString())).toList(),
                s.runs());
        return new ScenarioFile(file, moved);
    }

    /** {@code relative} resolved against the scenario's folder (absolute paths stay as they are). */
    public Path resolve(String relative) {
        return path.getParent().resolve(relative).normalize();
    }

    public Path model() {
        return resolve(scenario.model());
    }

    /** The ONNX Runtime library the scenario names, if it names one. */
    public Optional<Path> ortLibrary() {
        return Optional.ofNullable(scenario.ortLibrary()).map(this::resolve);
    }

    /** The hardware type the device selection asks for; empty for any (or when there is no device selection). */
    public Optional<DeviceType> deviceType() {
        return Optional.ofNullable(scenario.device()).map(Scenario.Device::type).map(t -> DeviceType.valueOf(t.toUpperCase(Locale.ROOT)));
    }

    public Optional<GraphOptimizationLevel> graphOptimizationLevel() {
        return Optional.ofNullable(scenario.session().graphOptimizationLevel())
                .map(l -> GraphOptimizationLevel.valueOf(l.toUpperCase(Locale.ROOT)));
    }

    public List<InputSpec> inputs() {
        return scenario.inputs().stream().map(i -> new InputSpec(i.name(), elementType(i.dtype()), i.shape(),
                i.file() == null ? Fill.parse(i.fill()) : null, i.seed() == null ? 0 : i.seed(),
                i.file() == null ? null : resolve(i.file()))).toList();
    }

    /** The file name without its extension, e.g. "segv" for segv.json: names the files made for this scenario. */
    public String stem() {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    static ElementType elementType(String dtype) {
        return ElementType.valueOf(dtype.toUpperCase(Locale.ROOT));
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "the top level" : sb.toString();
    }

    /** Collects every problem of a scenario, each naming the field and what to write instead. */
    private static final class Validation {
        final List<String> problems = new ArrayList<>();
        private final Path base;

        Validation(Path base, Scenario s) {
            this.base = base;
            if (s.ortLibrary() != null) {
                file("ortLibrary", s.ortLibrary(), "the libonnxruntime.so to load, or leave ortLibrary out for the runtime's default");
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < s.epLibraries().size(); i++) {
                Scenario.EpLibrary lib = s.epLibraries().get(i);
                String at = "epLibraries[" + i + "]";
                if (blank(lib.name())) {
                    problems.add(at + ".name is missing: give the registration name, e.g. \"vendor\"");
                } else if (!names.add(lib.name())) {
                    problems.add(at + ".name '" + lib.name() + "' is registered twice: give each library its own name");
                }
                file(at + ".path", lib.path(), "the EP's shared library");
            }
            device(s);
            session(s.session());
            entries("sessionConfig", s.sessionConfig());
            entries("providerOptions", s.providerOptions());
            for (int i = 0; i < s.legacyProviders().size(); i++) {
                Scenario.LegacyProvider p = s.legacyProviders().get(i);
                if (blank(p.name())) {
                    problems.add("legacyProviders[" + i + "].name is missing: give the provider name, e.g. \"XNNPACK\"");
                }
                entries("legacyProviders[" + i + "].options", p.options());
            }
            if (blank(s.model())) {
                problems.add("model is missing: give the .onnx file, relative to the scenario file");
            } else {
                file("model", s.model(), "the .onnx model, relative to the scenario file");
            }
            inputs(s.inputs());
            if (s.runs() < 0) {
                problems.add("runs is " + s.runs() + ": give 0 (create the session only) or more");
            }
        }

        private void device(Scenario s) {
            Scenario.Device d = s.device();
            if (d == null) {
                if (!s.providerOptions().isEmpty()) {
                    problems.add("providerOptions are given but no device: add \"device\": {\"ep\": \"<EP name>\"}"
                            + " for the provider they belong to");
                }
                return;
            }
            if (blank(d.ep())) {
                problems.add("device.ep is missing: give the EP name, e.g. \"CPUExecutionProvider\"");
            }
            if (d.type() != null && Arrays.stream(DeviceType.values()).noneMatch(t -> t.name().equalsIgnoreCase(d.type()))) {
                problems.add("device.type '" + d.type() + "' is not a hardware type: use one of "
                        + Arrays.toString(DeviceType.values()) + ", or leave it out for any");
            }
        }

        private void session(Scenario.SessionSettings ss) {
            String level = ss.graphOptimizationLevel();
            if (level != null && Arrays.stream(GraphOptimizationLevel.values()).noneMatch(l -> l.name().equalsIgnoreCase(level))) {
                problems.add("session.graphOptimizationLevel '" + level + "' is not a level: use one of "
                        + Arrays.toString(GraphOptimizationLevel.values()));
            }
            threads("session.intraOpThreads", ss.intraOpThreads());
            threads("session.interOpThreads", ss.interOpThreads());
        }

        private void threads(String at, Integer n) {
            if (n != null && n < 0) {
                problems.add(at + " is " + n + ": give 0 (ONNX Runtime chooses) or more");
            }
        }

        private void entries(String at, Map<String, String> map) {
            map.forEach((k, v) -> {
                if (blank(k)) {
                    problems.add(at + " has an empty key: remove it");
                }
                if (v == null) {
                    problems.add(at + "." + k + " is null: give a string value");
                }
            });
        }

        private void inputs(List<Scenario.Input> inputs) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < inputs.size(); i++) {
                Scenario.Input in = inputs.get(i);
                String at = "inputs[" + i + "]";
                if (blank(in.name())) {
                    problems.add(at + ".name is missing: give the model input's name");
                } else if (!names.add(in.name())) {
                    problems.add(at + ".name '" + in.name() + "' is given twice: give each input once");
                }
                boolean shapeOk = shape(at, in.shape());
                ElementType type = dtype(at, in);
                if (in.file() != null) {
                    if (in.fill() != null || in.seed() != null) {
                        problems.add(at + " gives both a file and a fill rule: keep one");
                    }
                    if (file(at + ".file", in.file(), "the input's raw data") && type != null && shapeOk) {
                        dataFileSize(at, in, type);
                    }
                } else if (in.fill() == null) {
                    problems.add(at + " has no data: give \"fill\" (" + Fill.choices() + ") or \"file\" (raw bytes)");
                } else if (Fill.parse(in.fill()) == null) {
                    problems.add(at + ".fill '" + in.fill() + "' is not a fill rule: use one of " + Fill.choices());
                } else if (in.seed() != null && Fill.parse(in.fill()) != Fill.RANDOM) {
                    problems.add(at + ".seed is only read by fill \"random\": remove it or use random");
                }
            }
        }

        private boolean shape(String at, List<Long> shape) {
            if (shape == null) {
                problems.add(at + ".shape is missing: give the dims, e.g. [1, 3] ([] for a scalar)");
                return false;
            }
            for (Long d : shape) {
                if (d == null || d < 0) {
                    problems.add(at + ".shape " + shape + " has the dim " + d + ": give concrete sizes >= 0");
                    return false;
                }
            }
            return true;
        }

        private ElementType dtype(String at, Scenario.Input in) {
            List<ElementType> allowed = Arrays.stream(ElementType.values())
                    .filter(t -> in.file() != null ? !t.isString() : InputData.FILLABLE.contains(t)).toList();
            if (in.dtype() == null) {
                problems.add(at + ".dtype is missing: give one of " + names(allowed));
                return null;
            }
            ElementType type = allowed.stream().filter(t -> t.name().equalsIgnoreCase(in.dtype())).findFirst().orElse(null);
            if (type == null) {
                problems.add(at + ".dtype '" + in.dtype() + "' cannot be used " + (in.file() != null ? "with a data file" : "with a fill rule")
                        + ": give one of " + names(allowed) + (in.file() == null ? " (other types need a raw data file)" : ""));
            }
            return type;
        }

        private void dataFileSize(String at, Scenario.Input in, ElementType type) {
            long expected = type.byteSize(in.shape().stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact));
            try {
                long size = Files.size(base.resolve(in.file()));
                if (size != expected) {
                    problems.add(at + ".file " + in.file() + " has " + size + " bytes but " + type + in.shape()
                            + " takes " + expected + ": fix the shape, the dtype or the file");
                }
            } catch (IOException e) {
                problems.add(at + ".file " + in.file() + " cannot be read: " + e.getMessage());
            }
        }

        private boolean file(String at, String value, String what) {
            if (blank(value)) {
                problems.add(at + " is missing: give " + what);
                return false;
            }
            Path p = base.resolve(value).normalize();
            if (!Files.isRegularFile(p)) {
                problems.add(at + " " + p + " does not exist: give " + what + " (relative paths are read from " + base + ")");
                return false;
            }
            return true;
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }

        private static String names(List<ElementType> types) {
            return types.stream().map(t -> t.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        }
    }
}
