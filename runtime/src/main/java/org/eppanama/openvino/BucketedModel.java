package org.eppanama.openvino;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.eppanama.runtime.ElementType;
import org.eppanama.runtime.NativeObject;
import org.eppanama.runtime.Tensor;

/**
 * A model with one dynamic time axis run as a few static shapes, "buckets", for devices that compile ahead
 * of time and reject dynamic shapes (NPUs). A request of length L runs in the smallest bucket B >= L: its
 * time input is zero-padded to B and the model's length input gets L, so a model that masks by that length
 * gives the same valid outputs as an unpadded run.
 *
 * <ul>
 *   <li>A bucket is compiled on its first request (the model reshaped to it, then compiled with the
 *       configured properties, CACHE_DIR included when {@link Builder#cacheDir} is set, so a later compile of
 *       the same bucket is a load from the cache).</li>
 *   <li>At most {@link Builder#maxResident} compiled buckets stay in memory; using another one evicts the
 *       least recently used.</li>
 *   <li>{@link #stats()} reports, per bucket, compile times cold and from the cache and inference times.</li>
 *   <li>A request longer than the largest bucket is refused: the caller splits it into chunks.</li>
 * </ul>
 * Thread-safe: requests for different buckets run in parallel, requests for one bucket one after another.
 * The model belongs to this object once {@link Builder#build()} succeeds (it reshapes it and closes it on
 * {@link #close()}); the core must stay open until then.
 */
public final class BucketedModel implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("openvino");

    private final Core core;
    private final Model model;
    private final String device;
    private final OvProperties properties;
    private final String timeInput;
    private final long[] timeShape;
    private final int timeAxis;
    private final ElementType timeType;
    /** The time input as rows of time steps: {@code rows} of them, each step {@code stepBytes} long. */
    private final long rows;
    private final long stepBytes;
    private final String lengthInput;
    private final long[] lengthShape;
    private final ElementType lengthType;
    private final long[] buckets;
    private final int maxResident;
    /** Reshaping and compiling share the one model: one bucket at a time. */
    private final Object modelLock = new Object();
    /** Compiled (or compiling) buckets, least recently used first; guarded by this. */
    private final LinkedHashMap<Long, Bucket> resident = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Long, Counters> counters = new LinkedHashMap<>();
    private boolean closed;

    private BucketedModel(Builder b, long[] timeShape, int timeAxis, ElementType timeType, long[] lengthShape,
                          ElementType lengthType, long[] buckets) {
        this.core = b.core;
        this.model = b.model;
        this.device = b.device;
        this.properties = b.cacheDir == null ? b.properties : b.properties.cacheDir(b.cacheDir);
        this.timeInput = b.timeInput;
        this.timeShape = timeShape;
        this.timeAxis = timeAxis;
        this.timeType = timeType;
        this.rows = LongStream.of(Arrays.copyOfRange(timeShape, 0, timeAxis)).reduce(1, Math::multiplyExact);
        this.stepBytes = timeType.byteSize(LongStream.of(Arrays.copyOfRange(timeShape, timeAxis + 1, timeShape.length))
                .reduce(1, Math::multiplyExact));
        this.lengthInput = b.lengthInput;
        this.lengthShape = lengthShape;
        this.lengthType = lengthType;
        this.buckets = buckets;
        this.maxResident = b.maxResident == 0 ? buckets.length : b.maxResident;
        for (long bucket : buckets) {
            counters.put(bucket, new Counters());
        }
    }

    public static Builder builder(Core core, Model model) {
        return new Builder(core, model);
    }

    /** The bucket lengths, ascending. */
    public long[] buckets() {
        return buckets.clone();
    }

    /** The smallest bucket that holds {@code length}; throws when none does. */
    public long bucketFor(long length) {
        if (length < 1) {
            throw new IllegalArgumentException("request length must be 1 or more, got " + length);
        }
        for (long b : buckets) {
            if (b >= length) {
                return b;
            }
        }
        long largest = buckets[buckets.length - 1];
        throw new IllegalArgumentException("request of length " + length + " is longer than the largest bucket ("
                + largest + "; buckets " + Arrays.toString(buckets) + "): split it into chunks of at most " + largest);
    }

    /**
     * Runs one request: {@code input} holds the time input for {@code length} steps (the configured shape with
     * the time axis set to {@code length}, row-major); it is copied, zero-padded, into the bucket's input. The
     * outputs, shaped for the bucket, are copied into memory from {@code allocator}.
     */
    public Result infer(MemorySegment input, long length, SegmentAllocator allocator) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(allocator, "allocator");
        long bucket = bucketFor(length);
        long expected = timeType.byteSize(Tensor.elementCount(shapeWithTime(length)));
        if (input.byteSize() != expected) {
            throw new IllegalArgumentException("input of " + input.byteSize() + " bytes does not match " + timeInput
                    + timeType + Arrays.toString(shapeWithTime(length)) + " for length " + length + ", which takes "
                    + expected + " bytes");
        }
        for (;;) {
            Bucket b = acquire(bucket);
            synchronized (b) {
                // Evicted between acquire and here: take the bucket again.
                if (!b.closed) {
                    return b.run(input, length, allocator);
                }
            }
        }
    }

    /** Buckets compiled and in memory now, least recently used first. */
    public synchronized List<Long> residentBuckets() {
        return List.copyOf(resident.keySet());
    }

    /** Per bucket, ascending: compiles (cold and from the cache), evictions and inferences so far. */
    public List<BucketStats> stats() {
        List<Long> now = residentBuckets();
        return counters.entrySet().stream().map(e -> e.getValue().snapshot(e.getKey(), now.contains(e.getKey()))).toList();
    }

    /** The bucket for {@code bucket} in the resident set, made most recently used; evicts beyond the limit. */
    private Bucket acquire(long bucket) {
        List<Bucket> evicted = new ArrayList<>();
        Bucket b;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("BucketedModel is closed");
            }
            b = resident.get(bucket);
            if (b == null) {
                b = new Bucket(bucket);
                resident.put(bucket, b);
                Iterator<Bucket> lru = resident.values().iterator();
                while (resident.size() > maxResident) {
                    Bucket old = lru.next();
                    if (old != b) {
                        lru.remove();
                        evicted.add(old);
                    }
                }
            }
        }
        // Closed outside the lock: closing waits for a request running in that bucket.
        for (Bucket old : evicted) {
            old.close();
            counters.get(old.length).evicted();
            LOG.log(System.Logger.Level.DEBUG, "evicted bucket " + old.length + " (at most " + maxResident + " resident)");
        }
        return b;
    }

    private long[] shapeWithTime(long length) {
        long[] s = timeShape.clone();
        s[timeAxis] = length;
        return s;
    }

    @Override
    public void close() {
        List<Bucket> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = List.copyOf(resident.values());
            resident.clear();
        }
        all.forEach(Bucket::close);
        model.close();
    }

    /** One bucket: its compiled model, request, and the padded inputs the request reads in place. */
    private final class Bucket {
        final long length;
        boolean closed;
        private CompiledModel compiled;
        private InferRequest request;
        private Arena arena;
        private MemorySegment timeBuffer;
        private MemorySegment lengthBuffer;
        private OvTensor timeTensor;
        private OvTensor lengthTensor;

        Bucket(long length) {
            this.length = length;
        }

        /** Under this bucket's lock. */
        Result run(MemorySegment input, long requestLength, SegmentAllocator allocator) {
            if (request == null) {
                compile();
            }
            pad(input, requestLength);
            if (lengthType == ElementType.INT64) {
                lengthBuffer.set(ValueLayout.JAVA_LONG, 0, requestLength);
            } else {
                lengthBuffer.set(ValueLayout.JAVA_INT, 0, Math.toIntExact(requestLength));
            }
            long start = System.nanoTime();
            request.infer();
            Duration inferTime = Duration.ofNanos(System.nanoTime() - start);
            counters.get(length).inferred(inferTime);
            Map<String, Output> outputs = new LinkedHashMap<>();
            for (PortInfo port : request.outputs()) {
                try (OvTensor t = request.output(port.name())) {
                    MemorySegment copy = allocator.allocate(t.byteSize(), Math.max(1, t.type().bits() / 8));
                    copy.copyFrom(t.data());
                    outputs.put(port.name(), new Output(t.type(), t.shape(), copy));
                }
            }
            return new Result(requestLength, length, outputs, inferTime);
        }

        /** Copies {@code input} ({@code n} steps a row) into the bucket's buffer, each row zeroed after step n. */
        private void pad(MemorySegment input, long n) {
            for (long r = 0; r < rows; r++) {
                MemorySegment row = timeBuffer.asSlice(r * length * stepBytes, length * stepBytes);
                MemorySegment.copy(input, r * n * stepBytes, row, 0, n * stepBytes);
                row.asSlice(n * stepBytes).fill((byte) 0);
            }
        }

        private void compile() {
            try {
                long start;
                CompiledModel c;
                synchronized (modelLock) {
                    model.reshape(shapes(length));
                    start = System.nanoTime();
                    c = core.compile(model, device, properties);
                }
                compiled = c;
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                boolean fromCache = properties.get(OvProperties.CACHE_DIR) != null && compiled.loadedFromCache();
                counters.get(length).compiled(fromCache, took);
                LOG.log(System.Logger.Level.DEBUG, "compiled bucket " + length + " for " + device + " in "
                        + took.toMillis() + " ms" + (fromCache ? " (from the cache)" : ""));
                request = compiled.createInferRequest();
                arena = Arena.ofShared();
                long[] padded = shapeWithTime(length);
                timeBuffer = arena.allocate(timeType.byteSize(Tensor.elementCount(padded)), Math.max(1, timeType.bits() / 8));
                timeTensor = OvTensor.wrap(timeBuffer, timeType, padded);
                request.setInput(timeInput, timeTensor);
                lengthBuffer = arena.allocate(lengthType.byteSize(1), lengthType.bits() / 8);
                lengthTensor = OvTensor.wrap(lengthBuffer, lengthType, lengthShape);
                request.setInput(lengthInput, lengthTensor);
            } catch (RuntimeException e) {
                close();
                synchronized (BucketedModel.this) {
                    resident.remove(length, this);
                }
                throw e;
            }
        }

        /** Frees the bucket once no request runs in it; the arena last, as the request reads it. */
        synchronized void close() {
            closed = true;
            for (NativeObject o : Arrays.asList(timeTensor, lengthTensor, request, compiled)) {
                if (o != null) {
                    o.close();
                }
            }
            if (arena != null) {
                arena.close();
            }
        }
    }

    private Map<String, long[]> shapes(long bucket) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(timeInput, shapeWithTime(bucket));
        shapes.put(lengthInput, lengthShape);
        return shapes;
    }

    /** One output of a request, copied out of the bucket: shaped for the bucket, not for the request. */
    public record Output(ElementType type, long[] shape, MemorySegment data) {
        public Output {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }
    }

    /**
     * What one request gave: the request's length, the bucket it ran in, the outputs by name, and the time
     * the inference itself took (without compiling, padding or copying).
     */
    public record Result(long length, long bucket, Map<String, Output> outputs, Duration inferTime) {
        public Result {
            outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        }

        public Output output(String name) {
            Output o = outputs.get(name);
            if (o == null) {
                throw new IllegalArgumentException("no output '" + name + "'; the model's outputs are " + outputs.keySet());
            }
            return o;
        }
    }

    /**
     * One bucket's figures. A compile is cold when the device compiled the model, cached when the core loaded
     * it from CACHE_DIR; the last durations are {@link Duration#ZERO} until there is one.
     */
    public record BucketStats(long bucket, boolean resident, int coldCompiles, Duration lastColdCompile,
                              int cachedCompiles, Duration lastCachedCompile, int evictions, long inferences,
                              Duration totalInferTime) {
        /** Mean inference time, {@link Duration#ZERO} before the first. */
        public Duration meanInferTime() {
            return inferences == 0 ? Duration.ZERO : totalInferTime.dividedBy(inferences);
        }
    }

    /** Running figures of one bucket; a bucket evicted and compiled again keeps adding to them. */
    private static final class Counters {
        private int coldCompiles;
        private Duration lastCold = Duration.ZERO;
        private int cachedCompiles;
        private Duration lastCached = Duration.ZERO;
        private int evictions;
        private long inferences;
        private Duration inferTime = Duration.ZERO;

        synchronized void compiled(boolean fromCache, Duration took) {
            if (fromCache) {
                cachedCompiles++;
                lastCached = took;
            } else {
                coldCompiles++;
                lastCold = took;
            }
        }

        synchronized void evicted() {
            evictions++;
        }

        synchronized void inferred(Duration took) {
            inferences++;
            inferTime = inferTime.plus(took);
        }

        synchronized BucketStats snapshot(long bucket, boolean resident) {
            return new BucketStats(bucket, resident, coldCompiles, lastCold, cachedCompiles, lastCached, evictions,
                    inferences, inferTime);
        }
    }

    /** Configures a {@link BucketedModel}; {@link #timeInput}, {@link #lengthInput} and {@link #buckets} are required. */
    public static final class Builder {
        private final Core core;
        private final Model model;
        private String timeInput;
        private long[] timeShape;
        private String lengthInput;
        private long[] buckets;
        private String device = "CPU";
        private int maxResident;
        private Path cacheDir;
        private OvProperties properties = OvProperties.none();

        private Builder(Core core, Model model) {
            this.core = Objects.requireNonNull(core, "core");
            this.model = Objects.requireNonNull(model, "model");
        }

        /**
         * The input that carries the time axis, and its shape with -1 on that axis, e.g.
         * {@code timeInput("audio_signal", 1, 128, -1)}; the other dimensions fix those the model leaves dynamic.
         */
        public Builder timeInput(String name, long... shape) {
            this.timeInput = Objects.requireNonNull(name, "name");
            this.timeShape = shape.clone();
            return this;
        }

        /** The input that gets the request's true length (INT64 or INT32, one element). */
        public Builder lengthInput(String name) {
            this.lengthInput = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The bucket lengths, in any order. */
        public Builder buckets(long... lengths) {
            this.buckets = lengths.clone();
            return this;
        }

        /** The device to compile for; default CPU. */
        public Builder device(String device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /** Most compiled buckets kept in memory; default all of them. */
        public Builder maxResident(int buckets) {
            if (buckets < 1) {
                throw new IllegalArgumentException("maxResident must be 1 or more, got " + buckets);
            }
            this.maxResident = buckets;
            return this;
        }

        /** The compiled-model cache folder (CACHE_DIR); OpenVINO creates it if needed. */
        public Builder cacheDir(Path dir) {
            this.cacheDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Further compile properties (precision, hints, device-specific keys). */
        public Builder properties(OvProperties properties) {
            this.properties = Objects.requireNonNull(properties, "properties");
            return this;
        }

        /**
         * Checks the configuration against the model, and that the model reshapes to every bucket (so a bucket
         * it cannot take fails here, not on its first request); compiles nothing.
         */
        public BucketedModel build() {
            if (timeInput == null || lengthInput == null || buckets == null) {
                throw new IllegalStateException("set timeInput, lengthInput and buckets before build()");
            }
            long[] sorted = LongStream.of(buckets).sorted().distinct().toArray();
            if (sorted.length == 0 || sorted[0] < 1) {
                throw new IllegalArgumentException("buckets must be one or more lengths of 1 or more, got "
                        + Arrays.toString(buckets));
            }
            int[] timeAxes = IntStream.range(0, timeShape.length).filter(i -> timeShape[i] == -1).toArray();
            if (timeAxes.length != 1 || LongStream.of(timeShape).anyMatch(d -> d < -1)) {
                throw new IllegalArgumentException("time input shape " + Arrays.toString(timeShape) + " must have"
                        + " exactly one -1 (the time axis) and fixed sizes elsewhere");
            }
            int axis = timeAxes[0];
            List<PortInfo> inputs = model.inputs();
            for (PortInfo p : inputs) {
                if (!p.name().equals(timeInput) && !p.name().equals(lengthInput)) {
                    throw new IllegalArgumentException("input " + p + " is neither the time input '" + timeInput
                            + "' nor the length input '" + lengthInput + "'; a bucketed model takes those two only");
                }
            }
            PortInfo time = model.input(timeInput);
            PortInfo length = model.input(lengthInput);
            for (long b : sorted) {
                long[] shape = timeShape.clone();
                shape[axis] = b;
                if (!time.shape().accepts(shape)) {
                    throw new IllegalArgumentException("bucket " + b + " gives " + timeInput + Arrays.toString(shape)
                            + ", which the model's input " + time + " does not accept");
                }
            }
            if (length.type() != ElementType.INT64 && length.type() != ElementType.INT32) {
                throw new IllegalArgumentException("length input " + length + " must be INT64 or INT32");
            }
            long[] lengthShape = length.shape().isRankDynamic() ? new long[] {1}
                    : LongStream.of(length.shape().toArray()).map(d -> d < 0 ? 1 : d).toArray();
            if (Tensor.elementCount(lengthShape) != 1) {
                throw new IllegalArgumentException("length input " + length + " must hold one value");
            }
            BucketedModel m = new BucketedModel(this, timeShape.clone(), axis, time.type(), lengthShape,
                    length.type(), sorted);
            for (long b : sorted) {
                try {
                    model.reshape(m.shapes(b));
                } catch (OpenVinoException e) {
                    throw new IllegalArgumentException("bucket " + b + ": the model cannot be reshaped to "
                            + timeInput + Arrays.toString(m.shapeWithTime(b)) + "; drop this bucket or fix the"
                            + " model\n" + e.getMessage(), e);
                }
            }
            return m;
        }
    }
}
