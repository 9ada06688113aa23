package org.hubdex.hub;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of {@code config.json} the hub returns in model info ({@code config}); reading them here
 * is free, while fetching {@code config.json} itself counts as a download.
 *
 * @param architectures e.g. {@code ["LlamaForCausalLM"]}
 * @param modelType e.g. {@code llama}
 */
public record ModelConfig(List<String> architectures, Optional<String> modelType) {
    public ModelConfig {
        architectures = List.copyOf(architectures);
        Objects.requireNonNull(modelType, "modelType");
    }
}
