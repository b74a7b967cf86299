package org.eppanama.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.eppanama.runtime.Environment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tones in, exact text out, through the three layouts. */
class ToneTranscriptionTest {
    static final Path MODELS = Path.of("target", "tone-models");
    static final String SCRIPT = "the cat sat on the mat . hello world is today ha .";
    static final String TEXT = "the cat sat on the mat. hello world is today ha ha ha ha ha ha.";
    static Environment env;
    static Path wav;
    static ToneAudio.Rendered audio;

    @BeforeAll
    static void setUp() throws Exception {
        env = Environment.create();
        audio = ToneAudio.render(ToneAudio.script(SCRIPT), 11);
        wav = WavWriter.write(MODELS.resolve("script.wav"), 16_000, false, audio.samples());
    }

    @AfterAll
    static void tearDown() {
        env.close();
    }

    static void assertTranscribes(Path folder, TranscriberOptions options, int cap) {
        try (Transcriber t = Transcriber.load(env, folder, options)) {
            Transcript tr = t.transcribe(wav);
            System.out.println(folder.getFileName() + ": " + tr.text() + " | " + tr.timings());
            List<ToneLanguage.Expected> want = ToneLanguage.expected(audio.placed(), cap);
            List<ToneLanguage.Expected> got = tr.tokens().stream().map(k -> new ToneLanguage.Expected(k.id(), k.frame())).toList();
            assertEquals(want, got);
            assertEquals(TEXT, tr.text());
        }
    }

    @Test
    void onnxAsrLayoutWithShardedExternalData() {
        Path dir = ToneModelFolders.onnxAsr(MODELS.resolve("onnx-asr"), "encoder-model.onnx.data.000", "encoder-model.onnx.data.001");
        assertTranscribes(dir, TranscriberOptions.defaults(), ToneModelFolders.CAP);
    }

    @Test
    void npuLayout() {
        Path dir = ToneModelFolders.npu(MODELS.resolve("npu"));
        assertTranscribes(dir, TranscriberOptions.defaults(), ToneModelFolders.CAP);
    }

    @Test
    void sherpaLayout() {
        Path dir = ToneModelFolders.sherpa(MODELS.resolve("sherpa"));
        assertTranscribes(dir, TranscriberOptions.builder().maxSymbolsPerFrame(ToneModelFolders.CAP).build(), ToneModelFolders.CAP);
    }
}
