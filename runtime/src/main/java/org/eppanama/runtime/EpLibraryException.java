package org.eppanama.runtime;

import java.util.List;
import java.util.regex.Pattern;

/**
 * An execution provider library could not be used with the loaded ONNX Runtime. The message names both
 * sides: ONNX Runtime's version and each EP library with its version ({@link EpLibraryInfo}).
 * {@link #refusedPairing()} tells whether one side refused the other's version (a plugin EP checks the ORT
 * API version when it is loaded; ORT checks the version the EP's structs declare when a session creates it).
 */
public final class EpLibraryException extends RuntimeException {
    /** Wording of the version checks in ONNX Runtime and in the plugins, on either side. */
    private static final Pattern VERSION_REFUSAL = Pattern.compile(
            "(?i)requires ORT|ort_version_supported|API version|only API versions|version .* not supported");

    private final String ortVersion;
    private final List<EpLibraryInfo> libraries;
    private final boolean refusedPairing;

    EpLibraryException(String what, List<EpLibraryInfo> libraries, OrtException cause) {
        this(what, libraries, cause, isVersionRefusal(cause));
    }

    static boolean isVersionRefusal(OrtException e) {
        return VERSION_REFUSAL.matcher(e.ortMessage()).find();
    }

    private EpLibraryException(String what, List<EpLibraryInfo> libraries, OrtException cause, boolean refused) {
        super(message(what, libraries, cause, refused), cause);
        this.ortVersion = OrtLibrary.get().version();
        this.libraries = List.copyOf(libraries);
        this.refusedPairing = refused;
    }

    private static String message(String what, List<EpLibraryInfo> libraries, OrtException cause, boolean refused) {
        String ort = "ONNX Runtime " + OrtLibrary.get().version() + " (" + OrtLibrary.get().path() + ")";
        String eps = String.join(", ", libraries.stream().map(l -> l.describe() + " at " + l.library()).toList());
        if (refused) {
            String said = cause.ortMessage().endsWith(".") ? cause.ortMessage() : cause.ortMessage() + ".";
            return ort + " and " + eps + " refuse each other's version: " + what + " failed: " + said
                    + " Use a pairing known to work (docs/execution-providers.md lists them), e.g. a newer EP package"
                    + " for this ONNX Runtime or the ONNX Runtime version the EP package was built for";
        }
        return what + " failed for " + eps + " with " + ort + ": " + cause.ortMessage();
    }

    /** Version of the loaded ONNX Runtime. */
    public String ortVersion() {
        return ortVersion;
    }

    /** The EP libraries involved, with what their packages say of their versions. */
    public List<EpLibraryInfo> libraries() {
        return libraries;
    }

    /** Whether the failure is a version check refusing the pairing. */
    public boolean refusedPairing() {
        return refusedPairing;
    }
}
