package org.eppanama.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eppanama.onnx.Dim;
import org.eppanama.onnx.OnnxModelBuilder;
import org.junit.jupiter.api.Test;

/** ONNX Runtime's own log lines arrive through the upcall in System.Logger "onnxruntime" (JUL underneath here). */
class LoggingTest {

    @Test
    void ortWarningsReachTheJavaLogger() {
        Logger jul = Logger.getLogger("onnxruntime");
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(handler);
        try (Environment env = Environment.create()) {
            // An initializer no node uses: ONNX Runtime warns that it removes it.
            OnnxModelBuilder b = new OnnxModelBuilder().opset("", 17).graphName("unused");
            b.input("x", ElementType.FLOAT, Dim.of(1));
            b.output("y", ElementType.FLOAT, Dim.of(1));
            b.initializer("never_used", ElementType.FLOAT, new long[] {1}, new byte[4]);
            b.node("Identity").inputs("x").outputs("y");
            try (Session s = Session.create(env, b.build(), null)) {
                assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.WARNING
                        && r.getMessage().contains("never_used")), "records: " + records.stream().map(LogRecord::getMessage).toList());
            }
        } finally {
            jul.removeHandler(handler);
        }
    }
}
