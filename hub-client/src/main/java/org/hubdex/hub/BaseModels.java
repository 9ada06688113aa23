package org.hubdex.hub;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The model's parents as the hub resolved them ({@code expand=baseModels}): the relation and the base
 * model ids.
 *
 * @param relation {@code finetune}, {@code adapter}, {@code quantized} or {@code merge}, when given
 * @param ids base model ids
 */
public record BaseModels(Optional<String> relation, List<String> ids) {
    public BaseModels {
        Objects.requireNonNull(relation, "relation");
        ids = List.copyOf(ids);
    }
}
