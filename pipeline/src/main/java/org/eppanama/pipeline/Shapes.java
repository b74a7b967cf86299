package org.eppanama.pipeline;

import org.eppanama.runtime.TensorInfo;

/** Dimension checks the decoder needs before it allocates its buffers. */
final class Shapes {
    private Shapes() {
    }

    /** Dimension {@code axis} of {@code t}, which must be fixed in the model. */
    static int fixed(TensorInfo t, int axis, String model, String value, String what) {
        long d = t.shape()[axis];
        if (d < 0) {
            throw new ModelFolderException(model + " '" + value + "' is " + t + ": its " + what + " (axis " + axis
                    + ") must be fixed in the model so buffers can be sized before decoding");
        }
        return Math.toIntExact(d);
    }

    /** The shape of an LSTM state {@code [layers, batch, hidden]} for a batch of one. */
    static long[] batchOne(TensorInfo state) {
        long[] s = state.shape();
        s[1] = 1;
        return s;
    }
}
