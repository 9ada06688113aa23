package org.hubdex.zoo.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.hubdex.weightspace.safetensors.Dtype;
import org.hubdex.weightspace.safetensors.SafetensorsWriter;
import org.hubdex.zoo.FashionMnist;
import org.hubdex.zoo.PlannedModel;
import org.hubdex.zoo.ZooException;

/**
 * Writes one commit of a repository as a hub folder ({@code docs/repo-folder-format.md}): {@code model.safetensors}
 * (PyTorch names and layouts, {@code __metadata__ {"format": "pt"}}), {@code config.json}, the {@code README.md}
 * card (unless the style has none) and the hidden {@code .hub.json} with {@code createdAt}, {@code lastModified},
 * downloads and likes.
 *
 * <p>The folder is assembled under a hidden temporary name next to the target and moved into place in one rename,
 * so a hub serving the parent folder never lists a half-written repository, and a run interrupted mid-write leaves
 * only a hidden folder that the next run deletes. Stateless and thread-safe for distinct targets.
 */
public final class RepoWriter {

    static final String WEIGHTS = "model.safetensors";
    static final String CONFIG = "config.json";
    static final String CARD = "README.md";
    static final String HUB_ATTRIBUTES = ".hub.json";
    static final String TEMP_PREFIX = ".tmp-";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RepoWriter() {
    }

    /** The content of one commit. */
    public record Commit(PlannedModel model, Network network, Map<String, float[]> weights, Optional<String> card,
            Instant lastModified, long downloads, long likes) {
    }

    /** Writes {@code commit} as the folder {@code target}, replacing nothing: {@code target} must not exist. */
    public static void write(Path target, Commit commit) {
        Path parent = target.getParent();
        Path temp = parent.resolve(TEMP_PREFIX + target.getFileName() + "-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(parent);
            deleteRecursively(temp);
            Files.createDirectories(temp);
            weights(commit).write(temp.resolve(WEIGHTS));
            Files.writeString(temp.resolve(CONFIG), JSON.writeValueAsString(config(commit.model(), commit.network())) + "\n",
                    StandardCharsets.UTF_8);
            if (commit.card().isPresent()) {
                Files.writeString(temp.resolve(CARD), commit.card().get(), StandardCharsets.UTF_8);
            }
            ObjectNode hub = JSON.createObjectNode();
            hub.put("createdAt", commit.model().createdAt().toString());
            hub.put("lastModified", commit.lastModified().toString());
            hub.put("downloads", commit.downloads());
            hub.put("likes", commit.likes());
            Files.writeString(temp.resolve(HUB_ATTRIBUTES), JSON.writeValueAsString(hub) + "\n", StandardCharsets.UTF_8);
            if (Files.exists(target)) {
                throw new ZooException("cannot publish " + commit.model().id() + ": " + target + " already exists");
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write repository " + commit.model().id() + " to " + target, e);
        }
    }

    /** The safetensors content: every tensor in parameter order, stored as the model's dtype. */
    static SafetensorsWriter weights(Commit commit) {
        SafetensorsWriter writer = SafetensorsWriter.create().putMetadata("format", "pt");
        for (ParamSpec spec : commit.network().params()) {
            writer.addTensor(spec.name(), commit.model().storeAs(), spec.shape(), commit.weights().get(spec.name()));
        }
        return writer;
    }

    /** {@code config.json}: architecture, labels and the family's dimensions, in Hugging Face's vocabulary. */
    static ObjectNode config(PlannedModel model, Network network) {
        ObjectNode config = JSON.createObjectNode();
        config.putArray("architectures").add(model.family().architecture());
        config.put("model_type", "hubdex-" + model.family().id());
        config.put("num_labels", model.numClasses());
        ObjectNode id2label = config.putObject("id2label");
        ObjectNode label2id = JSON.createObjectNode();
        for (int i = 0; i < model.numClasses(); i++) {
            String label = model.cardStyle().namesLabels() ? FashionMnist.CLASS_NAMES.get(model.classes().get(i)) : "LABEL_" + i;
            id2label.put(Integer.toString(i), label);
            label2id.put(label, i);
        }
        config.set("label2id", label2id);
        config.put("problem_type", "single_label_classification");
        config.put("hidden_act", model.activation().id());
        config.put("image_size", FashionMnist.IMAGE_SIZE);
        config.put("num_channels", 1);
        switch (model.family()) {
            case CNN_SMALL, CNN_WIDE -> {
                var channels = config.putArray("conv_channels");
                var kernels = config.putArray("kernel_sizes");
                for (ParamSpec spec : network.params()) {
                    if (spec.name().startsWith("features.") && spec.name().endsWith(".weight")) {
                        channels.add(spec.shape()[0]);
                        kernels.add(spec.shape()[2]);
                    }
                }
                config.put("hidden_size", shapeOf(network, "classifier.0.weight")[0]);
            }
            case MLP -> config.putArray("hidden_sizes").add(shapeOf(network, "layers.0.weight")[0])
                    .add(shapeOf(network, "layers.2.weight")[0]);
            case VIT_TINY -> {
                long width = shapeOf(network, "patch_embed.proj.weight")[0];
                config.put("patch_size", shapeOf(network, "patch_embed.proj.weight")[2]);
                config.put("hidden_size", width);
                config.put("num_hidden_layers", network.params().stream()
                        .filter(s -> s.name().endsWith(".attn.qkv.weight")).count());
                config.put("num_attention_heads", ((TinyVit) network).heads());
                config.put("intermediate_size", shapeOf(network, "blocks.0.mlp.fc1.weight")[0]);
                config.put("layer_norm_eps", 1e-6);
            }
        }
        config.put("torch_dtype", torchDtype(model.storeAs()));
        return config;
    }

    static String torchDtype(Dtype dtype) {
        return switch (dtype) {
            case F16 -> "float16";
            case BF16 -> "bfloat16";
            default -> "float32";
        };
    }

    private static long[] shapeOf(Network network, String name) {
        return network.params().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(network.family() + " has no " + name)).shape();
    }

    /** Deletes {@code path} and everything under it; nothing if it does not exist. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
