package org.eppanama.repro;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Narrows a failing scenario down to a smallest set of session config entries and provider options (V2 and
 * legacy) that still fails the same way ({@link Outcome#sameAs}), by ddmin over child JVM runs. Everything
 * else in the scenario (libraries, device, model, inputs) is kept.
 */
final class Bisector {
    private final Duration timeout;
    private final Path workDir;
    private final Consumer<String> progress;

    Bisector(Duration timeout, Path workDir, Consumer<String> progress) {
        this.timeout = timeout;
        this.workDir = workDir;
        this.progress = progress;
    }

    BisectResult bisect(ScenarioFile file) throws IOException {
        List<Option> options = options(file.scenario());
        RunReport full = JvmRun.run(file, workDir.resolve("full"), timeout);
        Outcome failure = full.outcome();
        progress.accept("all " + options.size() + " options: " + failure.describe());
        if (failure instanceof Outcome.Ok || failure instanceof Outcome.HarnessError) {
            throw new IllegalStateException("nothing to narrow down: " + file.path() + " ends " + failure.describe()
                    + (failure instanceof Outcome.Ok ? "" : "; fix the scenario so that it reaches ONNX Runtime")
                    + " (run " + full.workDir() + ")");
        }
        int[] runs = {1};
        List<Option> kept = DeltaDebugging.ddmin(options, subset -> {
            RunReport r = JvmRun.run(withOnly(file, subset), workDir.resolve("step-" + runs[0]), timeout);
            runs[0]++;
            boolean same = r.outcome().sameAs(failure);
            progress.accept((same ? "same   " : "differs") + " with " + subset + ": " + r.outcome().signature());
            return same;
        });
        Path written = file.path().resolveSibling(file.stem() + ".reduced.json");
        Scenario reduced = withOnly(file, kept).scenario();
        ScenarioFile.write(written, reduced);
        return new BisectResult(failure, options, kept, reduced, written, runs[0]);
    }

    static List<Option> options(Scenario s) {
        List<Option> all = new ArrayList<>();
        s.sessionConfig().forEach((k, v) -> all.add(new Option(Option.Kind.SESSION_CONFIG, -1, k, v)));
        s.providerOptions().forEach((k, v) -> all.add(new Option(Option.Kind.PROVIDER_OPTION, -1, k, v)));
        for (int i = 0; i < s.legacyProviders().size(); i++) {
            int provider = i;
            s.legacyProviders().get(i).options().forEach((k, v) -> all.add(new Option(Option.Kind.LEGACY_PROVIDER_OPTION, provider, k, v)));
        }
        return all;
    }

    /** The scenario with only the {@code kept} options (legacy providers themselves stay, maybe with no options). */
    static ScenarioFile withOnly(ScenarioFile file, List<Option> kept) {
        Scenario s = file.scenario();
        Map<String, String> config = new LinkedHashMap<>();
        Map<String, String> provider = new LinkedHashMap<>();
        List<Map<String, String>> legacy = new ArrayList<>();
        s.legacyProviders().forEach(p -> legacy.add(new LinkedHashMap<>()));
        for (Option o : kept) {
            switch (o.kind()) {
                case SESSION_CONFIG -> config.put(o.key(), o.value());
                case PROVIDER_OPTION -> provider.put(o.key(), o.value());
                case LEGACY_PROVIDER_OPTION -> legacy.get(o.provider()).put(o.key(), o.value());
            }
        }
        List<Scenario.LegacyProvider> providers = new ArrayList<>();
        for (int i = 0; i < s.legacyProviders().size(); i++) {
            providers.add(new Scenario.LegacyProvider(s.legacyProviders().get(i).name(), legacy.get(i)));
        }
        return new ScenarioFile(file.path(), s.withOptions(config, provider, providers));
    }
}
