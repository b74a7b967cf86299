package org.eppanama.pipeline;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eppanama.runtime.Environment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Audio the pipeline cannot transcribe: an AudioException that says what is wrong, and the transcriber still works. */
class BadAudioTest {
    static Environment env;
    static Transcriber asr;
    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        env = Environment.create();
        asr = Transcriber.load(env, ToneModelFolders.onnxAsr(Path.of("target", "tone-models", "bad-audio"),
                "encoder-model.onnx.data"), TranscriberOptions.defaults());
    }

    @AfterAll
    static void tearDown() {
        asr.close();
        env.close();
    }

    private String refused(Path wav) {
        String m = assertThrows(AudioException.class, () -> asr.transcribe(wav)).getMessage();
        System.out.println(wav.getFileName() + ": " + m);
        return m;
    }

    @Test
    void silence() throws Exception {
        assertTrue(refused(WavWriter.write(dir.resolve("silent.wav"), 16_000, false, new float[32_000])).contains("silent"));
    }

    @Test
    void empty() throws Exception {
        assertTrue(refused(WavWriter.write(dir.resolve("empty.wav"), 16_000, false, new float[0])).contains("empty"));
    }

    @Test
    void tooShort() throws Exception {
        String m = refused(WavWriter.write(dir.resolve("short.wav"), 16_000, false, Signals.sine(440, 0.5, 16_000, 1000)));
        assertTrue(m.contains("too short") && m.contains("1280 samples"), m);
    }

    @Test
    void unreadableOrNotWav() throws Exception {
        assertTrue(refused(dir.resolve("absent.wav")).contains("cannot read audio file"));
        assertTrue(refused(Files.createDirectory(dir.resolve("a-folder.wav"))).contains("cannot read audio file"));
        assertTrue(refused(Files.writeString(dir.resolve("notes.wav"), "hello, these are notes")).contains("is not a WAV file"));
        byte[] truncated = Files.readAllBytes(WavWriter.write(dir.resolve("t.wav"), 16_000, false, new float[10]));
        assertTrue(refused(Files.write(dir.resolve("header-only.wav"), java.util.Arrays.copyOf(truncated, 20)))
                .contains("fmt chunk"));
    }

    @Test
    void silentOrEmptySegments() {
        try (Arena arena = Arena.ofConfined()) {
            assertThrows(AudioException.class, () -> asr.transcribe(new Waveform(MemorySegment.NULL, 16_000)));
            Waveform zeros = Signals.waveform(new float[48_000], 48_000, arena);
            assertTrue(assertThrows(AudioException.class, () -> asr.transcribe(zeros)).getMessage().contains("silent"));
            assertThrows(AudioException.class, () -> new Waveform(arena.allocate(6), 16_000));
        }
    }
}
