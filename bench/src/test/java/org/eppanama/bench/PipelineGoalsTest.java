package org.eppanama.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline report's goal rows become the bench report's verdicts: every scenario must meet a goal. */
class PipelineGoalsTest {

    @Test
    void goalsAreMetOnlyWhenEveryScenarioMeetsThem(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve(PipelineGoals.FILE), """
                # Pipeline benchmark
                | a | table | elsewhere |
                | --- | --- | --- |
                | decoder-loop overhead < 5% of decoder wall time, not a goal row | 1% | met |

                ## Goals (issue 7)

                | goal | measured | |
                | --- | --- | --- |
                | decoder-loop overhead < 5% of decoder wall time, big encoder | 5.4% (median) | **not met** |
                | 0 heap bytes per decoder step in steady state, big encoder | 0.0 | met |
                | decoder-loop overhead < 5% of decoder wall time, small encoder | 3.5% (median) | met |
                | 0 heap bytes per decoder step in steady state, small encoder | 0.0 | met |

                ## Reading the figures
                | decoder-loop overhead < 5%, not a goal row either | 1% | met |
                """);
        PipelineGoals goals = PipelineGoals.read(root);
        assertEquals(4, goals.rows().size());
        Goal overhead = goals.goal("Decoder-loop overhead under 5% of decoder time", "decoder-loop overhead");
        assertEquals(Goal.NOT_MET, overhead.status());
        assertTrue(overhead.measured().contains("big encoder: 5.4% (median) (not met)"), overhead.measured());
        assertEquals(Goal.MET, goals.goal("No allocation", "0 heap bytes per decoder step").status());
        assertEquals(Goal.PENDING, goals.goal("Pipeline at least 2× faster", "onnx-asr time / pipeline time").status());
    }

    @Test
    void withoutThePipelineReportTheGoalsArePending(@TempDir Path root) throws Exception {
        PipelineGoals goals = PipelineGoals.read(root);
        assertTrue(goals.rows().isEmpty());
        assertEquals(Goal.PENDING, goals.goal("x", "decoder-loop overhead").status());
    }
}
