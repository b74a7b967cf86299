package org.eppanama.pipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * onnx-asr in a Python process ({@code pipeline/onnx-asr.sh bench}, which installs its pinned virtual environment
 * the first time), answering one JSON line per command, so the benchmark can interleave it with the pipeline.
 */
final class OnnxAsrServer implements AutoCloseable {
    /** onnx-asr.sh's exit status when the packages cannot be installed. */
    static final int NOT_INSTALLABLE = 3;

    /** Why onnx-asr could not be started because its environment could not be installed (not a failure). */
    static final class Unavailable extends Exception {
        Unavailable(String reason) {
            super(reason);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EOF = "\u0000eof";
    private final Process process;
    private final Writer in;
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(16);
    private final Path log;
    private final JsonNode hello;

    private OnnxAsrServer(Process process, Path log, long startTimeoutSeconds) throws Unavailable {
        this.process = process;
        this.log = log;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.put(line);
                }
            } catch (IOException | InterruptedException e) {
                // The process went away; EOF below says so.
            }
            lines.offer(EOF);
        }, "onnx-asr stdout");
        reader.setDaemon(true);
        reader.start();
        String first = next(startTimeoutSeconds);
        if (first == null) {
            process.destroyForcibly();
            try {
                if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == NOT_INSTALLABLE) {
                    throw new Unavailable(logText().strip());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("onnx-asr did not start (exit " + exit() + "); see " + log + ":\n" + logText());
        }
        hello = parse(first);
    }

    /** Starts {@code script bench folder wav} with one thread for every math library, its stderr in {@code log}. */
    static OnnxAsrServer start(Path script, Path folder, Path wav, Path log, long startTimeoutSeconds) throws Unavailable {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder pb = new ProcessBuilder(script.toAbsolutePath().toString(), "bench",
                    folder.toAbsolutePath().toString(), wav.toAbsolutePath().toString())
                    .redirectError(log.toFile());
            Map<String, String> env = pb.environment();
            for (String v : new String[] {"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"}) {
                env.put(v, "1");
            }
            return new OnnxAsrServer(pb.start(), log, startTimeoutSeconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first line: versions, load time, providers. */
    JsonNode hello() {
        return hello;
    }

    /** Sends {@code command} (check, run, meter) and returns its answer. */
    JsonNode ask(String command) {
        try {
            in.write(command + "\n");
            in.flush();
        } catch (IOException e) {
            throw new IllegalStateException("onnx-asr went away (exit " + exit() + "); see " + log + ":\n" + logText(), e);
        }
        String line = next(600);
        if (line == null) {
            throw new IllegalStateException("onnx-asr gave no answer to '" + command + "' (exit " + exit() + "); see " + log
                    + ":\n" + logText());
        }
        return parse(line);
    }

    private String next(long timeoutSeconds) {
        try {
            String line = lines.poll(timeoutSeconds, TimeUnit.SECONDS);
            return line == null || line.equals(EOF) ? null : line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException("onnx-asr said something that is not JSON: " + line, e);
        }
    }

    private String exit() {
        return process.isAlive() ? "still running" : Integer.toString(process.exitValue());
    }

    private String logText() {
        try {
            String s = Files.readString(log);
            return s.length() > 4000 ? "..." + s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                in.write("quit\n");
                in.flush();
            }
        } catch (IOException e) {
            // Already gone.
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
