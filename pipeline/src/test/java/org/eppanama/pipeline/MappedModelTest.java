package org.eppanama.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eppanama.onnx.Dim;
import org.eppanama.onnx.OnnxModelBuilder;
import org.eppanama.runtime.ElementType;
import org.eppanama.runtime.Environment;
import org.eppanama.runtime.OrtException;
import org.eppanama.runtime.Session;
import org.eppanama.runtime.SessionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions from mapped files: external data handed over from memory, and EPContext wrappers told where they are. */
class MappedModelTest {
    @TempDir
    Path dir;

    @Test
    void externalDataFilesAreMappedAndHandedToOnnxRuntime() {
        ToneModelFolders.write(dir, ToneModels.encoder(ToneModels.EncoderSpec.dynamic("e.onnx", "e.onnx.data.000",
                "e.onnx.data.001", "e.onnx.data.002", "e.onnx.data.003")));
        try (MappedModel m = MappedModel.map(dir.resolve("e.onnx"))) {
            assertEquals(List.of("e.onnx.data.000", "e.onnx.data.001", "e.onnx.data.002", "e.onnx.data.003"), m.externalDataFiles());
            assertFalse(m.isEpContextWrapper());
            try (Environment env = Environment.create(); SessionOptions o = SessionOptions.create();
                 Session s = m.createSession(env, o)) {
                assertEquals("audio_signal", s.inputs().getFirst().name());
                assertNull(o.configEntries().get(MappedModel.EP_CONTEXT_FILE_PATH));
            }
        }
    }

    /**
     * An EPContext wrapper loaded from bytes has no path of its own, so the EP is given the file's path to find
     * the context binary beside it. (No CPU execution provider runs EPContext nodes, so creation fails here.)
     */
    @Test
    void anEpContextWrapperGetsItsPath() throws Exception {
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 17).opset("com.microsoft", 1);
        b.input("audio_signal", ElementType.FLOAT, Dim.of(1), Dim.of(128), Dim.of(801));
        b.input("length", ElementType.INT32, Dim.of(1));
        b.output("outputs", ElementType.FLOAT, Dim.of(1), Dim.of(1024), Dim.of(101));
        b.output("encoded_lengths", ElementType.INT32, Dim.of(1));
        b.node("com.microsoft", "EPContext").inputs("audio_signal", "length").outputs("outputs", "encoded_lengths")
                .attr("embed_mode", 0L).attr("ep_cache_context", "encoder_ctx.bin").attr("source", "QNNExecutionProvider")
                .attr("main_context", 1L);
        Path wrapper = Files.write(dir.resolve("encoder-model.onnx"), b.build());
        Files.write(dir.resolve("encoder_ctx.bin"), new byte[] {1, 2, 3});
        try (MappedModel m = MappedModel.map(wrapper); Environment env = Environment.create();
             SessionOptions o = SessionOptions.create()) {
            assertTrue(m.isEpContextWrapper());
            assertThrows(OrtException.class, () -> m.createSession(env, o).close());
            assertEquals(Map.of(MappedModel.EP_CONTEXT_FILE_PATH, wrapper.toAbsolutePath().toString()), o.configEntries());
        }
    }

    @Test
    void anUnreadableModelIsNamed() throws Exception {
        Path bad = Files.write(dir.resolve("bad.onnx"), new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
        assertTrue(assertThrows(ModelFolderException.class, () -> MappedModel.map(bad)).getMessage()
                .contains("bad.onnx is not a readable ONNX model"));
        Path empty = Files.write(dir.resolve("empty.onnx"), new byte[0]);
        assertTrue(assertThrows(ModelFolderException.class, () -> MappedModel.map(empty)).getMessage().contains("is empty"));
    }
}
