package org.hubdex.trends;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.hubdex.weightspace.safetensors.Dtype;
import org.hubdex.weightspace.safetensors.SafetensorsWriter;

/** Writes small hub repository folders (docs/repo-folder-format.md) for the local hub to serve. */
final class HubRepos {

    private HubRepos() {
    }

    /**
     * A repository {@code id}; {@code base} (may be null) goes in the card's base_model; {@code documented} false
     * writes no card at all; {@code createdAt} null lets the hub use the time it first sees the folder.
     */
    static void write(Path root, String id, String base, boolean documented, Instant createdAt) {
        Path repo = root.resolve(id);
        try {
            Files.createDirectories(repo);
            float[] weights = new float[24];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = (float) Math.sin(id.hashCode() + i * 0.1);
            }
            SafetensorsWriter.create().putMetadata("format", "pt")
                    .addTensor("classifier.weight", Dtype.F32, new long[] {4, 6}, weights)
                    .write(repo.resolve("model.safetensors"));
            if (documented) {
                Files.writeString(repo.resolve("README.md"), "---\nlicense: " + (base == null ? "apache-2.0" : "mit") + "\n"
                        + (base == null ? "datasets: fashion_mnist\n" : "base_model: " + base + "\n")
                        + "pipeline_tag: image-classification\nlibrary_name: pytorch\n---\n# " + id + "\n");
            }
            Files.writeString(repo.resolve("config.json"), "{\"architectures\":[\"SmallCNN\"],\"model_type\":\"cnn\"}");
            if (createdAt != null) {
                Files.writeString(repo.resolve(".hub.json"), "{\"createdAt\":\"" + createdAt + "\"}");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
