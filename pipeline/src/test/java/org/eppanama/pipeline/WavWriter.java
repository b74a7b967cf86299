package org.eppanama.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes test WAV files: 16-bit PCM or 32-bit float, interleaved channels. */
final class WavWriter {
    private WavWriter() {
    }

    /** One channel per array, all the same length; PCM16 clips to [-1, 1). */
    static Path write(Path file, int rate, boolean float32, float[]... channels) throws IOException {
        int frames = channels[0].length;
        int sampleBytes = float32 ? 4 : 2;
        int data = frames * channels.length * sampleBytes;
        ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + data).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) (float32 ? 3 : 1)).putShort((short) channels.length)
                .putInt(rate).putInt(rate * channels.length * sampleBytes).putShort((short) (channels.length * sampleBytes))
                .putShort((short) (sampleBytes * 8));
        b.put("data".getBytes()).putInt(data);
        for (int f = 0; f < frames; f++) {
            for (float[] c : channels) {
                if (float32) {
                    b.putFloat(c[f]);
                } else {
                    b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(c[f] * 32768))));
                }
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, b.array());
    }
}
