package org.eppanama.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eppanama.runtime.ElementType;

/** Writes model folders of the tone language in the three layouts the pipeline reads. */
final class ToneModelFolders {
    /** The symbols-per-frame cap the folders' config.json sets (onnx-asr reads it too). */
    static final int CAP = 3;
    /** The NPU encoder's compiled input: 8 s of features. */
    static final int NPU_FRAMES = 801;

    private ToneModelFolders() {
    }

    /**
     * onnx-asr's layout: a dynamic fp32 encoder whose weights are in {@code dataFiles} (one file, or shards),
     * decoder_joint, vocab.txt, config.json and the nemo128.onnx preprocessor.
     */
    static Path onnxAsr(Path dir, String... dataFiles) {
        write(dir, ToneModels.encoder(ToneModels.EncoderSpec.dynamic("encoder-model.onnx", dataFiles)));
        writeCommon(dir);
        return dir;
    }

    /** Adds encoder-model.int8.onnx, encoder-model.fp16.onnx (FLOAT16 in and out) and decoder_joint-model.fp16.onnx. */
    static Path addVariants(Path dir) {
        for (Precision p : List.of(Precision.INT8, Precision.FP16)) {
            write(dir, ToneModels.encoder(new ToneModels.EncoderSpec(-1, ElementType.INT64, p, p.fileName("encoder-model"),
                    List.of(), Map.of())));
        }
        write(dir, Map.of(Precision.FP16.fileName("decoder_joint-model"), ToneModels.decoderJoint(ElementType.FLOAT16)));
        return dir;
    }

    /**
     * The NPU layout: onnx-asr's file names with an encoder of fixed input {@code [1, 128, 801]} and INT32
     * lengths, output {@code [1, 1024, 101]}, as an NPU context binary is compiled (its EPContext wrapper cannot
     * run on the CPU, so the test encoder is the plain graph with that contract).
     */
    static Path npu(Path dir) {
        write(dir, ToneModels.encoder(new ToneModels.EncoderSpec(NPU_FRAMES, ElementType.INT32, Precision.FP32,
                "encoder-model.onnx", List.of("encoder-model.onnx.data"), Map.of())));
        writeCommon(dir);
        return dir;
    }

    /** sherpa-onnx's layout: encoder.onnx with its weights in encoder.weights and its settings in metadata, decoder.onnx, joiner.onnx, tokens.txt. */
    static Path sherpa(Path dir) {
        write(dir, ToneModels.encoder(new ToneModels.EncoderSpec(-1, ElementType.INT64, Precision.FP32, "encoder.onnx",
                List.of("encoder.weights"), ToneModels.sherpaMetadata())));
        write(dir, Map.of("decoder.onnx", ToneModels.sherpaDecoder(), "joiner.onnx", ToneModels.sherpaJoiner(),
                "tokens.txt", ToneLanguage.vocabFile().getBytes(StandardCharsets.UTF_8)));
        return dir;
    }

    static void writeCommon(Path dir) {
        write(dir, Map.of("decoder_joint-model.onnx", ToneModels.decoderJoint(ElementType.FLOAT),
                "vocab.txt", ToneLanguage.vocabFile().getBytes(StandardCharsets.UTF_8),
                "config.json", config(CAP).getBytes(StandardCharsets.UTF_8),
                "nemo128.onnx", NemoPreprocessorModel.build(128)));
    }

    static String config(int cap) {
        return "{\"model_type\": \"nemo-conformer-tdt\", \"features_size\": 128, \"subsampling_factor\": 8,"
                + " \"max_tokens_per_step\": " + cap + "}\n";
    }

    static void write(Path dir, Map<String, byte[]> files) {
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Files.write(dir.resolve(e.getKey()), e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
