package org.eppanama.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.eppanama.onnx.OnnxModelScan.Input;
import org.eppanama.onnx.OnnxModelScan.Operator;
import org.eppanama.runtime.ElementType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelScanTest {

    /** Two weights in shard files, one embedded, and a node of a non-default domain. */
    private static byte[] model() {
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 17).opset("com.microsoft", 1);
        b.input("x", ElementType.FLOAT, Dim.of(2));
        b.input("n", ElementType.INT64, Dim.param("batch"), Dim.unknown());
        b.inputWithoutShape("s", ElementType.FLOAT);
        b.output("y", ElementType.FLOAT, Dim.of(2));
        b.externalInitializer("a", ElementType.FLOAT, new long[] {2}, "m.onnx.data.000", 0, 8);
        b.externalInitializer("b", ElementType.FLOAT, new long[] {2}, "m.onnx.data.001", 0, 8);
        b.externalInitializer("c", ElementType.FLOAT, new long[] {2}, "m.onnx.data.000", 8, 8);
        b.initializer("d", ElementType.FLOAT, new long[] {2}, new byte[8]);
        b.node("Add").inputs("x", "a").outputs("t1");
        b.node("Add").inputs("t1", "b").outputs("t2");
        b.node("com.microsoft", "FusedMatMul").inputs("t2", "c").outputs("t3");
        b.node("ai.onnx", "Sub").inputs("t3", "d").outputs("y");
        return b.build();
    }

    @Test
    void listsExternalDataFilesOnceInFirstSeenOrderAndTheOperators() {
        OnnxModelScan scan = OnnxModelScan.of(model());
        assertEquals(List.of("m.onnx.data.000", "m.onnx.data.001"), scan.externalDataLocations());
        assertEquals(Set.of(new Operator("", "Add"), new Operator("com.microsoft", "FusedMatMul"), new Operator("", "Sub")),
                scan.operators());
        assertTrue(scan.uses("com.microsoft", "FusedMatMul"));
        assertTrue(scan.uses("ai.onnx", "Sub"));
        assertFalse(scan.uses("com.microsoft", "EPContext"));
        assertEquals(List.of(new Input("x", List.of(Dim.of(2))), new Input("n", List.of(Dim.param("batch"), Dim.unknown())),
                new Input("s", null)), scan.inputs());
        assertEquals(List.of(Dim.param("batch"), Dim.unknown()), scan.input("n").orElseThrow().shape());
        assertTrue(scan.input("absent").isEmpty());
    }

    @Test
    void readsAMemoryMappedFileInPlace(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("m.onnx"), model());
        try (Arena arena = Arena.ofConfined(); FileChannel ch = FileChannel.open(file)) {
            MemorySegment mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            assertEquals(OnnxModelScan.of(model()), OnnxModelScan.of(mapped));
        }
    }

    @Test
    void aModelWithoutExternalDataHasNoLocations() {
        OnnxModelBuilder b = new OnnxModelBuilder();
        b.input("x", ElementType.FLOAT, Dim.of(1));
        b.output("y", ElementType.FLOAT, Dim.of(1));
        b.node("Identity").inputs("x").outputs("y");
        OnnxModelScan scan = OnnxModelScan.of(b.build());
        assertEquals(List.of(), scan.externalDataLocations());
        assertEquals(Set.of(new Operator("", "Identity")), scan.operators());
    }

    @Test
    void truncatedInputNamesTheOffset() {
        byte[] m = model();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxModelScan.of(Arrays.copyOf(m, m.length / 2)));
        assertTrue(e.getMessage().startsWith("malformed ONNX model at byte "), e.getMessage());
    }
}
