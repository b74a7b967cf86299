package org.eppanama.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fixed-length encoders ("buckets") of different lengths behind one {@link Encoder}: each window goes to the
 * shortest bucket it fits, padded there, so short audio does not pay for the longest shape.
 */
public final class BucketedEncoder implements Encoder {
    private final List<Encoder> buckets;
    private final int[] uses;

    /** Takes ownership of {@code buckets} (closed with this encoder). */
    public BucketedEncoder(List<? extends Encoder> buckets) {
        if (buckets.isEmpty()) {
            throw new IllegalArgumentException("a bucketed encoder needs at least one bucket");
        }
        this.buckets = new ArrayList<>(buckets);
        this.buckets.sort(Comparator.comparingInt(Encoder::maxFrames));
        this.uses = new int[buckets.size()];
    }

    @Override
    public int maxFrames() {
        return buckets.getLast().maxFrames();
    }

    @Override
    public EncodedWindow encode(Features features, int start, int length) {
        for (int i = 0; i < buckets.size(); i++) {
            if (buckets.get(i).maxFrames() >= length) {
                uses[i]++;
                return buckets.get(i).encode(features, start, length);
            }
        }
        throw new IllegalArgumentException("window of " + length + " frames exceeds the largest bucket (" + maxFrames() + ")");
    }

    /** The buckets, shortest first. */
    public List<Encoder> buckets() {
        return List.copyOf(buckets);
    }

    /** How many windows each bucket (by its length in frames) has encoded. */
    public Map<Integer, Integer> uses() {
        Map<Integer, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < buckets.size(); i++) {
            m.merge(buckets.get(i).maxFrames(), uses[i], Integer::sum);
        }
        return m;
    }

    @Override
    public void close() {
        buckets.forEach(Encoder::close);
    }

    @Override
    public String toString() {
        return "buckets " + buckets;
    }
}
