package org.eppanama.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eppanama.runtime.ElementType;
import org.eppanama.runtime.Environment;
import org.eppanama.runtime.SessionOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chunk-and-stitch: over a minute of tone words spanning many windows, every window/overlap setting (and the
 * fixed-shape and bucketed encoders) must decode to exactly the expected tokens at exactly their frames, so no
 * encoder frame is doubled or dropped at any seam.
 */
class ChunkStitchTest {
    static final Path MODELS = Path.of("target", "tone-models");
    static Environment env;
    static Path wav;
    static ToneAudio.Rendered audio;
    static List<ToneLanguage.Expected> expected;

    @BeforeAll
    static void setUp() throws Exception {
        env = Environment.create();
        List<ToneLanguage.Word> script = new ArrayList<>();
        long seed = 1;
        do {
            script.addAll(ToneAudio.randomScript(10, seed++));
            audio = ToneAudio.render(script, 5);
        } while (audio.seconds() < 62);
        expected = ToneLanguage.expected(audio.placed(), ToneModelFolders.CAP);
        wav = WavWriter.write(MODELS.resolve("long.wav"), 16_000, false, audio.samples());
        ToneModelFolders.onnxAsr(MODELS.resolve("stitch-onnx-asr"), "encoder-model.onnx.data");
        ToneModelFolders.npu(MODELS.resolve("stitch-npu"));
        System.out.printf("seam test audio: %.1f s, %d words, %d tokens%n", audio.seconds(), audio.placed().size(),
                expected.size());
    }

    @AfterAll
    static void tearDown() {
        env.close();
    }

    private static String check(String folder, TranscriberOptions options) {
        try (Transcriber t = Transcriber.load(env, MODELS.resolve(folder), options)) {
            Transcript tr = t.transcribe(wav);
            List<ToneLanguage.Expected> got = tr.tokens().stream().map(k -> new ToneLanguage.Expected(k.id(), k.frame())).toList();
            String row = String.format("%-15s window %5.2f s overlap %4.2f s  %-26s %3d windows  %4d/%4d tokens  %s",
                    folder, t.chunkPlan().windowSeconds(), t.chunkPlan().overlapSeconds(),
                    t.encoder() instanceof BucketedEncoder b ? b.uses().toString() : "", tr.timings().windows(),
                    got.size(), expected.size(), got.equals(expected) ? "exact" : "MISMATCH");
            System.out.println(row);
            assertEquals(expected, got, row);
            assertTrue(tr.timings().windows() > 1 || t.chunkPlan().windowSeconds() > audio.seconds(), row);
            return row;
        }
    }

    @Test
    void dynamicEncoderAtSeveralWindowsAndOverlaps() {
        check("stitch-onnx-asr", TranscriberOptions.defaults());
        double[][] settings = {{8, 0}, {4, 0.5}, {2, 0.32}, {3.3, 0.7}, {1, 0.08}, {5.12, 2.56}, {16, 4}};
        for (double[] s : settings) {
            check("stitch-onnx-asr", TranscriberOptions.builder().chunking(s[0], s[1]).build());
        }
    }

    @Test
    void fixedShapeEncoderPadsEachWindow() {
        check("stitch-npu", TranscriberOptions.defaults());
        check("stitch-npu", TranscriberOptions.builder().chunking(5, 2).build());
    }

    @Test
    void bucketsOfTheDynamicEncoder() {
        check("stitch-onnx-asr", TranscriberOptions.builder().encoderBuckets(2, 4, 8).build());
        check("stitch-onnx-asr", TranscriberOptions.builder().encoderBuckets(2, 4, 8).chunking(3, 1).build());
    }

    /** An encoder from the caller's factory (as an OpenVINO bucket manager would plug in) takes the same windows. */
    @Test
    void anEncoderFromTheCallersFactory() {
        int[] windows = {0};
        TranscriberOptions options = TranscriberOptions.builder().encoder((e, files) -> {
            Encoder buckets = new BucketedEncoder(List.of(
                    SessionEncoder.loadFixed(e, files.encoder(), SessionOptions.create(), 401),
                    SessionEncoder.loadFixed(e, files.encoder(), SessionOptions.create(), 801)));
            return new Encoder() {
                @Override
                public int maxFrames() {
                    return buckets.maxFrames();
                }

                @Override
                public EncodedWindow encode(Features features, int start, int length) {
                    windows[0]++;
                    return buckets.encode(features, start, length);
                }

                @Override
                public void close() {
                    buckets.close();
                }
            };
        }).build();
        check("stitch-onnx-asr", options);
        assertEquals(10, windows[0]);
    }

    /**
     * The stitcher alone, with an encoder whose every output frame holds its global index: for many lengths,
     * windows and overlaps the stitched frames are 0, 1, 2, ... exactly once each.
     */
    @Test
    void stitchedFramesAreEachEncoderFrameOnce() {
        int checked = 0;
        for (int window : new int[] {8, 16, 80, 800}) {
            for (int overlap = 0; overlap < window; overlap += 8 * Math.max(1, window / 32)) {
                for (int valid : new int[] {8, 9, 15, 16, 17, window - 1, window, window + 1, 5 * window + 3, 1001, 6000}) {
                    if (valid < 8) {
                        continue;
                    }
                    try (Arena arena = Arena.ofConfined()) {
                        Features f = new Features(arena.allocate(ValueLayout.JAVA_FLOAT, valid + 1L), 1, valid + 1, valid);
                        EncoderFrames out = ChunkStitcher.encode(new IndexEncoder(), f, new ChunkPlan(window, overlap, 8), arena);
                        int frames = (valid + 7) / 8;
                        assertEquals(frames, out.frames(), window + "/" + overlap + "/" + valid);
                        for (int t = 0; t < frames; t++) {
                            assertEquals(t, out.data().getAtIndex(ValueLayout.JAVA_FLOAT, t), window + "/" + overlap + "/" + valid);
                        }
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 100);
    }

    /** Output frame t of a window starting at feature frame s holds s / 8 + t; its length is ceil(real / 8). */
    private static final class IndexEncoder implements Encoder {
        private final Arena arena = Arena.ofConfined();

        @Override
        public int maxFrames() {
            return Integer.MAX_VALUE;
        }

        @Override
        public EncodedWindow encode(Features features, int start, int length) {
            int capacity = (length + 7) / 8;
            int real = Math.min(length, features.validFrames() - start);
            MemorySegment data = arena.allocate(ValueLayout.JAVA_FLOAT, capacity);
            for (int t = 0; t < capacity; t++) {
                data.setAtIndex(ValueLayout.JAVA_FLOAT, t, start / 8 + t);
            }
            return new EncodedWindow(data, ElementType.FLOAT, 1, capacity, (real + 7) / 8);
        }

        @Override
        public void close() {
            arena.close();
        }
    }
}
