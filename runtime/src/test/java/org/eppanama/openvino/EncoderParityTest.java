package org.eppanama.openvino;

import static org.eppanama.openvino.OpenVinoTests.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import org.eppanama.onnx.ConformerLikeEncoder;
import org.eppanama.runtime.ElementType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The conformer-like encoder through OpenVINO directly (CPU device, each bucket a static compile) and through
 * ONNX Runtime's CPU EP: the same outputs for inputs padded to each bucket with the true length passed, and
 * the same valid outputs as an unpadded ONNX Runtime run.
 */
class EncoderParityTest extends WithCore {
    static final int FEATURES = 128;

    @ParameterizedTest(name = "length {0} in bucket {1}, {2} length")
    @CsvSource({"50, 64, INT64", "64, 64, INT64", "100, 128, INT64", "129, 256, INT64", "255, 256, INT32"})
    void paddedToTheBucketMatchesOnnxRuntime(long length, long bucket, ElementType lengthType) {
        ConformerLikeEncoder encoder = new ConformerLikeEncoder().features(FEATURES).lengthType(lengthType);
        byte[] bytes = encoder.build();
        try (Arena arena = Arena.ofConfined();
             Model model = core.readModel(bytes)) {
            MemorySegment audio = OpenVinoTests.randomFloats(arena, FEATURES * length, length);
            MemorySegment padded = OpenVinoTests.padded(arena, audio, FEATURES, length, bucket);
            OpenVinoTests.OrtResult unpadded = OpenVinoTests.runOrt(bytes, audio, FEATURES, length, length, lengthType);
            OpenVinoTests.OrtResult ort = OpenVinoTests.runOrt(bytes, padded, FEATURES, bucket, length, lengthType);

            model.reshape(Map.of(ConformerLikeEncoder.AUDIO, new long[] {1, FEATURES, bucket},
                    ConformerLikeEncoder.LENGTH, new long[] {1}));
            MemorySegment len = arena.allocate(lengthType.byteSize(1), 8);
            if (lengthType == ElementType.INT64) {
                len.set(ValueLayout.JAVA_LONG, 0, length);
            } else {
                len.set(ValueLayout.JAVA_INT, 0, (int) length);
            }
            try (CompiledModel compiled = core.compile(model, "CPU", OpenVinoTests.f32());
                 InferRequest request = compiled.createInferRequest();
                 OvTensor a = OvTensor.wrap(padded, ElementType.FLOAT, 1, FEATURES, bucket);
                 OvTensor l = OvTensor.wrap(len, lengthType, 1)) {
                request.setInput(ConformerLikeEncoder.AUDIO, a);
                request.setInput(ConformerLikeEncoder.LENGTH, l);
                request.infer();
                try (OvTensor y = request.output(ConformerLikeEncoder.OUTPUTS);
                     OvTensor n = request.output(ConformerLikeEncoder.ENCODED_LENGTHS)) {
                    long encoded = ConformerLikeEncoder.encodedLength(length);
                    long steps = ConformerLikeEncoder.encodedLength(bucket);
                    assertArrayEquals(new long[] {1, encoder.dModel(), steps}, y.shape());
                    assertArrayEquals(ort.shape(), y.shape());
                    assertEquals(encoded, n.data().get(ValueLayout.JAVA_LONG, 0));
                    assertEquals(encoded, ort.encodedLength());
                    assertEquals(encoded, unpadded.encodedLength());
                    float[] ov = y.data().toArray(ValueLayout.JAVA_FLOAT);
                    assertClose(ort.outputs(), steps, ov, steps, encoder.dModel(), steps, "OpenVINO vs ONNX Runtime, padded");
                    assertClose(unpadded.outputs(), encoded, ov, steps, encoder.dModel(), encoded,
                            "padded OpenVINO vs unpadded ONNX Runtime, valid steps");
                    if (steps > encoded) {
                        // The check has teeth: passing the padded length instead of the true one changes them.
                        OpenVinoTests.OrtResult untruthful = OpenVinoTests.runOrt(bytes, padded, FEATURES, bucket, bucket, lengthType);
                        assertTrue(OpenVinoTests.maxDifference(unpadded.outputs(), encoded, untruthful.outputs(), steps,
                                encoder.dModel(), encoded) > 1e-2);
                    }
                }
            }
        }
    }
}
