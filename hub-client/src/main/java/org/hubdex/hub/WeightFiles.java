package org.hubdex.hub;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a repository keeps its safetensors weights, and how that was found.
 *
 * @param modelId the repository
 * @param revision the revision the files were looked up at (the commit sha when known)
 * @param layout how the weights were found
 * @param files the safetensors files to read, in shard order; empty for {@link WeightLayout#NONE}
 * @param indexPath the index file for sharded layouts
 * @param totalSize {@code metadata.total_size} of the index, when given
 * @param weightMap tensor name to file path (repository-relative), for sharded layouts
 */
public record WeightFiles(String modelId, String revision, WeightLayout layout, List<String> files, Optional<String> indexPath,
        OptionalLong totalSize, Map<String, String> weightMap) {

    /** How a repository's safetensors weights are laid out. */
    public enum WeightLayout {
        /** {@code model.safetensors} at the root. */
        SINGLE_FILE,
        /** {@code model.safetensors.index.json} naming shards {@code model-0000i-of-0000N.safetensors}. */
        SHARDED,
        /** {@code unet/} or {@code transformer/diffusion_pytorch_model.safetensors}. */
        DIFFUSERS_SINGLE_FILE,
        /** {@code unet/} or {@code transformer/diffusion_pytorch_model.safetensors.index.json} with its shards. */
        DIFFUSERS_SHARDED,
        /** No safetensors weights in a known location. */
        NONE
    }

    public WeightFiles {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(layout, "layout");
        files = List.copyOf(files);
        Objects.requireNonNull(indexPath, "indexPath");
        Objects.requireNonNull(totalSize, "totalSize");
        weightMap = Map.copyOf(weightMap);
    }

    /** Whether safetensors weights were found. */
    public boolean found() {
        return layout != WeightLayout.NONE;
    }
}
