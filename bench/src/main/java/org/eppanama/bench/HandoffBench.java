package org.eppanama.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eppanama.runtime.ElementType;
import org.eppanama.runtime.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Tensor hand-off: a FLOAT [1, 128, frames] input in, a same-size output ({@link BenchModels#relu}) out
 * and read. Every method returns the first output element, so each path ends with the output readable
 * from Java. Copies per path are counted in {@link CopyCount}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HandoffBench {

    @State(Scope.Benchmark)
    public static class Ffm {
        @Param({"801", "6000"})
        public long frames;
        FfmFixture fixture;
        long[] shape;

        @Setup
        public void open() {
            fixture = new FfmFixture(BenchModels.relu(frames));
            shape = BenchModels.handoffShape(frames);
        }

        @TearDown
        public void close() {
            fixture.close();
        }

        float firstOutput() {
            return fixture.segment(BenchModels.RELU_OUTPUT).getAtIndex(ValueLayout.JAVA_FLOAT, 0);
        }
    }

    @State(Scope.Benchmark)
    public static class Jni {
        @Param({"801", "6000"})
        public long frames;
        JniFixture fixture;
        long[] shape;
        /** The features as most Java code holds them: a float[] on the heap. */
        float[] heapData;

        @Setup
        public void open() throws OrtException {
            fixture = new JniFixture(BenchModels.relu(frames));
            shape = BenchModels.handoffShape(frames);
            heapData = new float[BenchModels.elementCount(shape)];
            for (int i = 0; i < heapData.length; i++) {
                heapData[i] = BenchModels.sample(i);
            }
        }

        @TearDown
        public void close() throws OrtException {
            fixture.close();
        }

        float runAndCopyOut(OnnxTensor input) throws OrtException {
            try (OrtSession.Result r = fixture.session().run(Map.of(BenchModels.RELU_INPUT, input))) {
                return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
            }
        }
    }

    /** Tensors wrapped over caller segments once; Session.run writes the output into the caller's segment. */
    @Benchmark
    public float ffmSessionRun(Ffm s) {
        s.fixture.session().run(s.fixture.inputs(), s.fixture.outputs(), null);
        return s.firstOutput();
    }

    /** The same segments bound once to an IoBinding. */
    @Benchmark
    public float ffmIoBinding(Ffm s) {
        s.fixture.binding().run(null);
        return s.firstOutput();
    }

    /** New tensors over the same segments at every run, as a caller whose shapes change per run does. */
    @Benchmark
    public float ffmWrapPerRun(Ffm s) {
        MemorySegment in = s.fixture.segment(BenchModels.RELU_INPUT);
        MemorySegment out = s.fixture.segment(BenchModels.RELU_OUTPUT);
        try (Tensor x = Tensor.wrap(in, ElementType.FLOAT, s.shape); Tensor y = Tensor.wrap(out, ElementType.FLOAT, s.shape)) {
            s.fixture.session().run(Map.of(BenchModels.RELU_INPUT, x), Map.of(BenchModels.RELU_OUTPUT, y), null);
        }
        return s.firstOutput();
    }

    /** JNI's usual path: createTensor from a heap FloatBuffer, run, getFloatBuffer on the output. */
    @Benchmark
    public float jniHeapBuffer(Jni s) throws OrtException {
        try (OnnxTensor x = OnnxTensor.createTensor(s.fixture.env(), FloatBuffer.wrap(s.heapData), s.shape)) {
            return s.runAndCopyOut(x);
        }
    }

    /** The same with the input already in a direct buffer, which createTensor wraps without a copy. */
    @Benchmark
    public float jniDirectBuffer(Jni s) throws OrtException {
        try (OnnxTensor x = OnnxTensor.createTensor(s.fixture.env(), s.fixture.buffer(BenchModels.RELU_INPUT), s.shape)) {
            return s.runAndCopyOut(x);
        }
    }

    /** JNI's copy-free path: input tensor made once over a direct buffer, output pinned to a direct buffer. */
    @Benchmark
    public float jniPinnedDirect(Jni s) throws OrtException {
        s.fixture.session().run(s.fixture.inputs(), s.fixture.pinnedOutputs()).close();
        return s.fixture.buffer(BenchModels.RELU_OUTPUT).get(0);
    }
}
