package org.eppanama.openvino;

import static org.eppanama.openvino.OpenVinoTests.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.eppanama.onnx.ConformerLikeEncoder;
import org.eppanama.runtime.ElementType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bucket selection, padding, LRU eviction, the compile cache, and bad configurations. */
class BucketedModelTest extends WithCore {
    static final int FEATURES = 16;
    static final ConformerLikeEncoder ENCODER = new ConformerLikeEncoder().features(FEATURES).dModel(8).ffDim(16);
    static final byte[] MODEL = ENCODER.build();

    private static BucketedModel.Builder encoder(long... buckets) {
        return BucketedModel.builder(core, core.readModel(MODEL))
                .timeInput(ConformerLikeEncoder.AUDIO, 1, FEATURES, -1)
                .lengthInput(ConformerLikeEncoder.LENGTH)
                .buckets(buckets)
                .properties(OpenVinoTests.f32());
    }

    /** Runs {@code length} steps of seeded audio through {@code model}; checks the valid outputs against ONNX Runtime. */
    private static BucketedModel.Result runAndCheck(BucketedModel model, long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment audio = OpenVinoTests.randomFloats(arena, FEATURES * length, length);
            BucketedModel.Result r = model.infer(audio, length, Arena.ofAuto());
            long encoded = ConformerLikeEncoder.encodedLength(length);
            long steps = ConformerLikeEncoder.encodedLength(r.bucket());
            BucketedModel.Output y = r.output(ConformerLikeEncoder.OUTPUTS);
            assertArrayEquals(new long[] {1, ENCODER.dModel(), steps}, y.shape());
            assertEquals(encoded, r.output(ConformerLikeEncoder.ENCODED_LENGTHS).data().get(ValueLayout.JAVA_LONG, 0));
            OpenVinoTests.OrtResult ort = OpenVinoTests.runOrt(MODEL, audio, FEATURES, length, length, ElementType.INT64);
            assertClose(ort.outputs(), encoded, y.data().toArray(ValueLayout.JAVA_FLOAT), steps, ENCODER.dModel(), encoded,
                    "bucket " + r.bucket() + ", length " + length);
            return r;
        }
    }

    @Test
    void theSmallestBucketThatFitsIsPicked() {
        try (BucketedModel m = encoder(128, 32, 64, 64).build()) {
            assertArrayEquals(new long[] {32, 64, 128}, m.buckets());
            assertEquals(32, m.bucketFor(1));
            assertEquals(32, m.bucketFor(32));
            assertEquals(64, m.bucketFor(33));
            assertEquals(128, m.bucketFor(128));
            IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> m.bucketFor(129));
            assertTrue(tooLong.getMessage().contains("largest bucket (128") && tooLong.getMessage().contains("chunks of at most 128"),
                    tooLong.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.bucketFor(0));
            assertEquals(List.of(), m.residentBuckets());
        }
    }

    @Test
    void paddedRequestsGiveTheUnpaddedValidOutputs() {
        try (BucketedModel m = encoder(32, 64).build()) {
            assertEquals(32, runAndCheck(m, 32).bucket());
            // A long request, then a short one in the same bucket: the padding is zeroed again.
            assertEquals(64, runAndCheck(m, 64).bucket());
            BucketedModel.Result r = runAndCheck(m, 33);
            assertEquals(64, r.bucket());
            assertEquals(33, r.length());
            assertTrue(r.inferTime().toNanos() > 0);
            assertEquals(List.of(32L, 64L), m.residentBuckets());
        }
    }

    @Test
    void theLeastRecentlyUsedBucketIsEvicted() {
        try (BucketedModel m = encoder(16, 32, 64).maxResident(2).build()) {
            runAndCheck(m, 10);
            runAndCheck(m, 20);
            runAndCheck(m, 10);
            assertEquals(List.of(32L, 16L), m.residentBuckets());
            runAndCheck(m, 40);
            assertEquals(List.of(16L, 64L), m.residentBuckets());
            runAndCheck(m, 30);
            assertEquals(List.of(64L, 32L), m.residentBuckets());
            Map<Long, BucketedModel.BucketStats> stats = byBucket(m);
            assertEquals(1, stats.get(16L).coldCompiles());
            assertEquals(2, stats.get(32L).coldCompiles());
            assertEquals(1, stats.get(32L).evictions());
            assertEquals(1, stats.get(16L).evictions());
            assertEquals(2, stats.get(16L).inferences());
            assertTrue(stats.get(64L).resident() && !stats.get(16L).resident());
            assertTrue(stats.get(16L).meanInferTime().toNanos() > 0 && stats.get(16L).lastColdCompile().toNanos() > 0);
        }
    }

    @Test
    void aRecompiledBucketIsLoadedFromTheCache(@TempDir Path cache) throws IOException {
        try (BucketedModel m = encoder(16, 32).maxResident(1).cacheDir(cache).build()) {
            runAndCheck(m, 10);
            Map<String, String> afterFirst = cacheFiles(cache);
            assertEquals(1, afterFirst.size(), "one blob per compiled bucket: " + afterFirst);
            runAndCheck(m, 20);
            Map<String, String> afterBoth = cacheFiles(cache);
            assertEquals(2, afterBoth.size(), afterBoth.toString());
            assertTrue(afterBoth.entrySet().containsAll(afterFirst.entrySet()));
            runAndCheck(m, 10);
            // Bucket 16 came back without writing anything: its blob was read, not made again.
            assertEquals(afterBoth, cacheFiles(cache));
            Map<Long, BucketedModel.BucketStats> stats = byBucket(m);
            assertEquals(1, stats.get(16L).coldCompiles());
            assertEquals(1, stats.get(16L).cachedCompiles());
            assertEquals(0, stats.get(32L).cachedCompiles());
        }
        try (BucketedModel again = encoder(16, 32).cacheDir(cache).build()) {
            Map<String, String> before = cacheFiles(cache);
            runAndCheck(again, 10);
            runAndCheck(again, 20);
            assertEquals(before, cacheFiles(cache));
            byBucket(again).values().forEach(s -> assertEquals(1, s.cachedCompiles(), s.toString()));
        }
    }

    @Test
    void requestsFromSeveralThreadsWithEvictions() throws Exception {
        try (BucketedModel m = encoder(16, 32, 64).maxResident(1).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<BucketedModel.Result>> results = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    long length = 5 + (i * 17) % 60;
                    results.add(pool.submit(() -> runAndCheck(m, length)));
                }
                for (Future<BucketedModel.Result> f : results) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            assertEquals(1, m.residentBuckets().size());
            assertEquals(12, m.stats().stream().mapToLong(BucketedModel.BucketStats::inferences).sum());
        }
    }

    @Test
    void aModelThatCannotTakeABucketFailsAtBuild() {
        Model fixed = core.readModel(OpenVinoTests.fixedReshape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BucketedModel.builder(core, fixed)
                .timeInput("x", 1, 4, -1).lengthInput("length").buckets(5, 8).build());
        assertTrue(e.getMessage().startsWith("bucket 8: the model cannot be reshaped to x[1, 4, 8]"), e.getMessage());
        assertTrue(e.getCause() instanceof OpenVinoException);
        fixed.close();
    }

    @Test
    void badConfigurationsAndRequestsAreRefused() {
        try (Model model = core.readModel(MODEL)) {
            assertThrows(IllegalStateException.class, () -> BucketedModel.builder(core, model).build());
            assertThrows(IllegalArgumentException.class, () -> BucketedModel.builder(core, model)
                    .timeInput(ConformerLikeEncoder.AUDIO, 1, FEATURES, 100).lengthInput(ConformerLikeEncoder.LENGTH)
                    .buckets(16).build());
            IllegalArgumentException features = assertThrows(IllegalArgumentException.class, () -> BucketedModel.builder(core, model)
                    .timeInput(ConformerLikeEncoder.AUDIO, 1, 80, -1).lengthInput(ConformerLikeEncoder.LENGTH).buckets(16).build());
            assertTrue(features.getMessage().contains("does not accept"), features.getMessage());
            IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> BucketedModel.builder(core, model)
                    .timeInput(ConformerLikeEncoder.AUDIO, 1, FEATURES, -1).lengthInput("len").buckets(16).build());
            assertTrue(other.getMessage().contains("neither the time input"), other.getMessage());
            assertThrows(IllegalArgumentException.class, () -> BucketedModel.builder(core, model)
                    .timeInput(ConformerLikeEncoder.AUDIO, 1, FEATURES, -1).lengthInput(ConformerLikeEncoder.LENGTH).buckets(0).build());
            assertThrows(IllegalArgumentException.class, () -> BucketedModel.builder(core, model).maxResident(0));
        }
        BucketedModel m = encoder(16).build();
        try (Arena arena = Arena.ofConfined()) {
            IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                    () -> m.infer(arena.allocate(ValueLayout.JAVA_FLOAT, FEATURES * 9), 10, arena));
            assertTrue(size.getMessage().contains("audio_signalFLOAT[1, 16, 10]"), size.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> m.infer(arena.allocate(ValueLayout.JAVA_FLOAT, FEATURES * 17), 17, arena));
            m.close();
            m.close();
            assertThrows(IllegalStateException.class,
                    () -> m.infer(arena.allocate(ValueLayout.JAVA_FLOAT, FEATURES * 10), 10, arena));
        }
    }

    private static Map<Long, BucketedModel.BucketStats> byBucket(BucketedModel m) {
        Map<Long, BucketedModel.BucketStats> map = new TreeMap<>();
        m.stats().forEach(s -> map.put(s.bucket(), s));
        return map;
    }

    /** Each file under the cache folder with its size and modification time. */
    private static Map<String, String> cacheFiles(Path cache) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(cache)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                FileTime modified = Files.getLastModifiedTime(p);
                files.put(cache.relativize(p).toString(), Files.size(p) + " bytes, modified " + modified);
            }
        }
        return files;
    }
}
