package org.hubdex.crawler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.hubdex.weightspace.safetensors.Dtype;
import org.hubdex.weightspace.safetensors.SafetensorsWriter;

/** Writes small hub repository folders (docs/repo-folder-format.md) for the local hub to serve. */
final class TestRepos {

    private TestRepos() {
    }

    /** A repository {@code id} whose weights are derived from {@code version}; {@code createdAt} null = first seen. */
    static Path write(Path root, String id, int version, Instant createdAt) {
        Path repo = root.resolve(id);
        try {
            Files.createDirectories(repo);
            float[] weights = new float[24];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = (float) Math.sin(id.hashCode() + i * 0.1 + version);
            }
            SafetensorsWriter.create().putMetadata("format", "pt")
                    .addTensor("classifier.weight", Dtype.F32, new long[] {4, 6}, weights)
                    .write(repo.resolve("model.safetensors"));
            String name = id.substring(id.indexOf('/') + 1);
            Files.writeString(repo.resolve("README.md"), "---\nlicense: mit\nbase_model: fashion-lab/base\ndatasets: fashion_mnist\n"
                    + "pipeline_tag: image-classification\n---\n# " + name + "\nA test model, version " + version + ".\n");
            Files.writeString(repo.resolve("config.json"), "{\"architectures\":[\"SmallCNN\"],\"model_type\":\"cnn\"}");
            if (createdAt != null) {
                Files.writeString(repo.resolve(".hub.json"), "{\"createdAt\":\"" + createdAt + "\"}");
            }
            return repo;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
