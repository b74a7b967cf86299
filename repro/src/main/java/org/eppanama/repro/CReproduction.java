package org.eppanama.repro;

import java.nio.file.Path;

/** The emitted C program, how it was built, and how its run ended. */
public record CReproduction(Path source, Path buildScript, String buildLine, Path binary, RunReport report) {
}
