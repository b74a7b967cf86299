package org.eppanama.repro;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eppanama.runtime.Environment;
import org.eppanama.runtime.Outputs;
import org.eppanama.runtime.Session;
import org.eppanama.runtime.SessionOptions;
import org.eppanama.runtime.Tensor;

/**
 * Carries a scenario out through the runtime, in this process. The C API calls come in the order the
 * emitted C program repeats ({@link CProgram}): environment, session options, EP libraries, option settings
 * and config entries, device selection and V2 append, legacy appends, session from the model bytes, input
 * tensors, runs, then the releases.
 */
final class ScenarioExecutor {
    private ScenarioExecutor() {
    }

    static void execute(ScenarioFile file) throws IOException {
        Scenario s = file.scenario();
        try (Environment env = Environment.create(); SessionOptions options = SessionOptions.create()) {
            for (Scenario.EpLibrary lib : s.epLibraries()) {
                env.registerExecutionProviderLibrary(lib.name(), file.resolve(lib.path()));
            }
            file.graphOptimizationLevel().ifPresent(options::graphOptimizationLevel);
            if (s.session().intraOpThreads() != null) {
                options.intraOpThreads(s.session().intraOpThreads());
            }
            if (s.session().interOpThreads() != null) {
                options.interOpThreads(s.session().interOpThreads());
            }
            s.sessionConfig().forEach(options::configEntry);
            if (s.device() != null) {
                options.appendExecutionProvider(env.epDevices(s.device().ep(), file.deviceType().orElse(null)), s.providerOptions());
            }
            for (Scenario.LegacyProvider p : s.legacyProviders()) {
                options.appendExecutionProvider(p.name(), p.options());
            }
            try (Session session = Session.create(env, Files.readAllBytes(file.model()), options);
                 Arena arena = Arena.ofConfined()) {
                run(session, file.inputs(), s.runs(), arena);
            }
        }
    }

    private static void run(Session session, List<InputSpec> specs, int runs, Arena arena) throws IOException {
        List<Tensor> tensors = new ArrayList<>();
        try {
            Map<String, Tensor> feeds = new LinkedHashMap<>();
            for (InputSpec in : specs) {
                Tensor t = Tensor.wrap(InputData.create(arena, in), in.type(), in.dims());
                tensors.add(t);
                feeds.put(in.name(), t);
            }
            for (int i = 0; i < runs; i++) {
                try (Outputs ignored = session.run(feeds)) {
                    // Only whether the run returns matters here; the outputs are released at once.
                }
            }
        } finally {
            tensors.forEach(Tensor::close);
        }
    }
}
