package org.eppanama.pipeline;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads RIFF/WAVE files: 16-bit PCM or 32-bit IEEE float (plain or WAVE_FORMAT_EXTENSIBLE), any number of
 * channels, mixed to mono by averaging. The file is memory-mapped and converted once into the caller's
 * arena; it keeps its own sample rate (see {@link Resampler}).
 */
public final class WavReader {
    private static final System.Logger LOG = System.getLogger(WavReader.class.getName());
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_FLOAT = 3;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;
    private static final String CONVERT_HINT = "convert it with: ffmpeg -i INPUT -ar 16000 -ac 1 -c:a pcm_s16le OUTPUT.wav";

    private WavReader() {
    }

    /** The file's audio as a mono waveform allocated in {@code arena}. */
    public static Waveform read(Path file, Arena arena) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(arena, "arena");
        if (Files.isDirectory(file)) {
            throw new AudioException("cannot read audio file " + file + ": it is a folder");
        }
        try (Arena mapping = Arena.ofConfined(); FileChannel ch = FileChannel.open(file)) {
            MemorySegment bytes = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), mapping);
            return decode(bytes, file.toString(), arena);
        } catch (IOException e) {
            throw new AudioException("cannot read audio file " + file + ": " + e, e);
        }
    }

    /** Decodes WAV file bytes ({@code name} is used in messages) into a mono waveform allocated in {@code arena}. */
    public static Waveform decode(MemorySegment bytes, String name, Arena arena) {
        if (bytes.byteSize() < 12 || !tag(bytes, 0).equals("RIFF") || !tag(bytes, 8).equals("WAVE")) {
            throw new AudioException(name + " is not a WAV file (it starts with " + printable(bytes)
                    + ", not RIFF....WAVE); " + CONVERT_HINT);
        }
        Format format = null;
        long pos = 12;
        while (pos + 8 <= bytes.byteSize()) {
            String id = tag(bytes, pos);
            long size = Integer.toUnsignedLong(bytes.get(I32, pos + 4));
            long body = pos + 8;
            if (id.equals("fmt ")) {
                if (size > bytes.byteSize() - body) {
                    throw new AudioException(name + ": the fmt chunk is cut off (the file ends " + (bytes.byteSize() - body)
                            + " bytes into it); " + CONVERT_HINT);
                }
                format = Format.read(bytes, body, size, name);
            } else if (id.equals("data")) {
                if (format == null) {
                    throw new AudioException(name + ": the data chunk comes before any fmt chunk; " + CONVERT_HINT);
                }
                long available = bytes.byteSize() - body;
                if (size > available) {
                    // Recorders that stop abruptly leave the header's size behind: use what is there.
                    LOG.log(System.Logger.Level.WARNING, name + ": data chunk claims " + size + " bytes but only "
                            + available + " follow; reading those");
                    size = available;
                }
                return format.toMono(bytes.asSlice(body, size), name, arena);
            }
            pos = body + size + (size & 1); // chunks are padded to an even size
        }
        throw new AudioException(name + " has no " + (format == null ? "fmt chunk" : "data chunk") + "; " + CONVERT_HINT);
    }

    private record Format(int encoding, int channels, int sampleRate, int bits) {
        static Format read(MemorySegment b, long at, long size, String name) {
            if (size < 16) {
                throw new AudioException(name + ": fmt chunk of " + size + " bytes is too short (16 needed)");
            }
            int encoding = Short.toUnsignedInt(b.get(I16, at));
            int channels = Short.toUnsignedInt(b.get(I16, at + 2));
            int rate = b.get(I32, at + 4);
            int bits = Short.toUnsignedInt(b.get(I16, at + 14));
            if (encoding == FORMAT_EXTENSIBLE && size >= 40) {
                encoding = Short.toUnsignedInt(b.get(I16, at + 24)); // first two bytes of the SubFormat GUID
            }
            boolean pcm16 = encoding == FORMAT_PCM && bits == 16;
            boolean float32 = encoding == FORMAT_FLOAT && bits == 32;
            if (!pcm16 && !float32) {
                String what = encoding == FORMAT_PCM ? bits + "-bit PCM" : encoding == FORMAT_FLOAT ? bits + "-bit float"
                        : "encoding 0x" + Integer.toHexString(encoding);
                throw new AudioException(name + " is " + what + "; supported are 16-bit PCM and 32-bit float, so "
                        + CONVERT_HINT);
            }
            if (channels < 1) {
                throw new AudioException(name + ": fmt chunk says 0 channels");
            }
            if (rate <= 0) {
                throw new AudioException(name + ": fmt chunk says sample rate " + Integer.toUnsignedString(rate));
            }
            return new Format(encoding, channels, rate, bits);
        }

        Waveform toMono(MemorySegment data, String name, Arena arena) {
            int sampleBytes = bits / 8;
            long frames = data.byteSize() / ((long) sampleBytes * channels);
            if (frames * sampleBytes * channels != data.byteSize()) {
                LOG.log(System.Logger.Level.WARNING, name + ": data chunk ends inside a sample frame; dropping the partial frame");
            }
            MemorySegment out = arena.allocate(ValueLayout.JAVA_FLOAT, frames);
            float scale = 1f / channels;
            for (long f = 0; f < frames; f++) {
                float sum = 0;
                for (int c = 0; c < channels; c++) {
                    long at = (f * channels + c) * sampleBytes;
                    sum += encoding == FORMAT_PCM ? data.get(I16, at) / 32768f : data.get(F32, at);
                }
                out.setAtIndex(ValueLayout.JAVA_FLOAT, f, sum * scale);
            }
            return new Waveform(out, sampleRate);
        }
    }

    private static String tag(MemorySegment b, long at) {
        return new String(b.asSlice(at, 4).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.ISO_8859_1);
    }

    private static String printable(MemorySegment b) {
        if (b.byteSize() == 0) {
            return "nothing (the file is empty)";
        }
        StringBuilder sb = new StringBuilder("bytes");
        for (long i = 0; i < Math.min(8, b.byteSize()); i++) {
            sb.append(String.format(" %02x", b.get(ValueLayout.JAVA_BYTE, i)));
        }
        return sb.toString();
    }
}
