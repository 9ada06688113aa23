package org.hubdex.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A zoo's ground truth, its {@code manifest.jsonl} (one line per commit): the only place {@code ops/bench quality}
 * learns a model's real tree, classes and accuracies. It is read to score predictions and never reaches training,
 * which sees only what the hub serves (weights, config, card).
 *
 * <p>A corpus entry is matched to the manifest line of its exact revision (model id and commit sha), so that a
 * model whose second commit the hub does not serve yet is judged by the commit that was tokenized; a sha the
 * manifest does not know falls back to the model's latest commit. Immutable and thread-safe.
 */
final class ZooTruth {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One model revision as the zoo made it.
     *
     * @param id hub id
     * @param sha the commit the hub serves for this revision
     * @param commit 1 for the first commit, 2 for an update
     * @param tree the root base model of its lineage
     * @param family architecture family ({@code cnn-small}, {@code mlp}, ...)
     * @param classNames the classes it was trained on, in output order
     * @param cardStyle how its card documents it: {@code documented}, {@code no-base-model}, {@code vague} (a card and
     *     a base model, no class names) or {@code no-card}
     * @param testAccuracy accuracy on its classes' test images
     * @param epochs training epochs
     * @param generalizationGap train minus test accuracy
     * @param frozen name prefixes of the weights its fine-tuning left as the parent had them
     */
    record Model(String id, String sha, int commit, String tree, String family, List<String> classNames, String cardStyle,
            double testAccuracy, double epochs, double generalizationGap, List<String> frozen) {

        Model {
            classNames = List.copyOf(classNames);
            frozen = List.copyOf(frozen);
        }

        /** Whether fine-tuning left weight {@code name} as the parent had it. */
        boolean froze(String name) {
            return frozen.stream().anyMatch(name::startsWith);
        }

        /** No class names in its config: what category prediction is for. */
        boolean undocumented() {
            return cardStyle.equals("vague") || cardStyle.equals("no-card");
        }

        /** No {@code base_model} in its card: the router has only its weights to go by. */
        boolean withoutBaseModel() {
            return cardStyle.equals("no-base-model") || cardStyle.equals("no-card");
        }

        /** The class combination in the trainer's canonical form: sorted names joined by {@code |}. */
        String classKey() {
            return String.join("|", classNames.stream().sorted().toList());
        }
    }

    private final Map<String, Model> byRevision = new HashMap<>();
    private final Map<String, Model> latest = new HashMap<>();

    private ZooTruth(List<Model> models) {
        for (Model m : models) {
            byRevision.put(m.id() + "@" + m.sha(), m);
            latest.merge(m.id(), m, (a, b) -> b.commit() > a.commit() ? b : a);
        }
    }

    static ZooTruth of(List<Model> models) {
        return new ZooTruth(models);
    }

    /** Reads {@code manifest.jsonl}. */
    static ZooTruth read(Path manifest) {
        List<Model> models = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(manifest)) {
                if (!line.isBlank()) {
                    models.add(parse(JSON.readTree(line)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the zoo manifest " + manifest, e);
        }
        return new ZooTruth(models);
    }

    static Model parse(JsonNode n) {
        List<String> classes = new ArrayList<>();
        n.path("classNames").forEach(c -> classes.add(c.asText()));
        List<String> frozen = new ArrayList<>();
        n.path("hyperparameters").path("frozen").forEach(f -> frozen.add(f.asText()));
        return new Model(n.path("id").asText(), n.path("sha").asText(), n.path("commit").asInt(1), n.path("tree").asText(),
                n.path("family").asText(), classes, n.path("cardStyle").asText(), n.path("testAccuracy").asDouble(Double.NaN),
                n.path("epochs").asDouble(Double.NaN), n.path("generalizationGap").asDouble(Double.NaN), frozen);
    }

    /** The truth of revision {@code sha} of {@code id}; the model's latest commit when the sha is unknown. */
    Optional<Model> of(String id, String sha) {
        Model exact = byRevision.get(id + "@" + sha);
        return exact != null ? Optional.of(exact) : Optional.ofNullable(latest.get(id));
    }

    /** Whether the manifest has this exact revision. */
    boolean hasRevision(String id, String sha) {
        return byRevision.containsKey(id + "@" + sha);
    }

    /** Models (not commits) in the manifest. */
    int models() {
        return latest.size();
    }
}
