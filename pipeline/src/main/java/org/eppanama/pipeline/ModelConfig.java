package org.eppanama.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model's settings, from onnx-asr's {@code config.json} ({@code model_type}, {@code features_size},
 * {@code subsampling_factor}, {@code max_tokens_per_step}) or from a sherpa-onnx encoder's metadata
 * ({@code feat_dim}, {@code subsampling_factor}, {@code normalize_type}). Absent fields take Parakeet-TDT's
 * values. {@code tdt_durations} (not an onnx-asr field) overrides Parakeet's durations 0..4.
 *
 * @param normalize whether features are normalized per feature (NeMo's "per_feature")
 */
public record ModelConfig(String modelType, int featuresSize, int subsamplingFactor, int maxTokensPerStep,
                          List<Integer> durations, boolean normalize) {
    public static final String TDT_TYPE = "nemo-conformer-tdt";
    public static final ModelConfig PARAKEET_TDT = new ModelConfig(TDT_TYPE, 128, 8, 10, List.of(0, 1, 2, 3, 4), true);

    public ModelConfig {
        durations = List.copyOf(durations);
        if (featuresSize <= 0 || subsamplingFactor <= 0 || maxTokensPerStep <= 0 || durations.isEmpty()
                || durations.stream().anyMatch(d -> d < 0)) {
            throw new ModelFolderException("invalid model settings: features " + featuresSize + ", subsampling "
                    + subsamplingFactor + ", max tokens per step " + maxTokensPerStep + ", durations " + durations);
        }
    }

    /** Reads an onnx-asr {@code config.json}. */
    public static ModelConfig read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelFolderException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelFolderException(file + " does not hold a JSON object");
        }
        ModelConfig d = PARAKEET_TDT;
        String type = root.path("model_type").asText(d.modelType);
        if (!type.equals(TDT_TYPE)) {
            throw new ModelFolderException(file + " says model_type '" + type + "'; this pipeline decodes " + TDT_TYPE
                    + " models (Parakeet-TDT)");
        }
        List<Integer> durations = d.durations;
        if (root.has("tdt_durations")) {
            durations = new ArrayList<>();
            for (JsonNode n : root.get("tdt_durations")) {
                durations.add(n.asInt(-1));
            }
        }
        return new ModelConfig(type, integer(root, "features_size", d.featuresSize, file),
                integer(root, "subsampling_factor", d.subsamplingFactor, file),
                integer(root, "max_tokens_per_step", d.maxTokensPerStep, file), durations, true);
    }

    /** Settings from a sherpa-onnx NeMo encoder's metadata. */
    public static ModelConfig fromSherpaMetadata(Map<String, String> meta, String model) {
        ModelConfig d = PARAKEET_TDT;
        String normalize = meta.getOrDefault("normalize_type", "per_feature");
        if (!normalize.isEmpty() && !normalize.equals("NA") && !normalize.equals("per_feature")) {
            throw new ModelFolderException(model + " metadata normalize_type '" + normalize + "' is not supported;"
                    + " NeMo TDT models use per_feature or none");
        }
        return new ModelConfig(d.modelType, metadataInt(meta, "feat_dim", d.featuresSize, model),
                metadataInt(meta, "subsampling_factor", d.subsamplingFactor, model), d.maxTokensPerStep, d.durations,
                normalize.equals("per_feature"));
    }

    private static int integer(JsonNode root, String field, int fallback, Path file) {
        JsonNode n = root.get(field);
        if (n == null) {
            return fallback;
        }
        if (!n.canConvertToInt()) {
            throw new ModelFolderException(file + ": " + field + " must be an integer, got " + n);
        }
        return n.asInt();
    }

    private static int metadataInt(Map<String, String> meta, String key, int fallback, String model) {
        String v = meta.get(key);
        try {
            return v == null ? fallback : Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new ModelFolderException(model + " metadata " + key + " is '" + v + "', not an integer", e);
        }
    }

    /** Seconds per encoder frame: the feature hop times the subsampling. */
    public double frameSeconds() {
        return (double) subsamplingFactor * NemoMelSpectrogram.HOP / NemoMelSpectrogram.SAMPLE_RATE;
    }

    public int[] durationArray() {
        return durations.stream().mapToInt(Integer::intValue).toArray();
    }
}
