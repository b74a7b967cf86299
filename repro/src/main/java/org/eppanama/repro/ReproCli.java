package org.eppanama.repro;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line: {@code repro run|emit-c|bisect [options] <scenario.json>} and {@code repro bench-trace}.
 * Exit status: 0 when the command's answer is the good one (run: ok; emit-c: the C program ends the same
 * way; bisect: reduced), 1 when it is not or the harness failed, 2 for bad usage or a bad scenario.
 */
public final class ReproCli {
    static final String USAGE = """
            usage: repro <command> [options] <scenario.json>
              run       run the scenario in a child JVM; print how it ended (ok, ort-error, native-crash, timeout,
                        harness-error), the last C API call reached, the top native frames and the kept files
              emit-c    run it, then write <stem>.c and <stem>.build.sh, build and run the C program, and say whether
                        it ends the same way (then Java is not involved)
              bisect    find a smallest set of provider options and session config entries that still fails the
                        same way; print it and write <stem>.reduced.json next to the scenario
              bench-trace [--forks N] [--seconds S]
                        measure the call trace's cost with the trace off and on (no scenario)
            options:
              --timeout SECONDS  limit for each child JVM or C program run (default 60)
              --work DIR         where run files go (default <scenario folder>/<stem>.repro)
              --headers DIR      ONNX Runtime C headers for emit-c (default $EPPANAMA_HEADERS, else
                                 .cache/headers/onnxruntime in the current folder or one above it)
            """;

    private ReproCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            Arguments a = Arguments.parse(args);
            return switch (a.command()) {
                case "bench-trace" -> benchTrace(a, out);
                case "run" -> run(a, out);
                case "emit-c" -> emitC(a, out);
                case "bisect" -> bisect(a, out);
                default -> throw new UsageException("unknown command '" + a.command() + "'");
            };
        } catch (UsageException e) {
            err.println("repro: " + e.getMessage() + "\n" + USAGE);
            return 2;
        } catch (ScenarioException e) {
            err.println("repro: " + e.getMessage());
            return 2;
        } catch (IOException | IllegalStateException e) {
            err.println("repro: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("repro: interrupted");
            return 1;
        }
    }

    private static int run(Arguments a, PrintStream out) throws IOException {
        ScenarioFile scenario = ScenarioFile.load(a.scenario());
        out.println("repro run " + scenario.path());
        RunReport report = a.harness(out).run(scenario);
        out.print(report.format());
        return report.outcome() instanceof Outcome.Ok ? 0 : 1;
    }

    private static int emitC(Arguments a, PrintStream out) throws IOException {
        ScenarioFile scenario = ScenarioFile.load(a.scenario());
        out.println("repro emit-c " + scenario.path());
        EmitCResult result = a.harness(out).emitC(scenario);
        CReproduction c = result.c();
        out.println("C program:   " + c.source());
        out.println("build line:  " + c.buildLine());
        out.println("             (also in " + c.buildScript() + ")");
        out.println("run:         " + c.binary() + " [path/to/libonnxruntime.so]");
        out.println("JVM child:");
        out.print(result.jvm().format());
        out.println("C program:");
        out.print(c.report().format());
        Outcome outcome = c.report().outcome();
        out.println(!result.reproduced()
                ? "verdict: the C program ends differently (JVM: " + result.jvm().outcome().signature() + ", C: "
                        + outcome.signature() + ")"
                : "verdict: the C program ends the same way (" + outcome.signature() + ")"
                        + (outcome instanceof Outcome.Ok ? "" : ": Java is not involved"));
        return result.reproduced() ? 0 : 1;
    }

    private static int bisect(Arguments a, PrintStream out) throws IOException {
        ScenarioFile scenario = ScenarioFile.load(a.scenario());
        out.println("repro bisect " + scenario.path());
        BisectResult r = a.harness(out).bisect(scenario);
        out.println("reduced " + r.options().size() + " options to " + r.kept().size() + " in " + r.runs() + " runs: " + r.kept());
        out.println("still ends: " + r.failure().signature());
        out.println("reduced scenario, written to " + r.written() + ":");
        out.println(ScenarioFile.toJson(r.reduced()));
        return 0;
    }

    private static int benchTrace(Arguments a, PrintStream out) throws IOException, InterruptedException {
        out.println("repro bench-trace: " + a.forks() + " pair(s) of forks (trace off, trace on), about " + a.seconds() + " s each");
        out.print(TraceCostBenchmark.measure(a.forks(), a.seconds()).format());
        return 0;
    }

    /** Bad command-line usage; the usage text follows the message. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** The parsed command line. */
    record Arguments(String command, Path scenario, Duration timeout, Path workDir, Path headers, int forks, double seconds) {
        static Arguments parse(String[] args) {
            if (args.length == 0) {
                throw new UsageException("no command given");
            }
            Duration timeout = Harness.DEFAULT_TIMEOUT;
            Path work = null;
            Path headers = null;
            int forks = 2;
            double seconds = 3;
            List<String> positional = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--timeout" -> timeout = Duration.ofMillis((long) (positive(args, ++i) * 1000));
                    case "--work" -> work = Path.of(value(args, ++i));
                    case "--headers" -> headers = Path.of(value(args, ++i));
                    case "--forks" -> forks = (int) positive(args, ++i);
                    case "--seconds" -> seconds = positive(args, ++i);
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new UsageException("unknown option " + args[i]);
                        }
                        positional.add(args[i]);
                    }
                }
            }
            boolean needsScenario = !args[0].equals("bench-trace");
            if (positional.size() != (needsScenario ? 1 : 0)) {
                throw new UsageException(needsScenario ? "'" + args[0] + "' takes one scenario file, got " + positional
                        : "bench-trace takes no scenario, got " + positional);
            }
            return new Arguments(args[0], needsScenario ? Path.of(positional.getFirst()) : null, timeout, work, headers,
                    Math.max(1, forks), seconds);
        }

        Harness harness(PrintStream out) {
            return new Harness(timeout, workDir, headers, line -> out.println("  " + line));
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new UsageException(args[i - 1] + " needs a value");
            }
            return args[i];
        }

        private static double positive(String[] args, int i) {
            String v = value(args, i);
            try {
                double d = Double.parseDouble(v);
                if (d > 0) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below, with the option's name
            }
            throw new UsageException(args[i - 1] + " needs a positive number, got '" + v + "'");
        }
    }
}
