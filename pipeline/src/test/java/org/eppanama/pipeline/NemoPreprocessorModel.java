package org.eppanama.pipeline;

import org.eppanama.onnx.Dim;
import org.eppanama.onnx.OnnxModelBuilder;
import org.eppanama.runtime.ElementType;

/**
 * Writes an ONNX preprocessor with the contract of onnx-asr's {@code nemo128.onnx} (waveforms, waveforms_lens
 * to features, features_lens), computing NeMo's log-mel with ONNX's STFT operator (opset 17). It shares only
 * the filter bank weights with {@link NemoMelSpectrogram}; framing, windowing, the FFT, the log and the
 * masked normalization are the graph's own, so comparing the two checks the Java implementation.
 */
final class NemoPreprocessorModel {
    private NemoPreprocessorModel() {
    }

    static byte[] build(int bins) {
        int nFft = NemoMelSpectrogram.N_FFT;
        int spectrum = nFft / 2 + 1;
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 17).graphName("nemo" + bins).producer("eppanama-tests");
        b.input("waveforms", ElementType.FLOAT, Dim.param("batch_size"), Dim.param("N"));
        b.input("waveforms_lens", ElementType.INT64, Dim.param("batch_size"));
        b.output("features", ElementType.FLOAT, Dim.param("batch_size"), Dim.of(bins), Dim.param("T"));
        b.output("features_lens", ElementType.INT64, Dim.param("batch_size"));

        scalar(b, "zero_i", 0);
        scalar(b, "one_i", 1);
        scalar(b, "hop", NemoMelSpectrogram.HOP);
        scalar(b, "n_fft", nFft);
        b.initializer("preemph", ElementType.FLOAT, new long[] {}, Raw.floats((float) NemoMelSpectrogram.PREEMPHASIS));
        b.initializer("zero_f", ElementType.FLOAT, new long[] {}, Raw.floats(0f));
        b.initializer("one_f", ElementType.FLOAT, new long[] {}, Raw.floats(1f));
        b.initializer("log_guard", ElementType.FLOAT, new long[] {}, Raw.floats((float) NemoMelSpectrogram.LOG_GUARD));
        b.initializer("std_guard", ElementType.FLOAT, new long[] {}, Raw.floats((float) NemoMelSpectrogram.STD_GUARD));
        b.initializer("shift_pads", ElementType.INT64, new long[] {4}, Raw.longs(0, 1, 0, 0));
        b.initializer("centre_pads", ElementType.INT64, new long[] {4}, Raw.longs(0, nFft / 2, 0, nFft / 2));
        b.initializer("axis0", ElementType.INT64, new long[] {1}, Raw.longs(0));
        b.initializer("axis1", ElementType.INT64, new long[] {1}, Raw.longs(1));
        b.initializer("axis2", ElementType.INT64, new long[] {1}, Raw.longs(2));
        b.initializer("axes12", ElementType.INT64, new long[] {2}, Raw.longs(1, 2));
        b.initializer("minus1", ElementType.INT64, new long[] {1}, Raw.longs(-1));
        b.initializer("window", ElementType.FLOAT, new long[] {nFft}, Raw.floats(centredWindow()));
        b.initializer("mel_fb", ElementType.FLOAT, new long[] {spectrum, bins}, Raw.floats(filterMatrix(bins)));

        // Pre-emphasis: y[t] = x[t] - 0.97 x[t-1], x[-1] = 0; samples past each length set to zero.
        b.node("Pad").inputs("waveforms", "shift_pads").outputs("x_padded");
        b.node("Slice").inputs("x_padded", "zero_i_1d", "minus1", "axis1").outputs("x_prev");
        b.node("Mul").inputs("x_prev", "preemph").outputs("x_prev_scaled");
        b.node("Sub").inputs("waveforms", "x_prev_scaled").outputs("emphasized");
        b.node("Shape").inputs("waveforms").outputs("wave_shape");
        b.node("Gather").inputs("wave_shape", "one_i").outputs("n_samples");
        b.node("Range").inputs("zero_i", "n_samples", "one_i").outputs("sample_idx");
        b.node("Unsqueeze").inputs("sample_idx", "axis0").outputs("sample_idx_row");
        b.node("Unsqueeze").inputs("waveforms_lens", "axis1").outputs("lens_col");
        b.node("Less").inputs("sample_idx_row", "lens_col").outputs("sample_mask");
        b.node("Where").inputs("sample_mask", "emphasized", "zero_f").outputs("masked");

        // Centred frames: n_fft/2 zeros on both sides, then the STFT with the 400-point Hann inside 512.
        b.node("Pad").inputs("masked", "centre_pads").outputs("centred");
        b.node("Unsqueeze").inputs("centred", "axis2").outputs("signal");
        b.node("STFT").inputs("signal", "hop", "window", "n_fft").outputs("stft").attr("onesided", 1L);
        b.node("ReduceSumSquare").inputs("stft").outputs("power").attr("axes", new long[] {3}).attr("keepdims", 0L);
        b.node("MatMul").inputs("power", "mel_fb").outputs("mel");
        b.node("Add").inputs("mel", "log_guard").outputs("mel_guarded");
        b.node("Log").inputs("mel_guarded").outputs("log_mel");

        // Per-feature normalization over the valid frames (length // hop), padding frames zero.
        b.node("Div").inputs("waveforms_lens", "hop").outputs("features_lens");
        b.node("Shape").inputs("log_mel").outputs("mel_shape");
        b.node("Gather").inputs("mel_shape", "one_i").outputs("n_frames");
        b.node("Range").inputs("zero_i", "n_frames", "one_i").outputs("frame_idx");
        b.node("Unsqueeze").inputs("frame_idx", "axis0").outputs("frame_idx_row");
        b.node("Unsqueeze").inputs("features_lens", "axis1").outputs("flens_col");
        b.node("Less").inputs("frame_idx_row", "flens_col").outputs("frame_mask2");
        b.node("Unsqueeze").inputs("frame_mask2", "axis2").outputs("frame_mask");
        b.node("Cast").inputs("frame_mask").outputs("frame_weight").attr("to", (long) ElementType.FLOAT.code());
        b.node("Unsqueeze").inputs("features_lens", "axes12").outputs("flens_3d");
        b.node("Cast").inputs("flens_3d").outputs("count").attr("to", (long) ElementType.FLOAT.code());
        b.node("Mul").inputs("log_mel", "frame_weight").outputs("valid_mel");
        b.node("ReduceSum").inputs("valid_mel", "axis1").outputs("sum").attr("keepdims", 1L);
        b.node("Div").inputs("sum", "count").outputs("mean");
        b.node("Sub").inputs("log_mel", "mean").outputs("centred_mel");
        b.node("Mul").inputs("centred_mel", "frame_weight").outputs("valid_centred");
        b.node("Mul").inputs("valid_centred", "valid_centred").outputs("squares");
        b.node("ReduceSum").inputs("squares", "axis1").outputs("square_sum").attr("keepdims", 1L);
        b.node("Sub").inputs("count", "one_f").outputs("dof");
        b.node("Div").inputs("square_sum", "dof").outputs("variance");
        b.node("Sqrt").inputs("variance").outputs("std");
        b.node("Add").inputs("std", "std_guard").outputs("std_guarded");
        b.node("Div").inputs("centred_mel", "std_guarded").outputs("normalized");
        b.node("Where").inputs("frame_mask", "normalized", "zero_f").outputs("masked_features");
        b.node("Transpose").inputs("masked_features").outputs("features").attr("perm", new long[] {0, 2, 1});
        b.initializer("zero_i_1d", ElementType.INT64, new long[] {1}, Raw.longs(0));
        return b.build();
    }

    private static void scalar(OnnxModelBuilder b, String name, long value) {
        b.initializer(name, ElementType.INT64, new long[] {}, Raw.longs(value));
    }

    /** The 400-point symmetric Hann window centred in 512 points, as NeMo pads it for the STFT. */
    private static float[] centredWindow() {
        float[] w = new float[NemoMelSpectrogram.N_FFT];
        double[] hann = NemoMelSpectrogram.hann(NemoMelSpectrogram.WINDOW);
        int offset = (NemoMelSpectrogram.N_FFT - NemoMelSpectrogram.WINDOW) / 2;
        for (int i = 0; i < hann.length; i++) {
            w[offset + i] = (float) hann[i];
        }
        return w;
    }

    /** The filter bank as a [fft bins, mel bins] matrix, row-major. */
    private static float[] filterMatrix(int bins) {
        MelFilterBank fb = new NemoMelSpectrogram(bins, true).filters();
        float[] m = new float[fb.bins() * bins];
        for (int k = 0; k < fb.bins(); k++) {
            for (int b = 0; b < bins; b++) {
                m[k * bins + b] = fb.weight(b, k);
            }
        }
        return m;
    }
}
