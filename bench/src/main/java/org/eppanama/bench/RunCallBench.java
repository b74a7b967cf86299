package org.eppanama.bench;

import ai.onnxruntime.OrtException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Call overhead: one Run of {@link BenchModels#add()} with inputs (and, where the API allows, outputs)
 * prepared once. The C program ort_run_bench.c times the same two ways to run in plain C.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RunCallBench {

    @State(Scope.Benchmark)
    public static class Ffm {
        FfmFixture fixture;

        @Setup
        public void open() {
            fixture = new FfmFixture(BenchModels.add());
        }

        @TearDown
        public void close() {
            fixture.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Jni {
        JniFixture fixture;

        @Setup
        public void open() throws OrtException {
            fixture = new JniFixture(BenchModels.add());
        }

        @TearDown
        public void close() throws OrtException {
            fixture.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Raw {
        RawFfm raw;

        @Setup
        public void open() {
            raw = new RawFfm().addSession();
        }

        @TearDown
        public void close() {
            raw.close();
        }
    }

    /** The generated OrtApi.Run downcall alone, arguments made once: the floor under any FFM binding. */
    @Benchmark
    public void ffmRawRun(Raw s) {
        s.raw.run();
    }

    /** Session.run into caller-preallocated outputs: the counterpart of C's Run with outputs set. */
    @Benchmark
    public void ffmSessionRun(Ffm s) {
        s.fixture.session().run(s.fixture.inputs(), s.fixture.outputs(), null);
    }

    /** IoBinding.run: the counterpart of C's RunWithBinding. */
    @Benchmark
    public void ffmIoBinding(Ffm s) {
        s.fixture.binding().run(null);
    }

    /** The JNI API's usual run: ONNX Runtime allocates the output, which the Result owns and closes. */
    @Benchmark
    public void jniRun(Jni s) throws OrtException {
        s.fixture.session().run(s.fixture.inputs()).close();
    }

    /** The JNI API's run into pinned (preallocated) outputs, which the Result does not own. */
    @Benchmark
    public void jniRunPinned(Jni s) throws OrtException {
        s.fixture.session().run(s.fixture.inputs(), s.fixture.pinnedOutputs()).close();
    }
}
