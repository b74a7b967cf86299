package org.eppanama.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The files of a model folder chosen for a precision: each part at the requested precision when the folder
 * has that variant, else at fp32. {@link #toString()} says which, and why.
 *
 * @param joiner       the separate joiner (sherpa-onnx layout), or null
 * @param config       {@code config.json}, or null
 * @param preprocessor {@code nemo<features_size>.onnx} (onnx-asr layout), or null
 * @param notes        one line per part that fell back to fp32
 */
public record ModelFiles(ModelLayout layout, Precision precision, Path encoder, Path decoder, Path joiner,
                         Path vocabulary, Path config, Path preprocessor, List<String> notes) {
    public ModelFiles {
        notes = List.copyOf(notes);
    }

    /**
     * The files of {@code folder} for {@code precision}; the layout is recognized from the file names, the
     * preprocessor's from {@code features_size} in {@code config.json}.
     */
    public static ModelFiles resolve(Path folder, Precision precision) {
        Objects.requireNonNull(precision, "precision");
        if (!Files.isDirectory(folder)) {
            throw new ModelFolderException("model folder " + folder + " does not exist or is not a folder");
        }
        ModelLayout layout = detect(folder);
        List<String> notes = new ArrayList<>();
        Path encoder = part(folder, layout, layout.encoder, precision, notes);
        Path decoder = part(folder, layout, layout.decoder, precision, notes);
        Path joiner = layout.joiner == null ? null : part(folder, layout, layout.joiner, precision, notes);
        Path vocabulary = folder.resolve(layout.vocabulary);
        if (!Files.isRegularFile(vocabulary)) {
            throw missing(folder, layout, layout.vocabulary);
        }
        Path config = optional(folder.resolve("config.json"));
        Path preprocessor = null;
        if (layout == ModelLayout.ONNX_ASR) {
            int bins = (config == null ? ModelConfig.PARAKEET_TDT : ModelConfig.read(config)).featuresSize();
            preprocessor = optional(folder.resolve("nemo" + bins + ".onnx"));
        }
        return new ModelFiles(layout, precision, encoder, decoder, joiner, vocabulary, config, preprocessor, notes);
    }

    private static ModelLayout detect(Path folder) {
        for (ModelLayout l : ModelLayout.values()) {
            if (Files.isRegularFile(folder.resolve(Precision.FP32.fileName(l.decoder)))
                    || Files.isRegularFile(folder.resolve(Precision.FP32.fileName(l.encoder)))) {
                return l;
            }
        }
        throw new ModelFolderException("model folder " + folder + " holds neither layout the pipeline reads: onnx-asr's ("
                + ModelLayout.ONNX_ASR.required() + ") nor sherpa-onnx's (" + ModelLayout.SHERPA_ONNX.required()
                + "); it has " + listing(folder));
    }

    private static Path part(Path folder, ModelLayout layout, String part, Precision precision, List<String> notes) {
        Path wanted = folder.resolve(precision.fileName(part));
        if (Files.isRegularFile(wanted)) {
            return wanted;
        }
        Path fp32 = folder.resolve(Precision.FP32.fileName(part));
        if (!Files.isRegularFile(fp32)) {
            throw missing(folder, layout, fp32.getFileName().toString());
        }
        notes.add(part + ": no " + wanted.getFileName() + ", using " + fp32.getFileName() + " (fp32)");
        return fp32;
    }

    private static Path optional(Path p) {
        return Files.isRegularFile(p) ? p : null;
    }

    private static ModelFolderException missing(Path folder, ModelLayout layout, String file) {
        return new ModelFolderException("model folder " + folder + " (" + layout + " layout) has no " + file + "; that layout needs " + layout.required() + ". It has " + listing(folder));
    }

    private static String listing(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            return names.isEmpty() ? "no files" : String.join(", ", names);
        } catch (IOException e) {
            return "unreadable contents (" + e + ")";
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(layout.toString()).append(" layout, ")
                .append(precision).append(": encoder ").append(encoder.getFileName()).append(", decoder ")
                .append(decoder.getFileName());
        if (joiner != null) {
            sb.append(", joiner ").append(joiner.getFileName());
        }
        sb.append(", vocabulary ").append(vocabulary.getFileName());
        sb.append(", preprocessor ").append(preprocessor == null ? "none (Java log-mel)" : preprocessor.getFileName());
        if (config != null) {
            sb.append(", ").append(config.getFileName());
        }
        for (String n : notes) {
            sb.append("; ").append(n);
        }
        return sb.toString();
    }
}
