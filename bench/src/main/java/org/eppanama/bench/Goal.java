package org.eppanama.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** One of the goals, marked met, not met or pending, with what was measured against it. */
public record Goal(String goal, String status, String measured) {
    public static final String MET = "met";
    public static final String NOT_MET = "not met";
    public static final String PENDING = "pending";
    /** The goals measured in this run, without the pipeline's (pending). */
    public static List<Goal> evaluate(Figures f) {
        return evaluate(f, new PipelineGoals(Path.of(PipelineGoals.FILE), List.of()));
    }

    /** Every goal; the pipeline's come from its own report ({@link PipelineGoals}). */
    public static List<Goal> evaluate(Figures f, PipelineGoals pipeline) {
        Score run = f.call().get("ffmSessionRun");
        Score binding = f.call().get("ffmIoBinding");
        Score jniPinned = f.call().get("jniRunPinned");
        Score jni = f.call().get("jniRun");
        double runToC = run.ratioTo(f.cRun());
        double bindingToC = binding.ratioTo(f.cBinding());
        boolean belowJni = run.ratioTo(jniPinned) < 1 && binding.ratioTo(jniPinned) < 1;
        int inputCopies = f.copies().stream().filter(c -> c.path().startsWith("ffm")).mapToInt(CopyCount::inputCopies).sum();
        return List.of(
                new Goal("Per-Run overhead within 1.10× of plain C", runToC <= 1.10 && bindingToC <= 1.10 ? MET : NOT_MET,
                        fmt("Session.run %.2f× C Run; IoBinding.run %.2f× C RunWithBinding", runToC, bindingToC)),
                new Goal("Per-Run overhead below the JNI API", belowJni ? MET : NOT_MET,
                        fmt("Session.run %.2f×, IoBinding.run %.2f× JNI run with pinned outputs; %.2f×, %.2f× JNI's usual run",
                                run.ratioTo(jniPinned), binding.ratioTo(jniPinned), run.ratioTo(jni), binding.ratioTo(jni))),
                new Goal("Zero copies of input data on this runtime's path", inputCopies == 0 ? MET : NOT_MET,
                        fmt("%d input copies on Session.run, IoBinding.run and wrap-per-run (checked by data address)", inputCopies)),
                pipeline.goal("Decoder-loop overhead under 5% of decoder time", "decoder-loop overhead"),
                withRuntimeShare(pipeline.goal("No allocation per decoder step in steady state", "0 heap bytes per decoder step"),
                        binding, run),
                pipeline.goal("Pipeline at least 2× faster than onnx-asr", "onnx-asr time / pipeline time"));
    }

    private static Goal withRuntimeShare(Goal g, Score binding, Score run) {
        return new Goal(g.goal(), g.status(), g.measured() + "; the runtime's share: IoBinding.run " + bytes(binding)
                + " B/op, Session.run " + bytes(run) + " B/op");
    }

    /** Bytes allocated per op, rounded; "–" where not measured. */
    static String bytes(Score s) {
        return Double.isNaN(s.bytesPerOp()) ? "–" : fmt("%.0f", s.bytesPerOp());
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
