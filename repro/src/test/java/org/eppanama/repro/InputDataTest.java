package org.eppanama.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.eppanama.runtime.ElementType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JVM run and the C reproducer feed the same input bytes for every fill rule. */
class InputDataTest {
    private static final List<InputSpec> CASES = List.of(
            spec(ElementType.FLOAT, 6, Fill.RANDOM, 7), spec(ElementType.DOUBLE, 4, Fill.RANDOM, -5),
            spec(ElementType.INT8, 300, Fill.RANGE, 0), spec(ElementType.UINT16, 5, Fill.RANDOM, 42),
            spec(ElementType.INT64, 5, Fill.RANDOM, Long.MIN_VALUE), spec(ElementType.BOOL, 9, Fill.RANDOM, 1),
            spec(ElementType.FLOAT, 3, Fill.ONES, 0), spec(ElementType.INT32, 3, Fill.ZEROS, 0),
            spec(ElementType.UINT32, 4, Fill.RANGE, 0), spec(ElementType.BOOL, 4, Fill.RANGE, 0));

    @Test
    void fillRulesMakeKnownValues() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment range = InputData.create(arena, spec(ElementType.FLOAT, 3, Fill.RANGE, 0));
            assertEquals(List.of(0f, 1f, 2f), List.of(range.getAtIndex(ValueLayout.JAVA_FLOAT, 0),
                    range.getAtIndex(ValueLayout.JAVA_FLOAT, 1), range.getAtIndex(ValueLayout.JAVA_FLOAT, 2)));
            MemorySegment a = InputData.create(arena, spec(ElementType.DOUBLE, 100, Fill.RANDOM, 9));
            MemorySegment b = InputData.create(arena, spec(ElementType.DOUBLE, 100, Fill.RANDOM, 9));
            assertEquals(-1, a.mismatch(b), "same seed, same data");
            for (long i = 0; i < 100; i++) {
                double v = a.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
                assertEquals(true, v >= 0 && v < 1, "random reals in [0, 1): " + v);
            }
        }
    }

    @Test
    void cPreludeMakesTheSameBytes(@TempDir Path dir) throws Exception {
        TestEp.requireGcc();
        StringBuilder c = new StringBuilder(prelude()).append("""
                static const char *error_code_name(int code) { (void)code; return "?"; }
                static void dump(const unsigned char *data, size_t bytes) {
                    for (size_t i = 0; i < bytes; i++) printf("%02x", data[i]);
                    printf("\\n");
                }
                int main(void) {
                """);
        List<String> expected = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            for (InputSpec in : CASES) {
                c.append("    dump(make_input((ONNXTensorElementDataType)").append(in.type().code()).append(", ")
                        .append(in.elementCount()).append(", ").append(in.byteSize()).append(", FILL_").append(in.fill().name())
                        .append(", ").append(Long.toUnsignedString(in.seed())).append("ULL), ").append(in.byteSize()).append(");\n");
                expected.add(HexFormat.of().formatHex(InputData.create(arena, in).toArray(ValueLayout.JAVA_BYTE)));
            }
        }
        c.append("    return 0;\n}\n");
        Files.writeString(dir.resolve("fill.c"), c);
        Path headers = OrtHeaders.locate(Optional.empty());
        Process gcc = new ProcessBuilder("gcc", "-std=c11", "-I" + headers, "-o", dir.resolve("fill").toString(),
                dir.resolve("fill.c").toString(), "-ldl").redirectErrorStream(true).start();
        String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, gcc.waitFor(), log);
        Process run = new ProcessBuilder(dir.resolve("fill").toString()).start();
        List<String> actual = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, run.waitFor());
        assertEquals(expected, actual);
    }

    private static String prelude() throws Exception {
        try (InputStream in = CProgram.class.getResourceAsStream("reproducer-prelude.c")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputSpec spec(ElementType type, long count, Fill fill, long seed) {
        return new InputSpec("x", type, List.of(count), fill, seed, null);
    }
}
