package org.eppanama.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eppanama.onnx.EpContextNode;
import org.eppanama.runtime.qnn.QnnContextBinary;
import org.eppanama.runtime.qnn.QnnSystemLibrary;

/**
 * Checks an EPContext model before ONNX Runtime reads it: each node with embed_mode 0 names its context
 * binary by a path that ONNX Runtime resolves against the model's folder (the working directory for a model
 * given as bytes). A path that leaves that folder (absolute, "..", or a link pointing out) could make an EP
 * read any file the process can, so it is refused unless the caller allowed it
 * ({@link SessionOptions#allowEpContextOutsideModelFolder}). A QNN context loaded with a target HTP
 * architecture ({@link QnnOptions.Builder#htpArch}) must have been prepared for that architecture.
 */
final class EpContextCheck {
    /** The {@code source} values by which the QNN EP recognises its own context nodes. */
    private static final Set<String> QNN_SOURCES = Set.of("qnnexecutionprovider", "qnn", "qairtexport");

    private EpContextCheck() {
    }

    static void verify(byte[] model, Path folder, String origin, SessionOptions options) {
        List<EpContextNode> nodes;
        try {
            nodes = EpContextNode.read(model);
        } catch (IllegalArgumentException malformed) {
            // Bytes that are no ModelProto name no file: ONNX Runtime reports them as invalid protobuf.
            return;
        }
        boolean allowOutside = options != null && options.epContextOutsideModelFolderAllowed();
        for (EpContextNode node : nodes) {
            if (node.embedded()) {
                continue;
            }
            String named = node.cacheContextPath();
            String escape = escape(named, folder);
            if (escape != null && !allowOutside) {
                throw new IllegalArgumentException("EPContext node '" + node.name() + "' of " + origin
                        + " names its context binary '" + named + "', which " + escape + " the model's folder " + folder
                        + ": put the binary in that folder and name it relatively, or, if you trust the model, call"
                        + " SessionOptions.allowEpContextOutsideModelFolder(true)");
            }
        }
        verifyQnnArch(nodes, folder, origin, options);
    }

    /**
     * For QNN context nodes loaded with an {@code htp_arch} target: reads each context binary with the
     * libQnnSystem beside the QNN plugin and refuses one prepared for another HTP architecture, so the
     * mismatch is named here instead of surfacing (or crashing) inside the backend.
     */
    private static void verifyQnnArch(List<EpContextNode> nodes, Path folder, String origin, SessionOptions options) {
        String target = options == null ? null : options.providerOptions(QnnOptions.EP_NAME).get("htp_arch");
        Path plugin = options == null ? null : options.epLibrary(QnnOptions.EP_NAME);
        if (target == null || plugin == null) {
            return;
        }
        QnnSystemLibrary system = null;
        for (EpContextNode node : nodes) {
            if (!QNN_SOURCES.contains(node.source().toLowerCase(Locale.ROOT)) || node.mainContext() == 0) {
                continue;
            }
            if (system == null) {
                system = QnnSystemLibrary.load(plugin.resolveSibling("libQnnSystem.so"));
            }
            QnnContextBinary binary = node.embedded() ? QnnContextBinary.read(system, node.cacheContext())
                    : QnnContextBinary.read(system, folder.resolve(node.cacheContextPath()));
            binary.requireHtpArch(Integer.parseInt(target), "the QNN context binary of EPContext node '" + node.name()
                    + "' in " + origin);
        }
    }

    /** How {@code named} leaves {@code folder}, or null if it stays inside. */
    private static String escape(String named, Path folder) {
        Path p;
        try {
            p = Path.of(named);
        } catch (InvalidPathException e) {
            return "is no valid path (" + e.getReason() + ") for";
        }
        if (named.isEmpty() || p.isAbsolute()) {
            return named.isEmpty() ? "is empty and so is not a file in" : "is absolute, outside";
        }
        for (Path part : p) {
            if (part.toString().equals("..")) {
                return "climbs with '..' out of";
            }
        }
        Path target = folder.resolve(p);
        if (Files.exists(target)) {
            try {
                if (!target.toRealPath().startsWith(folder.toRealPath())) {
                    return "is a link to " + target.toRealPath() + ", outside";
                }
            } catch (IOException e) {
                return "cannot be resolved (" + e.getMessage() + ") inside";
            }
        }
        return null;
    }
}
