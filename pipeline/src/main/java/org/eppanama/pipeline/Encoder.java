package org.eppanama.pipeline;

/**
 * An acoustic encoder: a window of features in, one vector per {@code subsampling} feature frames out.
 * {@link SessionEncoder} runs an ONNX Runtime session (dynamic or fixed input length);
 * {@link BucketedEncoder} picks among fixed-length encoders. Other back ends (an OpenVINO bucket manager,
 * an EPContext-wrapped NPU binary) plug in by implementing this interface.
 */
public interface Encoder extends AutoCloseable {
    /** The most feature frames one call takes; {@link Integer#MAX_VALUE} when any length works. */
    int maxFrames();

    /**
     * Encodes {@code features} frames {@code [start, start + length)} ({@code length <= maxFrames()}), of which
     * those before {@link Features#validFrames()} are real. The result is valid until the next call or close.
     */
    EncodedWindow encode(Features features, int start, int length);

    @Override
    void close();
}
