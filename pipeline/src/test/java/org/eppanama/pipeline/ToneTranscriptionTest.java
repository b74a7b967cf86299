package org.eppanama.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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

    /** Twice on one transcriber: the decoder's buffers and bindings are reused, its state must start afresh. */
    static void assertTranscribes(Path folder, TranscriberOptions options, int cap) {
        try (Transcriber t = Transcriber.load(env, folder, options)) {
            for (int i = 0; i < 2; i++) {
                Transcript tr = t.transcribe(wav);
                System.out.println(folder.getFileName() + ": " + tr.text() + " | " + tr.timings());
                List<ToneLanguage.Expected> want = ToneLanguage.expected(audio.placed(), cap);
                List<ToneLanguage.Expected> got = tr.tokens().stream().map(k -> new ToneLanguage.Expected(k.id(), k.frame())).toList();
                assertEquals(want, got);
                assertEquals(TEXT, tr.text());
            }
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

    /** 48 kHz float32 stereo (the tones on one channel, noise on the other) is mixed and resampled to the same result. */
    @Test
    void stereoFloat48kHzWav() throws Exception {
        Path dir = ToneModelFolders.onnxAsr(MODELS.resolve("onnx-asr-48k"), "encoder-model.onnx.data");
        try (Arena arena = Arena.ofConfined(); Transcriber t = Transcriber.load(env, dir, TranscriberOptions.defaults())) {
            Waveform at48 = Resampler.resample(Signals.waveform(audio.samples(), 16_000, arena), 48_000, arena);
            float[] left = Signals.toArray(at48.samples());
            float[] right = new float[left.length];
            for (int i = 0; i < left.length; i++) {
                right[i] = 2 * left[i];
            }
            Path stereo = WavWriter.write(MODELS.resolve("script-48k-stereo.wav"), 48_000, true, left, right);
            Transcript tr = t.transcribe(stereo);
            assertEquals(TEXT, tr.text());
            assertEquals(ToneLanguage.expected(audio.placed(), ToneModelFolders.CAP),
                    tr.tokens().stream().map(k -> new ToneLanguage.Expected(k.id(), k.frame())).toList());
        }
    }

    /** Samples from a segment: native 16 kHz ones are read in place, heap ones are copied first. */
    @Test
    void samplesFromMemorySegments() {
        Path dir = ToneModelFolders.onnxAsr(MODELS.resolve("onnx-asr-segments"), "encoder-model.onnx.data");
        try (Arena arena = Arena.ofConfined(); Transcriber t = Transcriber.load(env, dir, TranscriberOptions.defaults())) {
            assertEquals(TEXT, t.transcribe(Signals.waveform(audio.samples(), 16_000, arena)).text());
            assertEquals(TEXT, t.transcribe(new Waveform(MemorySegment.ofArray(audio.samples()), 16_000)).text());
        }
    }

    @Test
    void sherpaLayout() {
        Path dir = ToneModelFolders.sherpa(MODELS.resolve("sherpa"));
        assertTranscribes(dir, TranscriberOptions.builder().maxSymbolsPerFrame(ToneModelFolders.CAP).build(), ToneModelFolders.CAP);
    }
}
