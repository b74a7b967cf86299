package org.eppanama.tests.conformance;

import java.util.Map;
import org.eppanama.onnx.TensorProtoData;

/**
 * A backend that can run one ONNX model on one set of inputs. {@link ConformanceSuite} calls
 * {@link #run} once per test data set of a case; implementations create a session from the
 * model bytes, feed the inputs by name and return every graph output by name.
 *
 * <p>When the backend cannot express a value the case needs (an element type its API has no
 * way to create or read, a non-tensor value), {@link #run} throws {@link UnsupportedByRunner};
 * the suite reports the case as skipped rather than failed. Any other exception is reported as
 * an error.
 */
public interface CaseRunner extends AutoCloseable {

    /**
     * Runs {@code modelBytes} (a serialized ModelProto) on {@code inputs} (keyed by graph input
     * name) and returns the graph outputs keyed by name.
     */
    Map<String, TensorProtoData> run(byte[] modelBytes, Map<String, TensorProtoData> inputs) throws Exception;

    /** Short name used in results file names and summaries, for example {@code jni}. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** Releases what the runner holds (environment, caches); the default does nothing. */
    @Override
    default void close() {
    }
}
