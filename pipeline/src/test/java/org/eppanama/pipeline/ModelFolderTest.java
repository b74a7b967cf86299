package org.eppanama.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eppanama.runtime.Environment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Precision choice with fp32 fallback, and folders that cannot work: clear errors naming the fix. */
class ModelFolderTest {
    static final Path MODELS = Path.of("target", "tone-models");
    static Environment env;
    static Path full;
    static Path wav;
    static List<ToneLanguage.Expected> expected;
    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() throws Exception {
        env = Environment.create();
        full = ToneModelFolders.addVariants(ToneModelFolders.onnxAsr(MODELS.resolve("variants"), "encoder-model.onnx.data.000",
                "encoder-model.onnx.data.001"));
        ToneAudio.Rendered audio = ToneAudio.render(ToneAudio.script("hello world . the cat is today ha"), 3);
        expected = ToneLanguage.expected(audio.placed(), ToneModelFolders.CAP);
        wav = WavWriter.write(MODELS.resolve("variants.wav"), 16_000, false, audio.samples());
    }

    @AfterAll
    static void tearDown() {
        env.close();
    }

    private static void assertDecodes(Path folder, TranscriberOptions options) {
        try (Transcriber t = Transcriber.load(env, folder, options)) {
            Transcript tr = t.transcribe(wav);
            assertEquals(expected, tr.tokens().stream().map(k -> new ToneLanguage.Expected(k.id(), k.frame())).toList());
        }
    }

    @Test
    void int8PicksTheInt8EncoderAndFallsBackToFp32ForTheDecoder() {
        ModelFiles f = ModelFiles.resolve(full, Precision.INT8);
        assertEquals("encoder-model.int8.onnx", f.encoder().getFileName().toString());
        assertEquals("decoder_joint-model.onnx", f.decoder().getFileName().toString());
        assertEquals(List.of("decoder_joint-model: no decoder_joint-model.int8.onnx, using decoder_joint-model.onnx (fp32)"),
                f.notes());
        assertTrue(f.toString().contains("encoder encoder-model.int8.onnx"), f.toString());
        System.out.println("int8: " + f);
        assertDecodes(full, TranscriberOptions.builder().precision(Precision.INT8).build());
    }

    @Test
    void fp16PicksBothFp16PartsWithFloat16InputsAndOutputs() {
        ModelFiles f = ModelFiles.resolve(full, Precision.FP16);
        assertEquals("encoder-model.fp16.onnx", f.encoder().getFileName().toString());
        assertEquals("decoder_joint-model.fp16.onnx", f.decoder().getFileName().toString());
        assertEquals(List.of(), f.notes());
        System.out.println("fp16: " + f);
        assertDecodes(full, TranscriberOptions.builder().precision(Precision.FP16).build());
    }

    @Test
    void fp32IsTheDefault() {
        ModelFiles f = ModelFiles.resolve(full, Precision.FP32);
        assertEquals("encoder-model.onnx", f.encoder().getFileName().toString());
        assertEquals("nemo128.onnx", f.preprocessor().getFileName().toString());
        assertEquals("config.json", f.config().getFileName().toString());
    }

    /** A copy of the fp32 onnx-asr folder without {@code left out} files. */
    private Path copyWithout(String... leftOut) throws IOException {
        Path dir = tmp.resolve("copy");
        Files.createDirectories(dir);
        try (Stream<Path> s = Files.list(full)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (!List.of(leftOut).contains(name) && !name.contains(".int8.") && !name.contains(".fp16.")) {
                    Files.copy(p, dir.resolve(name));
                }
            }
        }
        return dir;
    }

    private static String loadError(Path folder) {
        return assertThrows(ModelFolderException.class, () -> Transcriber.load(env, folder, TranscriberOptions.defaults()))
                .getMessage();
    }

    @Test
    void aMissingPartIsNamedWithWhatTheLayoutNeeds() throws IOException {
        String m = loadError(copyWithout("decoder_joint-model.onnx"));
        assertTrue(m.contains("has no decoder_joint-model.onnx") && m.contains("onnx-asr layout")
                && m.contains("needs encoder-model.onnx, decoder_joint-model.onnx, vocab.txt"), m);
    }

    @Test
    void aMissingShardIsNamed() throws IOException {
        String m = loadError(copyWithout("encoder-model.onnx.data.001"));
        assertTrue(m.contains("'encoder-model.onnx.data.001', which is not in")
                && m.contains("encoder-model.onnx.data.000, encoder-model.onnx.data.001"), m);
    }

    @Test
    void aMissingVocabularyIsNamed() throws IOException {
        String m = loadError(copyWithout("vocab.txt"));
        assertTrue(m.contains("has no vocab.txt"), m);
    }

    @Test
    void aFolderOfNeitherLayoutListsBoth() throws IOException {
        Files.writeString(tmp.resolve("model.bin"), "x");
        String m = loadError(tmp);
        assertTrue(m.contains("holds neither layout") && m.contains("tokens.txt") && m.contains("it has model.bin"), m);
        m = loadError(tmp.resolve("absent"));
        assertTrue(m.contains("does not exist"), m);
    }

    @Test
    void aVocabularyThatDoesNotFitTheDecoderIsRefused() throws IOException {
        Path dir = copyWithout("vocab.txt");
        List<String> pieces = new java.util.ArrayList<>(ToneLanguage.PIECES);
        pieces.add(pieces.size() - 1, "▁extra");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pieces.size(); i++) {
            sb.append(pieces.get(i)).append(' ').append(i).append('\n');
        }
        Files.writeString(dir.resolve("vocab.txt"), sb, StandardCharsets.UTF_8);
        String m = loadError(dir);
        assertTrue(m.contains("gives 23 logits per step") && m.contains("19 tokens") && m.contains("does not belong"), m);
    }

    @Test
    void malformedVocabulariesAreRefusedByLine() throws IOException {
        Path dir = copyWithout("vocab.txt");
        Files.writeString(dir.resolve("vocab.txt"), "<unk> 0\n▁a 1\n▁b 1\n<blk> 2\n");
        assertTrue(loadError(dir).contains("line 3: id 1 appears twice"));
        Files.writeString(dir.resolve("vocab.txt"), "<unk> 0\n▁a\n");
        assertTrue(loadError(dir).contains("line 2 is '▁a'; expected 'piece id'"));
        Files.writeString(dir.resolve("vocab.txt"), "<unk> 0\n▁a 1\n");
        assertTrue(loadError(dir).contains("no blank token <blk>"));
    }

    @Test
    void anotherModelTypeInConfigIsRefused() throws IOException {
        Path dir = copyWithout("config.json");
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"nemo-conformer-ctc\"}");
        assertTrue(loadError(dir).contains("model_type 'nemo-conformer-ctc'"));
        Files.writeString(dir.resolve("config.json"), "{not json");
        assertTrue(loadError(dir).contains("is not valid JSON"));
    }

    @Test
    void aSherpaTokenListOfAnotherSizeIsRefused() throws IOException {
        Path dir = ToneModelFolders.sherpa(tmp.resolve("sherpa"));
        Files.writeString(dir.resolve("tokens.txt"), "<unk> 0\n▁a 1\n<blk> 2\n");
        String m = loadError(dir);
        assertTrue(m.contains("vocab_size 17") && m.contains("has 3 tokens"), m);
    }

    @Test
    void aWindowLargerThanAFixedEncoderIsRefused() {
        Path npu = ToneModelFolders.npu(MODELS.resolve("npu-window"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Transcriber.load(env, npu, TranscriberOptions.builder().chunking(10, 1).build()));
        assertTrue(e.getMessage().contains("at most 801 feature frames") && e.getMessage().contains("at most 8.0 s"),
                e.getMessage());
    }

    @Test
    void aSherpaFolderHasNoPreprocessorModel() {
        ModelFiles f = ModelFiles.resolve(ToneModelFolders.sherpa(tmp.resolve("s")), Precision.INT8);
        assertEquals(ModelLayout.SHERPA_ONNX, f.layout());
        assertNull(f.preprocessor());
        assertEquals(3, f.notes().size(), f.notes().toString());
    }
}
