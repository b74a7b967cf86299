package org.eppanama.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** WAV decoding, channel mixing and resampling. */
class AudioInputTest {
    @TempDir
    Path dir;

    @Test
    void pcm16MonoReadsAsFloats() throws Exception {
        float[] s = {0f, 0.5f, -0.5f, -1f, 32767f / 32768};
        Path f = WavWriter.write(dir.resolve("a.wav"), 16_000, false, s);
        try (Arena arena = Arena.ofConfined()) {
            Waveform w = WavReader.read(f, arena);
            assertEquals(16_000, w.sampleRate());
            assertArrayEquals(s, Signals.toArray(w.samples()));
        }
    }

    @Test
    void float32StereoIsMixedToMono() throws Exception {
        float[] left = {0.25f, 1f, -0.5f};
        float[] right = {0.75f, 0f, -0.25f};
        Path f = WavWriter.write(dir.resolve("s.wav"), 22_050, true, left, right);
        try (Arena arena = Arena.ofConfined()) {
            Waveform w = WavReader.read(f, arena);
            assertEquals(22_050, w.sampleRate());
            assertArrayEquals(new float[] {0.5f, 0.5f, -0.375f}, Signals.toArray(w.samples()));
        }
    }

    @Test
    void chunksBeforeDataAndOddSizedChunksAreSkipped() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(56).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(16_000).putInt(32_000)
                .putShort((short) 2).putShort((short) 16);
        b.put("LIST".getBytes()).putInt(3).put(new byte[] {1, 2, 3, 0}); // odd size, one pad byte
        b.put("data".getBytes()).putInt(4).putShort((short) 16384).putShort((short) -16384);
        Path f = Files.write(dir.resolve("list.wav"), Arrays.copyOf(b.array(), b.position()));
        try (Arena arena = Arena.ofConfined()) {
            assertArrayEquals(new float[] {0.5f, -0.5f}, Signals.toArray(WavReader.read(f, arena).samples()));
        }
    }

    @Test
    void unsupportedEncodingsAndNonWavFilesAreRefusedWithTheFix() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(16_000).putInt(48_000)
                .putShort((short) 3).putShort((short) 24);
        b.put("data".getBytes()).putInt(0);
        Path pcm24 = Files.write(dir.resolve("24.wav"), b.array());
        Path mp3 = Files.write(dir.resolve("x.wav"), new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        Path empty = Files.write(dir.resolve("empty.wav"), new byte[0]);
        try (Arena arena = Arena.ofConfined()) {
            AudioException e = assertThrows(AudioException.class, () -> WavReader.read(pcm24, arena));
            assertTrue(e.getMessage().contains("24-bit PCM") && e.getMessage().contains("ffmpeg"), e.getMessage());
            e = assertThrows(AudioException.class, () -> WavReader.read(mp3, arena));
            assertTrue(e.getMessage().contains("is not a WAV file") && e.getMessage().contains("49 44 33"), e.getMessage());
            e = assertThrows(AudioException.class, () -> WavReader.read(empty, arena));
            assertTrue(e.getMessage().contains("the file is empty"), e.getMessage());
            e = assertThrows(AudioException.class, () -> WavReader.read(dir.resolve("absent.wav"), arena));
            assertTrue(e.getMessage().contains("cannot read audio file"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8_000, 11_025, 22_050, 32_000, 44_100, 48_000})
    void resamplingKeepsA1kHzToneAt16kHz(int rate) {
        int n = rate; // one second
        try (Arena arena = Arena.ofConfined()) {
            Waveform in = Signals.waveform(Signals.sine(1000, 0.5, rate, n), rate, arena);
            Waveform out = Resampler.resample(in, 16_000, arena);
            assertEquals(16_000, out.sampleRate());
            assertEquals(16_000, out.length());
            float[] want = Signals.sine(1000, 0.5, 16_000, 16_000);
            double err = 0;
            for (int i = 200; i < 15_800; i++) { // away from the edges, where the filter sees zeros
                err = Math.max(err, Math.abs(out.get(i) - want[i]));
            }
            assertTrue(err < 2e-3, rate + " Hz: max error " + err);
        }
    }

    @Test
    void ratesOutsideTheRangeAreRefused() {
        try (Arena arena = Arena.ofConfined()) {
            Waveform in = Signals.waveform(new float[100], 4_000, arena);
            AudioException e = assertThrows(AudioException.class, () -> Resampler.resample(in, 16_000, arena));
            assertTrue(e.getMessage().contains("4000 Hz") && e.getMessage().contains("ffmpeg -ar 16000"), e.getMessage());
        }
    }
}
