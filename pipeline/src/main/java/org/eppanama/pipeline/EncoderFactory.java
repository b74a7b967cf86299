package org.eppanama.pipeline;

import org.eppanama.runtime.Environment;

/**
 * Makes a {@link Transcriber}'s encoder from the model files it chose: the plug-in point for encoders that are
 * not the default ONNX Runtime session (an OpenVINO bucket manager, an NPU binary behind an EPContext wrapper
 * with its own buckets). The transcriber owns and closes what it returns.
 */
@FunctionalInterface
public interface EncoderFactory {
    Encoder create(Environment env, ModelFiles files);
}
