package org.eppanama.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * The made-up language of the test models: each word is a pure tone of its own frequency lasting a fixed
 * number of encoder frames, and decodes to one, two or three SentencePiece pieces, all emitted at the
 * tone's first frame. What a transcript must be is therefore known from the script alone:
 *
 * <ul>
 *   <li>a one-piece word is emitted with a duration equal to its tone's length, so the decoder lands on
 *       the frame after the tone (durations advance the frame pointer);</li>
 *   <li>the pieces of a longer word come one after another at the same frame, with duration 0, the joint
 *       telling which piece is next from the previous token ({@code targets}) and the one before it (kept
 *       in the LSTM state, which only survives if it is carried from emission to emission);</li>
 *   <li>"ha" always has duration 0, so it repeats until the symbols-per-frame cap moves the decoder on:
 *       cap times per frame of its tone.</li>
 * </ul>
 */
final class ToneLanguage {
    /** Piece ids as vocab.txt lists them; the blank is last, as in Parakeet's vocabularies. */
    static final List<String> PIECES = List.of("<unk>", "▁the", "▁he", "llo", "▁wor", "ld", "▁a", "▁cat", "▁sat", "▁on",
            "▁mat", "▁t", "o", "day", ".", "▁is", "▁ha", "<blk>");
    static final int VOCAB = PIECES.size();
    static final int BLANK = VOCAB - 1;
    static final int UNK = 0;
    /** TDT durations 0..4, Parakeet's. */
    static final int DURATIONS = 5;

    /** A word: its spelling, its pieces, its tone's length in encoder frames, and whether it stutters. */
    record Word(String name, int[] pieces, int frames, boolean stutter) {
    }

    static final List<Word> WORDS = List.of(
            new Word("the", ids("▁the"), 2, false),
            new Word("hello", ids("▁he", "llo"), 4, false),
            new Word("world", ids("▁wor", "ld"), 4, false),
            new Word("a", ids("▁a"), 2, false),
            new Word("cat", ids("▁cat"), 3, false),
            new Word("sat", ids("▁sat"), 3, false),
            new Word("on", ids("▁on"), 2, false),
            new Word("mat", ids("▁mat"), 3, false),
            new Word("today", ids("▁t", "o", "day"), 4, false),
            new Word(".", ids("."), 2, false),
            new Word("is", ids("▁is"), 2, false),
            new Word("ha", ids("▁ha"), 2, true));

    /** Tone k sits on FFT bin 48 + 16k of the 512-point, 16 kHz analysis: 1500 Hz, 2000 Hz, ... 7000 Hz. */
    static double frequency(int word) {
        return (48 + 16 * word) * (double) NemoMelSpectrogram.SAMPLE_RATE / NemoMelSpectrogram.N_FFT;
    }

    private ToneLanguage() {
    }

    private static int[] ids(String... pieces) {
        int[] ids = new int[pieces.length];
        for (int i = 0; i < pieces.length; i++) {
            ids[i] = PIECES.indexOf(pieces[i]);
            if (ids[i] < 0) {
                throw new IllegalArgumentException("no piece " + pieces[i]);
            }
        }
        return ids;
    }

    static Word word(String name) {
        return WORDS.stream().filter(w -> w.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no word '" + name + "' in the tone language"));
    }

    static int index(Word w) {
        return WORDS.indexOf(w);
    }

    /** The mel band where tone {@code word} is strongest: the encoder reads that band as the word's channel. */
    static int band(int word, MelFilterBank filters) {
        int bin = 48 + 16 * word;
        int best = 0;
        for (int m = 1; m < filters.bands(); m++) {
            if (filters.weight(m, bin) > filters.weight(best, bin)) {
                best = m;
            }
        }
        return best;
    }

    /** A token the decoder must give: its id and encoder frame. */
    record Expected(int id, int frame) {
    }

    /** The tokens a placed script decodes to, with {@code cap} symbols per frame. */
    static List<Expected> expected(List<ToneAudio.Placed> placed, int cap) {
        List<Expected> out = new ArrayList<>();
        for (ToneAudio.Placed p : placed) {
            if (p.word().stutter()) {
                for (int f = 0; f < p.word().frames(); f++) {
                    for (int i = 0; i < cap; i++) {
                        out.add(new Expected(p.word().pieces()[0], p.frame() + f));
                    }
                }
            } else {
                for (int id : p.word().pieces()) {
                    out.add(new Expected(id, p.frame()));
                }
            }
        }
        return out;
    }

    /** The vocab.txt / tokens.txt text: "piece id" lines. */
    static String vocabFile() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < PIECES.size(); i++) {
            sb.append(PIECES.get(i)).append(' ').append(i).append('\n');
        }
        return sb.toString();
    }
}
