package org.hubdex.zoo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hubdex.zoo.internal.ZooPlanner;

/**
 * The population a zoo will hold: every model with its tree, parent, classes, recipe, storage dtype and card
 * style. A pure function of the preset and the seed, computed before any training: the same preset and seed give
 * the same plan on every machine, which is what lets an interrupted run resume and a model be reproduced from
 * its manifest line.
 *
 * @param preset the preset
 * @param seed the seed
 * @param models every model, parents before their children
 */
public record ZooPlan(ZooPreset preset, long seed, List<PlannedModel> models) {

    public ZooPlan {
        models = List.copyOf(models);
    }

    /** The plan of {@code preset} with {@code seed}. */
    public static ZooPlan create(ZooPreset preset, long seed) {
        return ZooPlanner.plan(preset, seed);
    }

    /** The model with repository id {@code id}. */
    public Optional<PlannedModel> model(String id) {
        return models.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** The number of commits the zoo writes: one per model plus one per planned update. */
    public int commits() {
        return models.size() + (int) models.stream().filter(m -> m.update().isPresent()).count();
    }

    /** The number of models in each tree, by root id, in plan order. */
    public Map<String, Integer> modelsPerTree() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (PlannedModel model : models) {
            counts.merge(model.tree(), 1, Integer::sum);
        }
        return counts;
    }
}
