package org.eppanama.pipeline;

import java.util.Locale;

/** The file layouts of exported Parakeet-TDT models the pipeline reads. */
public enum ModelLayout {
    /**
     * onnx-asr's: {@code encoder-model.onnx} (weights in {@code .data} or {@code .data.NNN} shards beside it),
     * {@code decoder_joint-model.onnx}, {@code vocab.txt}, optionally {@code config.json} and the preprocessor
     * {@code nemo128.onnx}. An NPU export uses the same names with a fixed-shape encoder, usually an EPContext
     * wrapper whose compiled binary sits beside it.
     */
    ONNX_ASR("encoder-model", "decoder_joint-model", null, "vocab.txt"),
    /** sherpa-onnx's NeMo transducer: {@code encoder.onnx} (+ external weights), {@code decoder.onnx}, {@code joiner.onnx}, {@code tokens.txt}. */
    SHERPA_ONNX("encoder", "decoder", "joiner", "tokens.txt");

    final String encoder;
    final String decoder;
    /** null when the decoder and joint are one model. */
    final String joiner;
    final String vocabulary;

    ModelLayout(String encoder, String decoder, String joiner, String vocabulary) {
        this.encoder = encoder;
        this.decoder = decoder;
        this.joiner = joiner;
        this.vocabulary = vocabulary;
    }

    /** "onnx-asr", "sherpa-onnx". */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** What a folder of this layout must hold (at fp32). */
    String required() {
        return Precision.FP32.fileName(encoder) + ", " + Precision.FP32.fileName(decoder) + ", "
                + (joiner == null ? "" : Precision.FP32.fileName(joiner) + ", ") + vocabulary;
    }
}
