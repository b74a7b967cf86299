package org.eppanama.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Renders a script of {@link ToneLanguage} words as 16 kHz audio whose tones fall on encoder frames (1280
 * samples), over faint noise.
 *
 * <p>Two things keep the decoding robust against NeMo's per-feature normalization, which rescales every mel
 * band by its own spread over the utterance: (1) the audio opens with a chord of all tones, so every word's
 * band has seen its tone at least for a while (5% of the audio) and no band is left to amplify noise alone;
 * (2) each tone starts 5 ms after its first frame and ends 25 ms before the frame after its last, with 10 ms
 * ramps, so the frames the decoder looks at outside tones hold no tone energy at all. The chord decodes to
 * blank (the joint sees several tones at once).
 */
final class ToneAudio {
    static final int FRAME = 8 * NemoMelSpectrogram.HOP;
    static final double TONE_AMPLITUDE = 0.1;
    static final double CHORD_AMPLITUDE = 0.06;
    static final double NOISE_RMS = 1e-4;
    private static final int ONSET = 80;
    private static final int RELEASE = NemoMelSpectrogram.WINDOW;
    private static final int RAMP = 160;
    private static final int LEAD = 2;
    private static final int TAIL = 3;
    /** Part of the audio the opening chord takes, at least. */
    static final double CHORD_SHARE = 0.05;
    /** Above this share of the audio, a tone's band would be normalized too flat to tell its frames apart. */
    static final double MAX_TONE_SHARE = 0.3;

    /** A word of the script and the encoder frame its tone starts at. */
    record Placed(ToneLanguage.Word word, int frame) {
    }

    record Rendered(float[] samples, List<Placed> placed, int chordFrames) {
        double seconds() {
            return samples.length / (double) NemoMelSpectrogram.SAMPLE_RATE;
        }
    }

    private ToneAudio() {
    }

    /** The script as audio; gaps between words cycle through 1, 2 and 3 frames. */
    static Rendered render(List<ToneLanguage.Word> script, long seed) {
        int content = 0;
        for (int i = 0; i < script.size(); i++) {
            content += script.get(i).frames() + gap(i);
        }
        int chord = 4;
        while (chord < CHORD_SHARE * (LEAD + chord + 2 + content + TAIL)) {
            chord++;
        }
        int total = LEAD + chord + 2 + content + TAIL;
        float[] s = Signals.noise(NOISE_RMS, total * FRAME, seed);
        SplittableRandom phases = new SplittableRandom(seed + 1);
        for (int w = 0; w < ToneLanguage.WORDS.size(); w++) {
            addTone(s, ToneLanguage.frequency(w), CHORD_AMPLITUDE, LEAD, chord, phases.nextDouble());
        }
        List<Placed> placed = new ArrayList<>();
        int[] toneFrames = new int[ToneLanguage.WORDS.size()];
        int frame = LEAD + chord + 2;
        for (int i = 0; i < script.size(); i++) {
            ToneLanguage.Word word = script.get(i);
            int w = ToneLanguage.index(word);
            addTone(s, ToneLanguage.frequency(w), TONE_AMPLITUDE, frame, word.frames(), phases.nextDouble());
            placed.add(new Placed(word, frame));
            toneFrames[w] += word.frames();
            frame += word.frames() + gap(i);
        }
        for (int w = 0; w < toneFrames.length; w++) {
            if (toneFrames[w] + chord > MAX_TONE_SHARE * total) {
                throw new IllegalArgumentException("'" + ToneLanguage.WORDS.get(w).name() + "' sounds in "
                        + (toneFrames[w] + chord) + " of " + total + " frames, more than the " + MAX_TONE_SHARE
                        + " the tone model's normalization tolerates: add other words");
            }
        }
        return new Rendered(s, placed, chord);
    }

    static int gap(int i) {
        return 1 + i % 3;
    }

    private static void addTone(float[] s, double hz, double amplitude, int frame, int frames, double phase) {
        int start = frame * FRAME + ONSET;
        int end = (frame + frames) * FRAME - RELEASE;
        for (int i = start; i < end; i++) {
            int edge = Math.min(i - start, end - 1 - i);
            double ramp = edge >= RAMP ? 1 : 0.5 - 0.5 * Math.cos(Math.PI * edge / RAMP);
            s[i] += (float) (amplitude * ramp * Math.sin(2 * Math.PI * (hz * i / NemoMelSpectrogram.SAMPLE_RATE + phase)));
        }
    }

    /** A script of {@code words} words drawn from the language (no stutter), reproducible from {@code seed}. */
    static List<ToneLanguage.Word> randomScript(int words, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<ToneLanguage.Word> plain = ToneLanguage.WORDS.stream().filter(w -> !w.stutter()).toList();
        List<ToneLanguage.Word> script = new ArrayList<>();
        for (int i = 0; i < words; i++) {
            script.add(plain.get(r.nextInt(plain.size())));
        }
        return script;
    }

    /** Words by name, e.g. "the cat sat on the mat .". */
    static List<ToneLanguage.Word> script(String words) {
        List<ToneLanguage.Word> script = new ArrayList<>();
        for (String w : words.trim().split("\\s+")) {
            script.add(ToneLanguage.word(w));
        }
        return script;
    }
}
