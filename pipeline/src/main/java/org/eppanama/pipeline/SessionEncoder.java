package org.eppanama.pipeline;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eppanama.onnx.Dim;
import org.eppanama.onnx.OnnxModelScan;
import org.eppanama.runtime.ElementType;
import org.eppanama.runtime.Environment;
import org.eppanama.runtime.Outputs;
import org.eppanama.runtime.Session;
import org.eppanama.runtime.SessionOptions;
import org.eppanama.runtime.Tensor;
import org.eppanama.runtime.ValueInfo;

/**
 * A NeMo encoder in an ONNX Runtime session, addressed by position as NeMo exports it (and sherpa-onnx reads
 * it): input 0 the features FLOAT or FLOAT16 {@code [1, bins, frames]}, input 1 their true length INT64 or
 * INT32 {@code [1]}; output 0 the encoding {@code [1, dim, frames']}, output 1 its length. With a fixed
 * {@code frames} (an NPU's compiled shape, or a time axis fixed at load) windows are zero-padded to it and the
 * true length is passed; otherwise each window is fed at its own length, and a whole utterance is fed straight
 * from the feature memory. Not for concurrent use: a result lives until the next call.
 */
public final class SessionEncoder implements Encoder {
    private final Session session;
    private final String model;
    /** The fixed input length, or -1 when the session takes any length. */
    private final int fixedFrames;
    private final ValueInfo featuresIn;
    private final ValueInfo lengthIn;
    private final ValueInfo encodedOut;
    private final ValueInfo lengthOut;
    private Outputs last;

    private SessionEncoder(Session session, String model) {
        this.session = session;
        this.model = model;
        SessionContract c = new SessionContract(session, model);
        featuresIn = c.inputAt(0, 3, ElementType.FLOAT, ElementType.FLOAT16);
        lengthIn = c.inputAt(1, 1, ElementType.INT64, ElementType.INT32);
        encodedOut = c.outputAt(0, 3, ElementType.FLOAT, ElementType.FLOAT16);
        lengthOut = c.outputAt(1, 1, ElementType.INT64, ElementType.INT32);
        long[] shape = featuresIn.tensor().shape();
        if (shape[0] > 1) {
            throw new ModelFolderException(model + " has a fixed batch of " + shape[0] + " (" + featuresIn + "); the pipeline"
                    + " feeds one utterance at a time, so export the encoder with batch 1 or a dynamic batch");
        }
        fixedFrames = shape[2] >= 0 ? Math.toIntExact(shape[2]) : -1;
    }

    /** The encoder in {@code file} with its shapes as declared; {@code options} is consumed. */
    public static SessionEncoder load(Environment env, Path file, SessionOptions options) {
        return wrap(MappedModel.open(env, file, options), file);
    }

    /**
     * The encoder in {@code file} with its time axis fixed to {@code frames} (and a symbolic batch to 1), for
     * execution providers that compile static shapes; {@code options} is consumed.
     */
    public static SessionEncoder loadFixed(Environment env, Path file, SessionOptions options, int frames) {
        try (MappedModel m = MappedModel.map(file); SessionOptions o = options) {
            OnnxModelScan.Input in = m.scan().inputs().stream().filter(i -> i.shape() != null && i.shape().size() == 3)
                    .findFirst().orElseThrow(() -> new ModelFolderException(file + " declares no rank-3 features input"));
            if (in.shape().get(0) instanceof Dim.Symbolic || in.shape().get(0) instanceof Dim.Fixed) {
                fix(o, in, 0, 1, file);
            }
            fix(o, in, 2, frames, file);
            return wrap(m.createSession(env, o), file);
        }
    }

    private static void fix(SessionOptions o, OnnxModelScan.Input in, int axis, long value, Path file) {
        switch (in.shape().get(axis)) {
            case Dim.Symbolic s -> o.freeDimensionOverride(s.name(), value);
            case Dim.Fixed f -> {
                if (f.value() != value) {
                    throw new ModelFolderException(file + " input '" + in.name() + "' has axis " + axis + " fixed to "
                            + f.value() + ", so it cannot be made " + value);
                }
            }
            case Dim.Unknown _ -> throw new ModelFolderException(file + " input '" + in.name() + "' axis " + axis
                    + " has no name (dim_param), so ONNX Runtime cannot fix it to " + value + "; use the model's dynamic shape");
        }
    }

    private static SessionEncoder wrap(Session s, Path file) {
        try {
            return new SessionEncoder(s, file.getFileName().toString());
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public int maxFrames() {
        return fixedFrames < 0 ? Integer.MAX_VALUE : fixedFrames;
    }

    /** Whether the input length is fixed (windows are padded to {@link #maxFrames()}). */
    public boolean isFixed() {
        return fixedFrames >= 0;
    }

    @Override
    public EncodedWindow encode(Features features, int start, int length) {
        int bins = features.bins();
        if (declaredBins() >= 0 && declaredBins() != bins) {
            throw new IllegalArgumentException(model + " takes " + declaredBins() + " bins, got features of " + bins);
        }
        if (start < 0 || length <= 0 || start + length > features.frames() || length > maxFrames()) {
            throw new IllegalArgumentException("window [" + start + ", " + (start + length) + ") of " + features.frames()
                    + " frames does not fit " + model + " (at most " + maxFrames() + " frames)");
        }
        int real = Math.max(0, Math.min(length, features.validFrames() - start));
        if (last != null) {
            last.close();
            last = null;
        }
        ElementType type = featuresIn.tensor().type();
        int capacity = isFixed() ? fixedFrames : length;
        try (Arena arena = Arena.ofConfined();
             Tensor in = Tensor.wrap(window(features, start, length, capacity, type, arena), type, 1, bins, capacity);
             Tensor len = Tensor.wrap(arena.allocate(lengthIn.tensor().type().byteSize(1), 8), lengthIn.tensor().type(), 1)) {
            FloatElements.setInteger(len.data(), len.type(), real);
            last = session.run(Map.of(featuresIn.name(), in, lengthIn.name(), len),
                    List.of(encodedOut.name(), lengthOut.name()), null);
        }
        Tensor encoded = last.get(encodedOut.name());
        long[] shape = encoded.shape();
        long frames = FloatElements.getInteger(last.get(lengthOut.name()).data(), last.get(lengthOut.name()).type());
        if (shape.length != 3 || shape[0] != 1 || frames < 0 || frames > shape[2]) {
            throw new IllegalStateException(model + " returned " + encoded + " with encoded length " + frames);
        }
        return new EncodedWindow(encoded.data(), encoded.type(), Math.toIntExact(shape[1]), Math.toIntExact(shape[2]),
                (int) frames);
    }

    /**
     * The input memory: the features themselves for a whole utterance of FLOAT features at its own length;
     * otherwise a copy of the window, converted and zero-padded to {@code capacity} frames.
     */
    private static MemorySegment window(Features f, int start, int length, int capacity, ElementType type, Arena arena) {
        if (start == 0 && length == f.frames() && capacity == length && type == ElementType.FLOAT) {
            return f.data();
        }
        MemorySegment buf = arena.allocate(type.byteSize((long) f.bins() * capacity), 8);
        for (int b = 0; b < f.bins(); b++) {
            long src = (long) b * f.frames() + start;
            long dst = (long) b * capacity;
            if (type == ElementType.FLOAT) {
                MemorySegment.copy(f.data(), ValueLayout.JAVA_FLOAT, src * Float.BYTES, buf, ValueLayout.JAVA_FLOAT,
                        dst * Float.BYTES, length);
            } else {
                for (int t = 0; t < length; t++) {
                    FloatElements.set(buf, type, dst + t, f.data().getAtIndex(ValueLayout.JAVA_FLOAT, src + t));
                }
            }
        }
        return buf;
    }

    /** Feature bins the model declares (axis 1 of its input), or -1 when that axis is not fixed. */
    public int declaredBins() {
        return Math.toIntExact(featuresIn.tensor().shape()[1]);
    }

    /** Channels per encoded frame the model declares (axis 1 of its output), or -1 when that axis is not fixed. */
    public int declaredChannels() {
        return Math.toIntExact(encodedOut.tensor().shape()[1]);
    }

    /** The model's custom metadata (sherpa-onnx keeps the model's settings there). */
    public Map<String, String> metadata() {
        return session.metadata().custom();
    }

    @Override
    public void close() {
        if (last != null) {
            last.close();
            last = null;
        }
        session.close();
    }

    @Override
    public String toString() {
        return model + " (" + featuresIn + (isFixed() ? ", fixed" : ", dynamic") + ")";
    }
}
