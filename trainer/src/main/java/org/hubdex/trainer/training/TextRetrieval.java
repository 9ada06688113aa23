package org.hubdex.trainer.training;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Exact cosine ranking of models' text-space embeddings against a prompt's: the reference the approximate
 * kNN of the search index is measured against, and what the held-out evaluation uses. Both sides are unit
 * vectors, so the dot product is the cosine.
 */
public final class TextRetrieval {

    private TextRetrieval() {
    }

    /** Model ids by decreasing cosine with {@code query}; ties by id, so the ranking is deterministic. */
    public static List<String> rank(float[] query, Map<String, float[]> index) {
        record Scored(String id, double score) {
        }
        List<Scored> scored = new ArrayList<>(index.size());
        index.forEach((id, vector) -> scored.add(new Scored(id, dot(query, vector))));
        scored.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::id));
        return scored.stream().map(Scored::id).toList();
    }

    static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " dimensions");
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
