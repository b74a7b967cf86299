package org.eppanama.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command line on a minute of audio: text, token times and stage timing on the CPU execution provider.
 * The file is given twice so the second line of timings is with a warm JIT.
 */
class TranscribeMainTest {
    static final Path MODELS = Path.of("target", "tone-models");

    @Test
    void transcribesAMinuteAndPrintsTextTimesAndTimings() throws Exception {
        List<ToneLanguage.Word> script = new ArrayList<>();
        ToneAudio.Rendered audio;
        long seed = 100;
        do {
            script.addAll(ToneAudio.randomScript(10, seed++));
            audio = ToneAudio.render(script, 9);
        } while (audio.seconds() < 60);
        Path wav = WavWriter.write(MODELS.resolve("minute.wav"), 16_000, false, audio.samples());
        Path model = ToneModelFolders.onnxAsr(MODELS.resolve("main"), "encoder-model.onnx.data.000", "encoder-model.onnx.data.001");
        StringBuilder pieces = new StringBuilder();
        for (ToneAudio.Placed p : audio.placed()) {
            for (int id : p.word().pieces()) {
                pieces.append(ToneLanguage.PIECES.get(id));
            }
        }
        String expectedText = pieces.toString().replace('▁', ' ').strip();
        for (String pre : new String[] {"model", "java"}) {
            String out = run("--model", model.toString(), "--preprocessor", pre, wav.toString(), wav.toString());
            System.out.println(out.lines().filter(l -> !l.startsWith("  ")).reduce((a, b) -> a + "\n" + b).orElse(""));
            assertTrue(out.contains("text: " + expectedText), out);
            assertEquals(2 * ToneLanguage.expected(audio.placed(), ToneModelFolders.CAP).size(),
                    out.lines().filter(l -> l.matches("\\s+\\d+\\.\\d\\d s  frame .*")).count());
            assertEquals(2, out.lines().filter(l -> l.startsWith("timing: audio ")).count(), out);
        }
    }

    @Test
    void withoutArgumentsItShowsTheUsage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TranscribeMain.run(new String[0]));
        assertTrue(e.getMessage().startsWith("usage: TranscribeMain --model DIR"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TranscribeMain.run(new String[] {"--model"}));
        assertTrue(e.getMessage().startsWith("--model needs a value"), e.getMessage());
    }

    private static String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            TranscribeMain.run(args);
        } finally {
            System.setOut(original);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
