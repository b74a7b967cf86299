package org.eppanama.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the pipeline benchmark ({@code org.eppanama.pipeline.bench.PipelineBenchmark}) runs, made from the test
 * generators so the answer is known: a model folder in onnx-asr's Parakeet-TDT layout whose encoder carries a
 * {@link ToneModels.Conformer} stack (so encoding costs something), and a WAV of tone words at least
 * {@code minSeconds} long, with the tokens, frames and text it must decode to. The same arguments give the same
 * bytes.
 */
public final class BenchmarkSetup {
    /** Seeds of the script, the audio's noise and phases, and the Conformer stack's weights. */
    private static final long SCRIPT_SEED = 700;
    private static final long AUDIO_SEED = 7;
    private static final long WEIGHT_SEED = 77;

    private final Path folder;
    private final Path wav;
    private final double seconds;
    private final int[] ids;
    private final int[] frames;
    private final String text;
    private final int words;
    private final int layers;
    private final int width;

    private BenchmarkSetup(Path folder, Path wav, double seconds, int[] ids, int[] frames, String text, int words,
                           int layers, int width) {
        this.folder = folder;
        this.wav = wav;
        this.seconds = seconds;
        this.ids = ids;
        this.frames = frames;
        this.text = text;
        this.words = words;
        this.layers = layers;
        this.width = width;
    }

    /**
     * Writes {@code dir/model} and {@code dir/speech.wav}: at least {@code minSeconds} of audio, and an encoder
     * with a Conformer-like stack of {@code layers} blocks {@code width} wide (0 layers: the tone encoder alone).
     */
    public static BenchmarkSetup create(Path dir, double minSeconds, int layers, int width) {
        List<ToneLanguage.Word> script = new ArrayList<>();
        ToneAudio.Rendered audio;
        long seed = SCRIPT_SEED;
        do {
            script.addAll(ToneAudio.randomScript(10, seed++));
            audio = ToneAudio.render(script, AUDIO_SEED);
        } while (audio.seconds() < minSeconds);
        try {
            Path wav = WavWriter.write(dir.resolve("speech.wav"), 16_000, false, audio.samples());
            Path folder = dir.resolve("model");
            ToneModels.EncoderSpec spec = ToneModels.EncoderSpec.dynamic("encoder-model.onnx", "encoder-model.onnx.data");
            ToneModelFolders.write(folder, ToneModels.encoder(spec,
                    layers == 0 ? null : new ToneModels.Conformer(layers, width, WEIGHT_SEED)));
            ToneModelFolders.writeCommon(folder);
            List<ToneLanguage.Expected> expected = ToneLanguage.expected(audio.placed(), ToneModelFolders.CAP);
            StringBuilder pieces = new StringBuilder();
            for (ToneLanguage.Expected e : expected) {
                pieces.append(ToneLanguage.PIECES.get(e.id()));
            }
            return new BenchmarkSetup(folder, wav, audio.seconds(), expected.stream().mapToInt(ToneLanguage.Expected::id).toArray(),
                    expected.stream().mapToInt(ToneLanguage.Expected::frame).toArray(),
                    pieces.toString().replace('▁', ' ').strip(), script.size(), layers, width);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Throws, saying where, unless {@code t} is exactly the known answer: token ids, their frames and the text. */
    public void check(Transcript t) {
        int[] got = t.tokens().stream().mapToInt(TimedToken::id).toArray();
        int[] at = t.tokens().stream().mapToInt(TimedToken::frame).toArray();
        check("the pipeline", got, at, t.text());
    }

    /** Throws, saying where, unless {@code ids}, {@code frames} and {@code text} are the known answer. */
    public void check(String who, int[] ids, int[] frames, String text) {
        if (!Arrays.equals(this.ids, ids)) {
            int i = Arrays.mismatch(this.ids, ids);
            throw new IllegalStateException(who + " decoded " + ids.length + " tokens, expected " + this.ids.length
                    + "; first difference at token " + i);
        }
        if (frames != null && !Arrays.equals(this.frames, frames)) {
            int i = Arrays.mismatch(this.frames, frames);
            throw new IllegalStateException(who + ": token " + i + " at frame " + frames[i] + ", expected " + this.frames[i]);
        }
        if (!this.text.equals(text)) {
            throw new IllegalStateException(who + " gave the text '" + text + "', expected '" + this.text + "'");
        }
    }

    public Path folder() {
        return folder;
    }

    public Path wav() {
        return wav;
    }

    /** The audio's length in seconds. */
    public double seconds() {
        return seconds;
    }

    /** The token ids the audio decodes to. */
    public int[] ids() {
        return ids.clone();
    }

    /** The encoder frame of each token. */
    public int[] frames() {
        return frames.clone();
    }

    /** The text the audio decodes to. */
    public String text() {
        return text;
    }

    /** Words in the script. */
    public int words() {
        return words;
    }

    /** Blocks of the encoder's Conformer-like stack (0: none). */
    public int layers() {
        return layers;
    }

    /** Width of the stack's blocks. */
    public int width() {
        return width;
    }

    /** The tone model's symbols-per-frame cap (config.json), which onnx-asr reads too. */
    public static int symbolsPerFrame() {
        return ToneModelFolders.CAP;
    }
}
