package org.eppanama.pipeline;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eppanama.onnx.OnnxModelScan;
import org.eppanama.runtime.Environment;
import org.eppanama.runtime.Session;
import org.eppanama.runtime.SessionOptions;

/**
 * An .onnx file and the external-data files it names (a single {@code .data} file, shards, or any other
 * name), memory-mapped. Sessions are created from the mapped bytes, with each external file handed to ONNX
 * Runtime from its mapping: no copy of the model is made on the heap or on disk. ONNX Runtime copies what
 * it needs while the session is created, so the mappings are released when this object closes.
 */
public final class MappedModel implements AutoCloseable {
    /** The session config key naming the model file, so an EP finds an EPContext node's binary beside it. */
    static final String EP_CONTEXT_FILE_PATH = "ep.context_file_path";

    private final Path file;
    private final Arena arena;
    private final MemorySegment bytes;
    private final OnnxModelScan scan;
    private final Map<String, MemorySegment> externalFiles;

    private MappedModel(Path file, Arena arena, MemorySegment bytes, OnnxModelScan scan,
                        Map<String, MemorySegment> externalFiles) {
        this.file = file;
        this.arena = arena;
        this.bytes = bytes;
        this.scan = scan;
        this.externalFiles = externalFiles;
    }

    /** Maps {@code file} and every external-data file it names (looked up beside it). */
    public static MappedModel map(Path file) {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment bytes = mapFile(file, arena, file);
            OnnxModelScan scan;
            try {
                scan = OnnxModelScan.of(bytes);
            } catch (IllegalArgumentException e) {
                throw new ModelFolderException(file + " is not a readable ONNX model: " + e.getMessage(), e);
            }
            Map<String, MemorySegment> external = new LinkedHashMap<>();
            Path dir = file.toAbsolutePath().getParent();
            for (String location : scan.externalDataLocations()) {
                Path data = dir.resolve(location).normalize();
                if (!data.startsWith(dir)) {
                    throw new ModelFolderException(file + " names external data '" + location
                            + "' outside its folder; external data must sit beside the model");
                }
                if (!Files.isRegularFile(data)) {
                    throw new ModelFolderException(file + " keeps weights in '" + location + "', which is not in " + dir
                            + ": copy every external-data file (" + String.join(", ", scan.externalDataLocations())
                            + ") next to the model");
                }
                external.put(location, mapFile(data, arena, file));
            }
            return new MappedModel(file, arena, bytes, scan, external);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static MemorySegment mapFile(Path path, Arena arena, Path model) {
        try (FileChannel ch = FileChannel.open(path)) {
            if (ch.size() == 0) {
                throw new ModelFolderException(path + " is empty" + (path.equals(model) ? "" : " (external data of " + model + ")"));
            }
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
        } catch (IOException e) {
            throw new ModelFolderException("cannot read " + path + ": " + e, e);
        }
    }

    /** The model's external files, inputs and operators. */
    public OnnxModelScan scan() {
        return scan;
    }

    /** External-data file names, as the model spells them. */
    public List<String> externalDataFiles() {
        return List.copyOf(externalFiles.keySet());
    }

    /** Whether the model is an EPContext wrapper (a precompiled binary for an EP, usually in a file beside it). */
    public boolean isEpContextWrapper() {
        return scan.uses("com.microsoft", "EPContext");
    }

    /**
     * A session over the mapped bytes. {@code options} gets the external files and, for an EPContext
     * wrapper, the model's path (the only way an EP locates the context binary of a model given as bytes).
     */
    public Session createSession(Environment env, SessionOptions options) {
        options.externalInitializerFiles(externalFiles);
        if (isEpContextWrapper()) {
            options.configEntry(EP_CONTEXT_FILE_PATH, file.toAbsolutePath().toString());
        }
        return Session.create(env, bytes, options);
    }

    /** Maps {@code file}, creates a session with {@code options} (closed afterwards) and unmaps. */
    public static Session open(Environment env, Path file, SessionOptions options) {
        try (MappedModel m = map(file); SessionOptions o = options) {
            return m.createSession(env, o);
        }
    }

    @Override
    public void close() {
        arena.close();
    }

    @Override
    public String toString() {
        return file.getFileName() + (externalFiles.isEmpty() ? "" : " + " + String.join(", ", externalFiles.keySet()));
    }
}
