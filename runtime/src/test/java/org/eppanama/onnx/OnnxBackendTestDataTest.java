package org.eppanama.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Parses every tensor {@code .pb} of ONNX's backend node tests (fetched by
 * {@code headers/fetch.sh} into {@code .cache/onnx-testdata/node}); skipped when they are absent.
 * Which files are tensors (and not SequenceProto / OptionalProto / MapProto) is read from the
 * case's model.onnx.
 */
class OnnxBackendTestDataTest {

    private static final Pattern PB = Pattern.compile("(input|output)_(\\d+)\\.pb");

    /** {@code <repo>/.cache/onnx-testdata/node}, found from the working directory upwards, or null. */
    static Path nodeTestDir() {
        String override = System.getProperty("onnx.testdata");
        if (override != null) {
            return Files.isDirectory(Paths.get(override)) ? Paths.get(override) : null;
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve(".cache/onnx-testdata/node");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @Test
    void everyTensorOfTheNodeTestsParses() throws IOException {
        Path root = nodeTestDir();
        if (root == null) {
            System.out.println("OnnxBackendTestDataTest skipped: .cache/onnx-testdata/node not found (run headers/fetch.sh)");
        }
        Assumptions.assumeTrue(root != null, "ONNX backend test data not found: run headers/fetch.sh");

        int cases = 0;
        int tensors = 0;
        int raw = 0;
        int typed = 0;
        int nonTensor = 0;
        Map<String, Integer> unknownTypes = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        List<Path> caseDirs;
        try (Stream<Path> s = Files.list(root)) {
            caseDirs = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path caseDir : caseDirs) {
            Path model = caseDir.resolve("model.onnx");
            Path data = caseDir.resolve("test_data_set_0");
            if (!Files.isRegularFile(model) || !Files.isDirectory(data)) {
                continue;
            }
            cases++;
            OnnxModelInfo info;
            try {
                info = OnnxModelInfo.read(model);
            } catch (RuntimeException e) {
                failures.add(caseDir.getFileName() + "/model.onnx: " + e.getMessage());
                continue;
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(data)) {
                files = s.filter(f -> f.getFileName().toString().endsWith(".pb")).sorted().toList();
            }
            for (Path pb : files) {
                String label = caseDir.getFileName() + "/" + pb.getFileName();
                Matcher m = PB.matcher(pb.getFileName().toString());
                if (!m.matches()) {
                    failures.add(label + ": unexpected file name");
                    continue;
                }
                List<OnnxModelInfo.ValueInfo> side = m.group(1).equals("input") ? info.inputs() : info.outputs();
                int index = Integer.parseInt(m.group(2));
                if (index >= side.size()) {
                    failures.add(label + ": the model has only " + side.size() + " " + m.group(1) + "s");
                    continue;
                }
                OnnxModelInfo.ValueInfo declared = side.get(index);
                if (!declared.isTensor()) {
                    nonTensor++;
                    continue;
                }
                byte[] bytes = Files.readAllBytes(pb);
                if (declared.elementType() == null) {
                    // A type newer than ElementType knows (e.g. FLOAT4E2M1, FLOAT8E8M0, INT2/UINT2 of ONNX 1.18+).
                    unknownTypes.merge(declared.type(), 1, Integer::sum);
                    try {
                        TensorProtos.parse(bytes);
                        failures.add(label + ": parsed although its type " + declared.type() + " is unknown");
                    } catch (IllegalArgumentException expected) {
                        assertTrue(expected.getMessage().contains("element type code"), expected.getMessage());
                    }
                    continue;
                }
                TensorProtoData t;
                try {
                    t = TensorProtos.parse(bytes);
                } catch (RuntimeException e) {
                    failures.add(label + ": " + e.getMessage());
                    continue;
                }
                tensors++;
                if (t.type() != declared.elementType()) {
                    failures.add(label + ": type " + t.type() + " but the model declares " + declared.type());
                }
                if (hasRawData(bytes)) {
                    raw++;
                    if (t.data().remaining() != t.type().byteSize(t.elementCount())) {
                        failures.add(label + ": " + t.data().remaining() + " data bytes for " + t.typeAndShape());
                    }
                } else {
                    typed++;
                    if (t.type().isString()) {
                        assertEquals(t.elementCount(), t.strings().size(), label);
                    } else {
                        assertEquals(t.type().byteSize(t.elementCount()), t.data().remaining(), label);
                    }
                }
            }
        }
        System.out.printf("ONNX node test data: %d cases, %d tensors parsed (%d raw_data, %d typed fields), "
                        + "%d non-tensor values not parsed, tensors of types ElementType does not know: %s%n",
                cases, tensors, raw, typed, nonTensor, unknownTypes);
        if (!failures.isEmpty()) {
            fail(failures.size() + " test-data files failed:\n  " + String.join("\n  ", failures));
        }
        assertTrue(cases > 1000, "expected the ~1,650 node test cases, found " + cases);
    }

    /** Whether a serialized TensorProto uses raw_data (field 9). */
    private static boolean hasRawData(byte[] tensorProto) {
        ProtoReader r = new ProtoReader(tensorProto);
        while (r.next()) {
            if (r.field() == 9) {
                return true;
            }
            r.skip();
        }
        return false;
    }
}
