package org.eppanama.tests.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.eppanama.onnx.OnnxModelInfo;
import org.eppanama.onnx.TensorProtoData;
import org.eppanama.onnx.TensorProtos;
import org.eppanama.tests.conformance.CaseResult.Status;

/**
 * Runs ONNX's backend node tests ({@code <repo>/.cache/onnx-testdata/node/<case>/}, fetched by
 * {@code headers/fetch.sh}) through a pluggable {@link CaseRunner} and classifies every case as
 * pass, fail, error or skip.
 *
 * <p>Per case: the model's interface is read with {@link OnnxModelInfo}; a case whose graph
 * inputs or outputs are not all tensors (sequences, maps, optionals, sparse tensors) is skipped,
 * as is one using an element type {@code ElementType} does not know. Otherwise, for each
 * {@code test_data_set_N}, {@code input_K.pb} is fed to the K-th graph input that is not an
 * initializer and the runner's outputs are compared with {@code output_K.pb} (the K-th graph
 * output) by {@link TensorComparator}. {@link UnsupportedByRunner} from the runner makes the case
 * a skip; any other exception an error. Every case runs inside its own try/catch, so one case
 * never stops the run.
 *
 * <h2>Adding a backend and comparing it with the JNI reference</h2>
 * <pre>{@code
 * ConformanceSuite suite = new ConformanceSuite(ConformanceSuite.locateNodeTestDir().orElseThrow());
 * Map<String, CaseResult> jni = suite.run(new JniCaseRunner());       // or readResults(...) of an earlier run
 * Map<String, CaseResult> ffm = suite.run(new MyFfmCaseRunner());
 * ConformanceSuite.writeResults(ConformanceSuite.resultsDir(), "ffm", ffm);
 * List<String> diffs = ConformanceSuite.differences(jni, ffm);        // cases whose status differs
 * }</pre>
 * Results maps are keyed by case name in case order; {@link #writeResults} writes
 * {@code <runner>-results.jsonl} (one {@code {"case","status","detail"}} object per line) and
 * {@link #readResults} reads it back. The system property {@value #FILTER_PROPERTY} (a regular
 * expression matched against case names) restricts a run, for quick iteration.
 */
public final class ConformanceSuite {

    /** System property overriding the location of the {@code node} test folder. */
    public static final String TESTDATA_PROPERTY = "onnx.testdata";
    /** System property: regular expression selecting the cases to run (default: all). */
    public static final String FILTER_PROPERTY = "conformance.cases";

    private static final int MAX_DETAIL = 600;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path nodeDir;
    private final List<ConformanceCase> cases;

    /** A suite over every case under {@code nodeDir}. */
    public ConformanceSuite(Path nodeDir) throws IOException {
        this.nodeDir = nodeDir;
        this.cases = ConformanceCase.discover(nodeDir);
    }

    /**
     * The {@code node} test folder: the {@value #TESTDATA_PROPERTY} system property if set, else
     * {@code .cache/onnx-testdata/node} in the working directory or one of its parents.
     */
    public static Optional<Path> locateNodeTestDir() {
        String override = System.getProperty(TESTDATA_PROPERTY);
        if (override != null && !override.isBlank()) {
            Path p = Paths.get(override);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve(".cache/onnx-testdata/node");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@code target/conformance} of the module under test (Maven's {@code basedir}, else the working directory). */
    public static Path resultsDir() {
        return Paths.get(System.getProperty("basedir", "")).toAbsolutePath().resolve("target").resolve("conformance");
    }

    public Path nodeDir() {
        return nodeDir;
    }

    public List<ConformanceCase> cases() {
        return cases;
    }

    /** Runs the cases selected by the {@value #FILTER_PROPERTY} system property (all if unset). */
    public Map<String, CaseResult> run(CaseRunner runner) {
        String filter = System.getProperty(FILTER_PROPERTY);
        if (filter == null || filter.isBlank()) {
            return run(runner, name -> true);
        }
        Pattern p = Pattern.compile(filter);
        return run(runner, name -> p.matcher(name).find());
    }

    /** Runs the cases whose names {@code caseFilter} accepts; the map is keyed by case name, in case order. */
    public Map<String, CaseResult> run(CaseRunner runner, Predicate<String> caseFilter) {
        Map<String, CaseResult> results = new LinkedHashMap<>();
        List<ConformanceCase> selected = cases.stream().filter(c -> caseFilter.test(c.name())).toList();
        int done = 0;
        for (ConformanceCase c : selected) {
            results.put(c.name(), runCase(runner, c));
            if (++done % 250 == 0) {
                System.out.printf("conformance[%s]: %d/%d cases%n", runner.name(), done, selected.size());
            }
        }
        return results;
    }

    /** Runs one case; never throws. */
    public CaseResult runCase(CaseRunner runner, ConformanceCase c) {
        long start = System.nanoTime();
        try {
            return runCaseOrThrow(runner, c, start);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)
                    && !(t instanceof OutOfMemoryError)) {
                throw (VirtualMachineError) t;
            }
            return CaseResult.error(c.name(), describe(t), millisSince(start));
        }
    }

    private CaseResult runCaseOrThrow(CaseRunner runner, ConformanceCase c, long start) throws Exception {
        byte[] model = Files.readAllBytes(c.model());
        OnnxModelInfo info = OnnxModelInfo.parse(model);
        List<OnnxModelInfo.ValueInfo> all = new ArrayList<>(info.inputs());
        all.addAll(info.outputs());
        for (OnnxModelInfo.ValueInfo v : all) {
            if (!v.isTensor()) {
                return CaseResult.skip(c.name(), "non-tensor value '" + v.name() + "': " + v.type(), millisSince(start));
            }
        }
        for (OnnxModelInfo.ValueInfo v : all) {
            if (v.elementType() == null) {
                return CaseResult.skip(c.name(), "element type of '" + v.name() + "' (" + v.type()
                        + ") is unknown to ElementType", millisSince(start));
            }
        }
        if (c.dataSets().isEmpty()) {
            return CaseResult.skip(c.name(), "no test_data_set folders", millisSince(start));
        }
        boolean several = c.dataSets().size() > 1;
        for (ConformanceCase.DataSet ds : c.dataSets()) {
            String where = several ? ds.name() + ": " : "";
            if (ds.inputs().size() > info.inputs().size()) {
                return CaseResult.error(c.name(), where + ds.inputs().size() + " input files but the model has "
                        + info.inputs().size() + " graph inputs", millisSince(start));
            }
            if (ds.outputs().size() > info.outputs().size()) {
                return CaseResult.error(c.name(), where + ds.outputs().size() + " output files but the model has "
                        + info.outputs().size() + " graph outputs", millisSince(start));
            }
            Map<String, TensorProtoData> inputs = new LinkedHashMap<>();
            for (int k = 0; k < ds.inputs().size(); k++) {
                inputs.put(info.inputs().get(k).name(), TensorProtos.parse(ds.inputs().get(k)));
            }
            Map<String, TensorProtoData> expected = new LinkedHashMap<>();
            for (int k = 0; k < ds.outputs().size(); k++) {
                expected.put(info.outputs().get(k).name(), TensorProtos.parse(ds.outputs().get(k)));
            }
            Map<String, TensorProtoData> actual;
            try {
                actual = runner.run(model, inputs);
            } catch (UnsupportedByRunner u) {
                return CaseResult.skip(c.name(), where + u.getMessage(), millisSince(start));
            }
            for (Map.Entry<String, TensorProtoData> e : expected.entrySet()) {
                TensorProtoData got = actual.get(e.getKey());
                if (got == null) {
                    return CaseResult.fail(c.name(), where + "output '" + e.getKey() + "' missing (got "
                            + actual.keySet() + ")", millisSince(start));
                }
                String mismatch = TensorComparator.compare(e.getValue(), got);
                if (mismatch != null) {
                    return CaseResult.fail(c.name(), where + "output '" + e.getKey() + "': " + mismatch,
                            millisSince(start));
                }
            }
        }
        return CaseResult.pass(c.name(), millisSince(start));
    }

    // ---- results ----

    /** Writes {@code <dir>/<runnerName>-results.jsonl}; returns its path. */
    public static Path writeResults(Path dir, String runnerName, Map<String, CaseResult> results) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(runnerName + "-results.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (CaseResult r : results.values()) {
                Map<String, String> line = new LinkedHashMap<>();
                line.put("case", r.caseName());
                line.put("status", r.status().label());
                line.put("detail", r.detail());
                w.write(JSON.writeValueAsString(line));
                w.newLine();
            }
        }
        return file;
    }

    /** Reads a file written by {@link #writeResults} (times are not stored: {@code millis} is -1). */
    public static Map<String, CaseResult> readResults(Path file) throws IOException {
        Map<String, CaseResult> results = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            String name = n.get("case").asText();
            results.put(name, new CaseResult(name, Status.fromLabel(n.get("status").asText()),
                    n.path("detail").asText(""), -1));
        }
        return results;
    }

    /** Number of cases per status (every status present, possibly 0). */
    public static Map<Status, Integer> counts(Map<String, CaseResult> results) {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            counts.put(s, 0);
        }
        for (CaseResult r : results.values()) {
            counts.merge(r.status(), 1, Integer::sum);
        }
        return counts;
    }

    /** {@code conformance[<runner>]: N passed, M failed, E errors, S skipped}. */
    public static String summary(String runnerName, Map<String, CaseResult> results) {
        Map<Status, Integer> n = counts(results);
        return "conformance[" + runnerName + "]: " + n.get(Status.PASS) + " passed, " + n.get(Status.FAIL)
                + " failed, " + n.get(Status.ERROR) + " errors, " + n.get(Status.SKIP) + " skipped";
    }

    /**
     * Cases whose status differs between two runs (a case missing from one side counts as
     * differing), one line each: {@code case: pass -> fail (detail of other)}.
     */
    public static List<String> differences(Map<String, CaseResult> reference, Map<String, CaseResult> other) {
        TreeSet<String> names = new TreeSet<>(reference.keySet());
        names.addAll(other.keySet());
        List<String> out = new ArrayList<>();
        for (String name : names) {
            CaseResult a = reference.get(name);
            CaseResult b = other.get(name);
            if (a == null || b == null || a.status() != b.status()) {
                out.add(name + ": " + (a == null ? "absent" : a.status().label()) + " -> "
                        + (b == null ? "absent" : b.status().label() + (b.detail().isEmpty() ? "" : " (" + b.detail() + ")")));
            }
        }
        return out;
    }

    /**
     * Non-passing cases grouped by status and a normalised detail (numbers, quoted names and the
     * data-set prefix removed), largest group first; values are case names.
     */
    public static Map<String, List<String>> failureGroups(Map<String, CaseResult> results) {
        Map<String, List<String>> groups = new TreeMap<>();
        for (CaseResult r : results.values()) {
            if (r.status() == Status.PASS) {
                continue;
            }
            groups.computeIfAbsent(r.status().label() + ": " + normalise(r.detail()), k -> new ArrayList<>())
                    .add(r.caseName());
        }
        List<Map.Entry<String, List<String>>> sorted = new ArrayList<>(groups.entrySet());
        sorted.sort(Comparator.comparing((Map.Entry<String, List<String>> e) -> -e.getValue().size())
                .thenComparing(Map.Entry::getKey));
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : sorted) {
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    static String normalise(String detail) {
        String s = detail.replaceFirst("^test_data_set_\\d+: ", "");
        s = s.replaceAll("'[^']*'", "'…'").replaceAll("\"[^\"]*\"", "\"…\"");
        s = s.replaceAll("-?\\d+(\\.\\d+)?(E-?\\d+)?", "#");
        return s.length() > 140 ? s.substring(0, 140) + "…" : s;
    }

    private static String describe(Throwable t) {
        String msg = t.getMessage();
        String text = t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
        text = text.replaceAll("\\s+", " ").trim();
        return text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "…" : text;
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
