package org.eppanama.repro;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eppanama.runtime.EpLibraryException;
import org.eppanama.runtime.OrtException;
import org.eppanama.runtime.OrtLibrary;

/**
 * The child JVM's main: loads ONNX Runtime and writes down which library it loaded (the C reproducer
 * then runs against the same file), carries one scenario out and writes a {@link ChildResult}. It is
 * started by {@link JvmRun} with the call trace on; if native code kills it, no result is written and the
 * parent classifies the death instead.
 */
public final class ScenarioChild {
    static final int EXIT_OK = 0;
    static final int EXIT_REPORTED_FAILURE = 3;

    private ScenarioChild() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: ScenarioChild <scenario.json> <result.json> <ort-library.txt>"
                    + " (started by 'repro run', not by hand)");
            System.exit(2);
        }
        ChildResult result;
        try {
            Files.writeString(Path.of(args[2]), OrtLibrary.get().path() + "\n");
            ScenarioExecutor.execute(ScenarioFile.load(Path.of(args[0])));
            result = ChildResult.ok();
        } catch (OrtException e) {
            result = ChildResult.ortError(e.code().name(), e.ortMessage(), e.function());
        } catch (EpLibraryException e) {
            // The runtime names both versions around ONNX Runtime's own status; the status is what ORT reported.
            OrtException ort = (OrtException) e.getCause();
            result = ChildResult.ortError(ort.code().name(), e.getMessage(), ort.function());
        } catch (Exception | LinkageError e) {
            e.printStackTrace();
            result = ChildResult.harnessError(e.toString());
        }
        result.write(Path.of(args[1]));
        System.err.println("scenario child: " + result.toOutcome().describe());
        // exit, not return: an EP's leftover non-daemon thread must not keep the child alive until the timeout.
        System.exit(result.outcome().equals("ok") ? EXIT_OK : EXIT_REPORTED_FAILURE);
    }

    /** The library a child wrote down, if it got as far as loading one. */
    static Optional<Path> loadedLibrary(Path file) throws IOException {
        return Files.isRegularFile(file) ? Optional.of(Path.of(Files.readString(file).strip())) : Optional.empty();
    }
}
