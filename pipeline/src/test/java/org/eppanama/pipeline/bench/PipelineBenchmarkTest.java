package org.eppanama.pipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eppanama.pipeline.DecoderMeter;
import org.eppanama.pipeline.TranscriberOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's setup on a small scale: generation, the known-answer check on both sides, one timed round,
 * the decoder meter, the report. The onnx-asr side is skipped, saying why, only when its environment cannot be
 * installed.
 */
class PipelineBenchmarkTest {
    static PipelineBenchmark.Report report;
    static PipelineBenchmark.ScenarioResult result;

    @BeforeAll
    static void runSmallBenchmark() throws Exception {
        PipelineBenchmark.Config c = new PipelineBenchmark.Config("smoke",
                List.of(new PipelineBenchmark.Scenario("Conformer-like encoder (1 x 32)", 1, 32)), 8,
                TranscriberOptions.Preprocessing.JAVA, 1, 1, 2, Path.of("target", "pipeline-bench-smoke"),
                Path.of("onnx-asr.sh"), false);
        report = PipelineBenchmark.run(c, "PipelineBenchmarkTest", System.out);
        result = report.results().getFirst();
        if (report.onnxAsrSkipped() != null) {
            System.out.println("SKIPPED (onnx-asr side): onnx-asr could not be installed:\n" + report.onnxAsrSkipped());
        }
    }

    @Test
    void pipelineSideGivesSaneTimings() {
        assertTrue(result.audioSeconds() >= 8, "audio " + result.audioSeconds());
        assertTrue(result.tokens() > 10 && result.steps() >= result.tokens(), result.tokens() + " tokens, " + result.steps() + " steps");
        assertEquals(1, result.windows());
        assertEquals(1, result.pipeline().size());
        PipelineBenchmark.Sample s = result.pipeline().getFirst();
        double stages = s.audio() + s.preprocess() + s.encode() + s.decode() + s.text();
        assertTrue(s.encode() > 0 && s.decode() > 0 && s.preprocess() > 0, s.toString());
        assertTrue(stages <= s.wall() && s.wall() < 60, s.toString());
    }

    @Test
    void decoderMeterGivesTimeInRunsOverheadAndBytesPerStep() {
        assertEquals(2, result.pipelineDecoder().size());
        for (PipelineBenchmark.DecoderSample d : result.pipelineDecoder()) {
            assertEquals(result.steps(), d.steps(), d.toString());
            assertTrue(d.inRuns() > 0 && d.inRuns() <= d.decode() && d.loop() <= d.decode(), d.toString());
            assertTrue(d.overhead() > 0 && d.overhead() < 1, d.toString());
            if (DecoderMeter.countsAllocation()) {
                // Not warmed up here, so not 0; a cold loop allocates on the order of 100 bytes a step.
                assertTrue(d.bytes() >= 0 && d.bytesPerStep() < 100_000, d.toString());
            }
        }
    }

    @Test
    void onnxAsrSideGivesTheSameAnswerAndSaneTimings() {
        if (report.onnxAsrSkipped() != null) {
            Assumptions.abort("onnx-asr could not be installed: " + report.onnxAsrSkipped());
        }
        assertTrue(report.onnxAsrVersions().contains("\"onnxruntime\":\"1.29.0\""), report.onnxAsrVersions());
        assertEquals(1, result.onnxAsr().size());
        PipelineBenchmark.Sample s = result.onnxAsr().getFirst();
        assertTrue(s.encode() > 0 && s.decode() > 0 && s.preprocess() > 0 && s.audio() >= 0 && s.wall() < 60, s.toString());
        assertTrue(result.ratios()[0] > 0, "ratio " + result.ratios()[0]);
        for (PipelineBenchmark.DecoderSample d : result.onnxAsrDecoder()) {
            // onnx-asr runs decoder_joint once per step, as the pipeline does.
            assertEquals(result.steps(), d.steps(), d.toString());
            assertTrue(d.inRuns() > 0 && d.inRuns() < d.decode(), d.toString());
        }
    }

    @Test
    void reportNamesMachineVersionsAndEachGoal() throws Exception {
        String md = PipelineBenchmark.markdown(report);
        Path file = Files.writeString(Path.of("target", "pipeline-bench-smoke", "benchmarks-pipeline.md"), md);
        for (String s : new String[] {"| CPU |", "| JDK |", "| ONNX Runtime, Java side | 1.29.0", "| onnx-asr side |",
                "decoder-loop overhead < 5%", "0 heap bytes per decoder step", "onnx-asr time / pipeline time >= 2x",
                "real-time factor", "preprocess (log-mel)"}) {
            assertTrue(md.contains(s), "no '" + s + "' in " + file);
        }
    }
}
