package org.hubdex.localhub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;
import org.hubdex.weightspace.safetensors.Dtype;
import org.hubdex.weightspace.safetensors.SafetensorsWriter;

/**
 * Builds hub roots for tests: repository folders with a card, a config and small safetensors
 * weights (written by weightspace's {@link SafetensorsWriter}), and helpers to age or freshen
 * their modification times relative to a test clock. No state besides the root path.
 */
final class HubFixture {

    final Path root;

    HubFixture(Path root) {
        this.root = root;
    }

    /** A repository with a card, a config.json and a model.safetensors of {@code params} F32 values. */
    Path model(String id, String frontMatter, int params) {
        Path dir = root.resolve(id);
        write(dir.resolve("README.md"), frontMatter == null ? "# " + id + "\n" : "---\n" + frontMatter + "\n---\n# " + id + "\n");
        write(dir.resolve("config.json"), "{\"architectures\":[\"BertModel\"],\"model_type\":\"bert\",\"hidden_size\":8}");
        weights(dir.resolve("model.safetensors"), params);
        return dir;
    }

    /** A minimal repository: a card only. */
    Path cardOnly(String id, String frontMatter) {
        Path dir = root.resolve(id);
        write(dir.resolve("README.md"), "---\n" + frontMatter + "\n---\n");
        return dir;
    }

    static void weights(Path file, int params) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        float[] values = new float[params];
        for (int i = 0; i < params; i++) {
            values[i] = i * 0.5f;
        }
        SafetensorsWriter.create().addTensor("layer.weight", Dtype.F32, new long[] {params}, values)
                .addTensor("layer.bias", Dtype.F16, new long[] {2}, new float[] {1f, 2f}).write(file);
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets the modification time of every file and folder under {@code dir} (and of it) to {@code t}. */
    static void touchAll(Path dir, Instant t) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.setLastModifiedTime(p, FileTime.from(t));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ages everything under the root by an hour before {@code now}, so every folder is settled. */
    void settleAll(Instant now) {
        touchAll(root, now.minusSeconds(3600));
    }
}
