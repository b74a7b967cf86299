package org.eppanama.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eppanama.runtime.ElementType;
import org.eppanama.runtime.Tensor;

/**
 * Copies of tensor data each hand-off path makes, beyond the kernel writing its output: counted from the
 * code path and checked here on a live run (addresses for this runtime; buffer identity and kind for the
 * JNI API, whose output copy {@code getFloatBuffer} documents: "Returns a copy of the underlying OnnxTensor").
 */
public record CopyCount(String path, int inputCopies, int outputCopies, String evidence) {

    /** Checks every path of {@link HandoffBench} on a [1, 128, frames] tensor; throws if one disagrees with its count. */
    public static List<CopyCount> verify(long frames) throws OrtException {
        long[] shape = BenchModels.handoffShape(frames);
        byte[] model = BenchModels.relu(frames);
        List<CopyCount> counts = new ArrayList<>();
        try (FfmFixture f = new FfmFixture(model)) {
            counts.addAll(verifyFfm(f, shape));
        }
        try (JniFixture j = new JniFixture(model)) {
            counts.addAll(verifyJni(j, shape));
        }
        return List.copyOf(counts);
    }

    private static List<CopyCount> verifyFfm(FfmFixture f, long[] shape) {
        MemorySegment in = f.segment(BenchModels.RELU_INPUT);
        MemorySegment out = f.segment(BenchModels.RELU_OUTPUT);
        Tensor x = f.inputs().get(BenchModels.RELU_INPUT);
        Tensor y = f.outputs().get(BenchModels.RELU_OUTPUT);
        require(x.dataAddress() == in.address() && y.dataAddress() == out.address(),
                "the runtime's tensors do not sit on the caller's segments");
        String byAddress = "OrtValue data address (GetTensorMutableData) == caller segment address, input and output;"
                + " the output segment holds Relu(input) after the run";
        clear(out);
        f.session().run(f.inputs(), f.outputs(), null);
        requireRelu(out);
        clear(out);
        f.binding().run(null);
        requireRelu(out);
        clear(out);
        try (Tensor x2 = Tensor.wrap(in, ElementType.FLOAT, shape); Tensor y2 = Tensor.wrap(out, ElementType.FLOAT, shape)) {
            require(x2.dataAddress() == in.address() && y2.dataAddress() == out.address(), "Tensor.wrap copied");
            f.session().run(Map.of(BenchModels.RELU_INPUT, x2), Map.of(BenchModels.RELU_OUTPUT, y2), null);
        }
        requireRelu(out);
        return List.of(new CopyCount("ffmSessionRun", 0, 0, byAddress), new CopyCount("ffmIoBinding", 0, 0, byAddress),
                new CopyCount("ffmWrapPerRun", 0, 0, byAddress));
    }

    private static List<CopyCount> verifyJni(JniFixture j, long[] shape) throws OrtException {
        FloatBuffer heap = FloatBuffer.allocate(BenchModels.elementCount(shape));
        for (int i = 0; i < heap.capacity(); i++) {
            heap.put(i, BenchModels.sample(i));
        }
        FloatBuffer direct = j.buffer(BenchModels.RELU_INPUT);
        String heapIn;
        try (OnnxTensor x = OnnxTensor.createTensor(j.env(), heap, shape)) {
            require(x.ownsBuffer() && !sharesMemory(heap, x), "createTensor did not copy the heap buffer");
            heapIn = "createTensor(heap FloatBuffer): ownsBuffer() is true and a write to the caller's buffer does not"
                    + " show in the tensor's buffer: a copy";
            requireCopiedOut(j, x);
        }
        String directIn;
        try (OnnxTensor x = OnnxTensor.createTensor(j.env(), direct, shape)) {
            require(!x.ownsBuffer() && sharesMemory(direct, x), "createTensor copied a direct buffer");
            directIn = "createTensor(direct FloatBuffer): ownsBuffer() is false and a write to the caller's buffer shows"
                    + " in the tensor's buffer: no copy";
            requireCopiedOut(j, x);
        }
        String copiedOut = "; getFloatBuffer() returns a new heap buffer (documented: a copy of the output)";
        FloatBuffer pinned = j.buffer(BenchModels.RELU_OUTPUT);
        for (int i = 0; i < pinned.capacity(); i++) {
            pinned.put(i, Float.NaN);
        }
        j.session().run(j.inputs(), j.pinnedOutputs()).close();
        for (int i = 0; i < pinned.capacity(); i += 997) {
            require(pinned.get(i) == Math.max(0, BenchModels.sample(i)), "the pinned output was not written in place");
        }
        return List.of(new CopyCount("jniHeapBuffer", 1, 1, heapIn + copiedOut),
                new CopyCount("jniDirectBuffer", 0, 1, directIn + copiedOut),
                new CopyCount("jniPinnedDirect", 0, 0, directIn + "; the pinned direct output buffer holds Relu(input) after the run"));
    }

    private static void requireCopiedOut(JniFixture j, OnnxTensor x) throws OrtException {
        try (OrtSession.Result r = j.session().run(Map.of(BenchModels.RELU_INPUT, x))) {
            FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
            require(!out.isDirect() && out.hasArray(), "getFloatBuffer did not return a heap copy");
            require(out.get(3) == Math.max(0, BenchModels.sample(3)), "wrong output");
        }
    }

    /** Whether a write to {@code callers} shows in the tensor's buffer (getBufferRef: a view of what it holds). */
    private static boolean sharesMemory(FloatBuffer callers, OnnxTensor x) {
        FloatBuffer held = (FloatBuffer) x.getBufferRef().orElseThrow();
        float before = callers.get(0);
        callers.put(0, 12345f);
        boolean shared = held.get(0) == 12345f;
        callers.put(0, before);
        return shared;
    }

    private static void clear(MemorySegment s) {
        s.fill((byte) 0xff);
    }

    private static void requireRelu(MemorySegment out) {
        for (long i = 0; i < out.byteSize() / Float.BYTES; i += 997) {
            require(out.getAtIndex(ValueLayout.JAVA_FLOAT, i) == Math.max(0, BenchModels.sample(i)),
                    "the output segment does not hold the result: the run wrote elsewhere");
        }
    }

    private static void require(boolean ok, String failure) {
        if (!ok) {
            throw new IllegalStateException("copy check failed: " + failure);
        }
    }
}
