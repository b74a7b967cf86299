package org.eppanama.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The pipeline's goal verdicts, as {@code pipeline/bench.sh full} wrote them in docs/benchmarks-pipeline.md
 * (its "Goals" table: one row per goal and encoder scenario). The pipeline benchmark measures them; this report
 * only carries them over, so both documents always agree.
 */
record PipelineGoals(Path source, List<Row> rows) {
    /** One row of the pipeline report's goal table. */
    record Row(String goal, String measured, boolean met) {
    }

    static final String FILE = "docs/benchmarks-pipeline.md";

    /** The rows of {@code <root>/docs/benchmarks-pipeline.md}; none when the pipeline benchmark has not been run. */
    static PipelineGoals read(Path root) throws IOException {
        Path file = root.resolve(FILE);
        List<Row> rows = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            boolean inGoals = false;
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("## ")) {
                    inGoals = line.toLowerCase(Locale.ROOT).startsWith("## goals");
                } else if (inGoals && line.startsWith("| ") && !line.startsWith("| goal") && !line.startsWith("| ---")) {
                    String[] cells = line.split("\\|");
                    if (cells.length >= 4) {
                        String verdict = cells[3].replace("*", "").strip();
                        rows.add(new Row(cells[1].strip(), cells[2].strip(), verdict.equals("met")));
                    }
                }
            }
        }
        return new PipelineGoals(file, List.copyOf(rows));
    }

    /** The goal's status and what was measured, over every scenario row whose goal text starts with {@code prefix}. */
    Goal goal(String title, String prefix) {
        List<Row> matching = rows.stream().filter(r -> r.goal().startsWith(prefix)).toList();
        if (matching.isEmpty()) {
            return new Goal(title, Goal.PENDING, "not measured yet: run `pipeline/bench.sh full` (bench/run.sh full does), see section 4");
        }
        boolean met = matching.stream().allMatch(Row::met);
        String measured = String.join("; ", matching.stream()
                .map(r -> r.goal().substring(r.goal().lastIndexOf(',') + 1).strip() + ": " + r.measured() + (r.met() ? " (met)" : " (not met)"))
                .toList()) + " — see " + FILE;
        return new Goal(title, met ? Goal.MET : Goal.NOT_MET, measured);
    }
}
