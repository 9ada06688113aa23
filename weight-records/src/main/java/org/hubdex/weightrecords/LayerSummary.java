package org.hubdex.weightrecords;

import java.util.Objects;
import java.util.Optional;
import org.hubdex.weightspace.tokenize.LayerStats;

/**
 * One layer of a decoded {@code hub.weight-tokens} record as the trainer's features need it: which weight it is,
 * its shape, and its s(W) statistics (mean, population std, percentiles 1/25/50/75/99), the record's {@code
 * layers[i]} without its token bookkeeping.
 *
 * @param index layer index in model order (the second component of the token positions)
 * @param name the weight tensor's name in the checkpoint
 * @param shape the weight's shape as stored
 * @param stats statistics of the values the record read for this layer; empty when a sampled record kept none of
 *     its tokens (the record's {@code stats} is null)
 */
public record LayerSummary(int index, String name, long[] shape, Optional<LayerStats> stats) {

    public LayerSummary {
        Objects.requireNonNull(name, "name");
        shape = shape.clone();
        Objects.requireNonNull(stats, "stats");
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerSummary l && index == l.index && name.equals(l.name) && java.util.Arrays.equals(shape, l.shape)
                && stats.equals(l.stats);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, name, java.util.Arrays.hashCode(shape), stats);
    }

    @Override
    public String toString() {
        return "LayerSummary[" + index + " " + name + " " + java.util.Arrays.toString(shape) + " " + stats.map(Object::toString)
                .orElse("(no stats)") + "]";
    }
}
