package org.eppanama.tests.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One ONNX backend test case: {@code <node>/<case>/model.onnx} and its
 * {@code test_data_set_N/} folders, each with {@code input_K.pb} (fed to the K-th graph input
 * that is not an initializer) and {@code output_K.pb} (expected K-th graph output).
 *
 * @param name     folder name, for example {@code test_add}
 * @param model    path of model.onnx
 * @param dataSets data sets ordered by N
 */
public record ConformanceCase(String name, Path model, List<DataSet> dataSets) {

    private static final Pattern DATA_SET = Pattern.compile("test_data_set_(\\d+)");
    private static final Pattern PB = Pattern.compile("(input|output)_(\\d+)\\.pb");

    /**
     * One {@code test_data_set_N} folder.
     *
     * @param name    folder name
     * @param inputs  input_K.pb files ordered by K
     * @param outputs output_K.pb files ordered by K
     */
    public record DataSet(String name, List<Path> inputs, List<Path> outputs) {
    }

    public ConformanceCase {
        dataSets = List.copyOf(dataSets);
    }

    /** All cases under {@code nodeDir} (folders holding a model.onnx), sorted by name. */
    public static List<ConformanceCase> discover(Path nodeDir) throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(nodeDir)) {
            dirs = s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().toList();
        }
        List<ConformanceCase> cases = new ArrayList<>(dirs.size());
        for (Path dir : dirs) {
            cases.add(load(dir));
        }
        return cases;
    }

    /** The case in {@code dir}. */
    public static ConformanceCase load(Path dir) throws IOException {
        TreeMap<Integer, Path> setDirs = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Matcher m = DATA_SET.matcher(p.getFileName().toString());
                if (m.matches() && Files.isDirectory(p)) {
                    setDirs.put(Integer.parseInt(m.group(1)), p);
                }
            }
        }
        List<DataSet> sets = new ArrayList<>();
        for (Path setDir : setDirs.values()) {
            TreeMap<Integer, Path> in = new TreeMap<>();
            TreeMap<Integer, Path> out = new TreeMap<>();
            try (Stream<Path> s = Files.list(setDir)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Matcher m = PB.matcher(p.getFileName().toString());
                    if (m.matches()) {
                        (m.group(1).equals("input") ? in : out).put(Integer.parseInt(m.group(2)), p);
                    }
                }
            }
            checkContiguous(setDir, "input", in);
            checkContiguous(setDir, "output", out);
            sets.add(new DataSet(setDir.getFileName().toString(), List.copyOf(in.values()), List.copyOf(out.values())));
        }
        sets.sort(Comparator.comparing(DataSet::name, Comparator.comparingInt(ConformanceCase::setIndex)));
        return new ConformanceCase(dir.getFileName().toString(), dir.resolve("model.onnx"), sets);
    }

    private static int setIndex(String name) {
        Matcher m = DATA_SET.matcher(name);
        return m.matches() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
    }

    private static void checkContiguous(Path dir, String kind, TreeMap<Integer, Path> files) throws IOException {
        int expect = 0;
        for (int k : files.keySet()) {
            if (k != expect++) {
                throw new IOException(dir + ": " + kind + "_" + (expect - 1) + ".pb is missing");
            }
        }
    }
}
