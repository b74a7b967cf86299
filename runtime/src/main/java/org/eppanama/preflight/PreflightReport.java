package org.eppanama.preflight;

import java.nio.file.Path;
import java.util.List;

/**
 * What a preflight found: each file the EP library will load with where it was found, and each missing
 * file with who needs it and every place it was looked for.
 *
 * @param root    the library checked
 * @param found   resolved files: name and path
 * @param missing files that were not found
 */
public record PreflightReport(Path root, List<Found> found, List<Missing> missing) {
    public PreflightReport {
        found = List.copyOf(found);
        missing = List.copyOf(missing);
    }

    /** A file the load will use. */
    public record Found(String name, Path path) {
    }

    /**
     * A file that is not there.
     *
     * @param name     the file name as the loader asks for it
     * @param neededBy the file (or "runtime") that needs it, and why
     * @param searched each folder looked in, with the rule that put it on the search path
     */
    public record Missing(String name, String neededBy, List<String> searched) {
        public Missing {
            searched = List.copyOf(searched);
        }

        @Override
        public String toString() {
            return name + " (needed by " + neededBy + ") not found; looked in: "
                    + (searched.isEmpty() ? "nowhere (no search path applies)" : String.join(", ", searched));
        }
    }

    public boolean ok() {
        return missing.isEmpty();
    }

    /** The names of the missing files. */
    public List<String> missingNames() {
        return missing.stream().map(Missing::name).toList();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("preflight of ").append(root).append(": ")
                .append(ok() ? "all " + found.size() + " files found" : missing.size() + " missing").append('\n');
        missing.forEach(m -> s.append("  MISSING ").append(m).append('\n'));
        found.forEach(f -> s.append("  found   ").append(f.name()).append(" -> ").append(f.path()).append('\n'));
        return s.toString();
    }
}
