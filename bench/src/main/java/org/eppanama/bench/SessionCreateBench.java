package org.eppanama.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.concurrent.TimeUnit;
import org.eppanama.runtime.Environment;
import org.eppanama.runtime.Session;
import org.eppanama.runtime.SessionOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Session creation from model bytes with the V2 device flow, options included: GetEpDevices, append the
 * CPU EP with SessionOptionsAppendExecutionProvider_V2, CreateSessionFromArray; then close it all. The
 * environment lives across operations, as it does in an application.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SessionCreateBench {
    private static final byte[] MODEL = BenchModels.add();

    @State(Scope.Benchmark)
    public static class Ffm {
        Environment env;

        @Setup
        public void open() {
            env = Environment.create();
        }

        @TearDown
        public void close() {
            env.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Jni {
        OrtEnvironment env;

        @Setup
        public void open() {
            env = OrtEnvironment.getEnvironment();
        }
    }

    @State(Scope.Benchmark)
    public static class Raw {
        RawFfm raw;

        @Setup
        public void open() {
            raw = new RawFfm();
        }

        @TearDown
        public void close() {
            raw.close();
        }
    }

    /** The same flow through the generated downcalls alone: the floor under any FFM binding. */
    @Benchmark
    public void ffmRawCreate(Raw s) {
        s.raw.createAndRelease(MODEL);
    }

    @Benchmark
    public int ffmCreate(Ffm s) {
        try (SessionOptions options = SameOptions.ffm(s.env); Session session = Session.create(s.env, MODEL, options)) {
            return session.inputs().size();
        }
    }

    @Benchmark
    public long jniCreate(Jni s) throws OrtException {
        try (OrtSession.SessionOptions options = SameOptions.jni(s.env); OrtSession session = s.env.createSession(MODEL, options)) {
            return session.getNumInputs();
        }
    }
}
