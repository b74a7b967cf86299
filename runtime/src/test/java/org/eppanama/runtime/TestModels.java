package org.eppanama.runtime;

import org.eppanama.onnx.Dim;
import org.eppanama.onnx.OnnxModelBuilder;

/** Small models whose outputs are known by construction. */
final class TestModels {
    private TestModels() {
    }

    /** The Python flow's options: ENABLE_ALL, then the CPU EP device appended through the V2 call. */
    static SessionOptions cpuV2(Environment env) {
        return SessionOptions.create().graphOptimizationLevel(GraphOptimizationLevel.ENABLE_ALL)
                .appendExecutionProvider(env.epDevices("CPUExecutionProvider", DeviceType.CPU), java.util.Map.of());
    }

    /** sum = x + y, both FLOAT[N, 3] with a symbolic batch dimension N. */
    static byte[] add() {
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 17).graphName("add").producer("eppanama-tests")
                .metadata("purpose", "unit-test").metadata("author", "eppanama");
        b.input("x", ElementType.FLOAT, Dim.param("N"), Dim.of(3));
        b.input("y", ElementType.FLOAT, Dim.param("N"), Dim.of(3));
        b.output("sum", ElementType.FLOAT, Dim.param("N"), Dim.of(3));
        b.node("Add").inputs("x", "y").outputs("sum");
        return b.build();
    }

    /** y = Identity(x) for one element type, shape [N]. */
    static byte[] identity(ElementType type) {
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 21).graphName("identity_" + type);
        b.input("x", type, Dim.param("N"));
        b.output("y", type, Dim.param("N"));
        b.node("Identity").inputs("x").outputs("y");
        return b.build();
    }

    /** a = x and b = -x, FLOAT [N]: one input, two outputs. */
    static byte[] identityAndNeg() {
        OnnxModelBuilder b = new OnnxModelBuilder().opset("", 21).graphName("identity_and_neg");
        b.input("x", ElementType.FLOAT, Dim.param("N"));
        b.output("a", ElementType.FLOAT, Dim.param("N"));
        b.output("b", ElementType.FLOAT, Dim.param("N"));
        b.node("Identity").inputs("x").outputs("a");
        b.node("Neg").inputs("x").outputs("b");
        return b.build();
    }
}
