package org.eppanama.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eppanama.runtime.Environment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A reference nobody here wrote: onnx-asr 0.12.0 (installed from PyPI by {@code onnx-asr.sh} into a cached
 * virtual environment) transcribes the same generated model folder and WAV; its token ids and timestamps,
 * and its text, must equal the pipeline's, with features from the folder's nemo128.onnx and from Java. The
 * Java log-mel is also compared with onnx-asr's own two NeMo preprocessors (NumPy and its bundled
 * nemo128.onnx), which share no code with this project. Skips, saying why, only when the Python packages
 * cannot be installed.
 */
class OnnxAsrComparisonTest {
    static final Path DIR = Path.of("target", "tone-models", "onnx-asr-reference");
    static final String SCRIPT = "the cat sat on the mat . hello world is today ha . a cat is on the mat";
    static Environment env;
    static Path folder;
    static Path wav;
    static Path babble;
    static JsonNode reference;

    @BeforeAll
    static void runOnnxAsr() throws Exception {
        env = Environment.create();
        folder = ToneModelFolders.onnxAsr(DIR.resolve("model"), "encoder-model.onnx.data.000", "encoder-model.onnx.data.001");
        wav = WavWriter.write(DIR.resolve("speech.wav"), 16_000, false, ToneAudio.render(ToneAudio.script(SCRIPT), 21).samples());
        babble = WavWriter.write(DIR.resolve("babble.wav"), 16_000, false, Signals.babble(16_000, 64_000, 4));
        Path out = DIR.resolve("onnx-asr");
        Path log = DIR.resolve("onnx-asr.log");
        Process p = new ProcessBuilder(Path.of("onnx-asr.sh").toAbsolutePath().toString(), "run",
                folder.toAbsolutePath().toString(), wav.toAbsolutePath().toString(), out.toAbsolutePath().toString(),
                babble.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("onnx-asr.sh did not finish in 15 minutes; see " + log);
        }
        String output = Files.readString(log);
        if (p.exitValue() == 3) {
            System.out.println("SKIPPED: onnx-asr could not be installed:\n" + output);
            Assumptions.abort("onnx-asr could not be installed: " + output.strip());
        }
        assertEquals(0, p.exitValue(), "onnx-asr.sh failed:\n" + output);
        reference = new ObjectMapper().readTree(out.resolve("result.json").toFile());
        System.out.println("onnx-asr " + reference.get("versions") + ": " + reference.get("text").asText());
    }

    @AfterAll
    static void tearDown() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void sameTokensTimestampsAndTextWithEitherPreprocessor() {
        int[] ids = ints(reference.get("tokens"));
        double[] times = doubles(reference.get("timestamps"));
        assertTrue(ids.length > 20, "onnx-asr decoded " + ids.length + " tokens");
        for (TranscriberOptions.Preprocessing pre : new TranscriberOptions.Preprocessing[] {
                TranscriberOptions.Preprocessing.MODEL, TranscriberOptions.Preprocessing.JAVA}) {
            try (Transcriber t = Transcriber.load(env, folder, TranscriberOptions.builder().preprocessing(pre).build())) {
                Transcript tr = t.transcribe(wav);
                int[] got = tr.tokens().stream().mapToInt(TimedToken::id).toArray();
                double[] gotTimes = tr.tokens().stream().mapToDouble(TimedToken::seconds).toArray();
                System.out.printf("pipeline (%s features): %d tokens, same ids %b, same timestamps %b, text '%s'%n", pre,
                        got.length, java.util.Arrays.equals(ids, got), equalTimes(times, gotTimes), tr.text());
                assertArrayEquals(ids, got, pre + ": token ids");
                assertArrayEquals(times, gotTimes, 1e-9, pre + ": timestamps");
                assertEquals(reference.get("text").asText(), tr.text(), pre + ": text");
            }
        }
    }

    /** On speech-like audio every band has energy: the Java log-mel must match both to the goal of 1e-3. */
    @Test
    void javaLogMelMatchesOnnxAsrPreprocessorsOnSpeechLikeAudio() throws IOException {
        for (String pre : new String[] {"numpy", "onnx"}) {
            double diff = compareMel(babble, pre);
            assertTrue(diff <= MelSpectrogramTest.TOLERANCE, pre + ": " + diff);
        }
    }

    /**
     * The tone audio's low bands hold almost nothing but the log guard, so their spread is about 1e-3 and the
     * normalization magnifies onnx-asr's single-precision rounding (its pipeline is float32) a thousandfold
     * there; that difference is reported. The bands the tone model reads must match to 1e-3.
     */
    @Test
    void javaLogMelMatchesOnnxAsrPreprocessorsInTheBandsTheModelReads() throws IOException {
        MelFilterBank filters = new NemoMelSpectrogram(128, true).filters();
        for (String pre : new String[] {"numpy", "onnx"}) {
            compareMel(wav, pre);
            try (Arena arena = Arena.ofConfined()) {
                Features java = new NemoMelSpectrogram(128, true).compute(WavReader.read(wav, arena), arena);
                Features ref = reference(wav, pre, arena);
                double worst = 0;
                for (int w = 0; w < ToneLanguage.WORDS.size(); w++) {
                    int band = ToneLanguage.band(w, filters);
                    for (int t = 0; t < java.validFrames(); t++) {
                        worst = Math.max(worst, Math.abs(java.get(band, t) - ref.get(band, t)));
                    }
                }
                System.out.printf("mel Java vs onnx-asr %s preprocessor on %s, the %d word bands: max abs difference %.3g%n",
                        pre, wav.getFileName(), ToneLanguage.WORDS.size(), worst);
                assertTrue(worst <= MelSpectrogramTest.TOLERANCE, pre + ": " + worst);
            }
        }
    }

    private static double compareMel(Path audio, String pre) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            Features java = new NemoMelSpectrogram(128, true).compute(WavReader.read(audio, arena), arena);
            Features ref = reference(audio, pre, arena);
            assertEquals(java.frames(), ref.frames(), pre + " frames");
            assertEquals(java.validFrames(), ref.validFrames(), pre + " valid frames");
            double diff = MelSpectrogramTest.maxAbsDifference(java, ref);
            System.out.printf("mel Java vs onnx-asr %s preprocessor on %s: max abs difference %.3g over %d x %d%n", pre,
                    audio.getFileName(), diff, ref.bins(), ref.validFrames());
            return diff;
        }
    }

    /** onnx-asr's features of {@code audio} from its {@code pre} preprocessor. */
    private static Features reference(Path audio, String pre, Arena arena) throws IOException {
        JsonNode f = reference.get("features").get(audio.getFileName().toString().replace(".wav", "") + "_" + pre);
        return read(Path.of(f.get("file").asText()), f.get("shape"), f.get("valid").asInt(), arena);
    }

    private static Features read(Path file, JsonNode shape, int valid, Arena arena) throws IOException {
        int bins = shape.get(0).asInt();
        int frames = shape.get(1).asInt();
        MemorySegment raw = MemorySegment.ofArray(Files.readAllBytes(file));
        MemorySegment data = arena.allocate(ValueLayout.JAVA_FLOAT, (long) bins * frames);
        for (long i = 0; i < (long) bins * frames; i++) {
            data.setAtIndex(ValueLayout.JAVA_FLOAT, i,
                    raw.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i));
        }
        return new Features(data, bins, frames, valid);
    }

    private static boolean equalTimes(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-9) {
                return false;
            }
        }
        return true;
    }

    private static int[] ints(JsonNode array) {
        int[] v = new int[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asInt();
        }
        return v;
    }

    private static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }
}
