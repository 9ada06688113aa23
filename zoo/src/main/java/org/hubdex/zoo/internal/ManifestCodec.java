package org.hubdex.zoo.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hubdex.weightspace.safetensors.Dtype;
import org.hubdex.zoo.ActivationFunction;
import org.hubdex.zoo.Augmentation;
import org.hubdex.zoo.CardStyle;
import org.hubdex.zoo.Family;
import org.hubdex.zoo.InitKind;
import org.hubdex.zoo.LrSchedule;
import org.hubdex.zoo.ManifestEntry;
import org.hubdex.zoo.ModelRole;
import org.hubdex.zoo.OptimizerKind;
import org.hubdex.zoo.TrainingRecipe;
import org.hubdex.zoo.ZooPreset;

/**
 * The JSON form of a {@link ManifestEntry}: one line, fields named as in {@code zoo/README.md}, absent optional
 * values as JSON {@code null}, the recipe under {@code hyperparameters}. Written by hand rather than by data
 * binding so that the field names are a documented format, not a side effect of Java names. Thread-safe.
 */
public final class ManifestCodec {

    /** Version of the line format; readers reject other versions. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ManifestCodec() {
    }

    public static String encode(ManifestEntry e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT_VERSION);
        o.put("id", e.id());
        o.put("commit", e.commit());
        o.put("sha", e.sha());
        o.put("weightsSha256", e.weightsSha256());
        o.put("path", e.path());
        o.put("preset", e.preset().id());
        o.put("zooSeed", e.zooSeed());
        o.put("planIndex", e.planIndex());
        o.put("family", e.family().id());
        o.put("architecture", e.family().architecture());
        o.put("activation", e.activation().id());
        o.put("role", e.role().id());
        o.put("tree", e.tree());
        o.put("parent", e.parent().orElse(null));
        o.put("parentSha", e.parentSha().orElse(null));
        o.put("depth", e.depth());
        ArrayNode classes = o.putArray("classes");
        e.classes().forEach(classes::add);
        ArrayNode names = o.putArray("classNames");
        e.classNames().forEach(names::add);
        o.set("hyperparameters", recipe(e.recipe()));
        o.put("epochs", e.epochs());
        o.put("testAccuracy", e.testAccuracy());
        o.put("trainAccuracy", e.trainAccuracy());
        o.put("generalizationGap", e.generalizationGap());
        o.put("testImages", e.testImages());
        o.put("trainImages", e.trainImages());
        o.put("dtype", e.dtype().name());
        o.put("cardStyle", e.cardStyle().id());
        o.put("createdAt", e.createdAt().toString());
        o.put("updatedAt", e.updatedAt().map(Instant::toString).orElse(null));
        o.put("parameterCount", e.parameterCount());
        o.put("trainSeconds", Math.round(e.trainSeconds() * 100) / 100.0);
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot encode manifest entry " + e.id(), ex);
        }
    }

    public static ManifestEntry decode(String line) {
        JsonNode o;
        try {
            o = JSON.readTree(line);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("not JSON: " + ex.getOriginalMessage(), ex);
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        int format = required(o, "format").asInt();
        if (format != FORMAT_VERSION) {
            throw new IllegalArgumentException("manifest format " + format + " is not supported (expected " + FORMAT_VERSION + ")");
        }
        List<Integer> classes = new ArrayList<>();
        required(o, "classes").forEach(c -> classes.add(c.asInt()));
        return new ManifestEntry(
                text(o, "id"), required(o, "commit").asInt(), text(o, "sha"), text(o, "weightsSha256"), text(o, "path"),
                ZooPreset.fromId(text(o, "preset")), required(o, "zooSeed").asLong(), required(o, "planIndex").asInt(),
                Family.fromId(text(o, "family")), ActivationFunction.fromId(text(o, "activation")),
                ModelRole.fromId(text(o, "role")), text(o, "tree"), optionalText(o, "parent"), optionalText(o, "parentSha"),
                required(o, "depth").asInt(), classes, recipe(required(o, "hyperparameters")), required(o, "epochs").asInt(),
                required(o, "testAccuracy").asDouble(), required(o, "trainAccuracy").asDouble(),
                required(o, "testImages").asInt(), required(o, "trainImages").asInt(), Dtype.valueOf(text(o, "dtype")),
                CardStyle.fromId(text(o, "cardStyle")), Instant.parse(text(o, "createdAt")),
                optionalText(o, "updatedAt").map(Instant::parse), required(o, "parameterCount").asLong(),
                required(o, "trainSeconds").asDouble());
    }

    static ObjectNode recipe(TrainingRecipe r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("optimizer", r.optimizer().id());
        o.put("learningRate", r.learningRate());
        o.put("schedule", r.schedule().id());
        o.put("weightDecay", r.weightDecay());
        o.put("epochs", r.epochs());
        o.put("batchSize", r.batchSize());
        o.put("samplesPerClass", r.samplesPerClass());
        ArrayNode aug = o.putArray("augmentations");
        r.augmentations().forEach(a -> aug.add(a.id()));
        ArrayNode frozen = o.putArray("frozen");
        r.frozen().forEach(frozen::add);
        o.put("init", r.init().id());
        o.put("seed", r.seed());
        o.put("expansion", r.expansion());
        return o;
    }

    static TrainingRecipe recipe(JsonNode o) {
        List<Augmentation> augmentations = new ArrayList<>();
        required(o, "augmentations").forEach(a -> augmentations.add(Augmentation.fromId(a.asText())));
        List<String> frozen = new ArrayList<>();
        required(o, "frozen").forEach(f -> frozen.add(f.asText()));
        // "expansion" came later: lines written before it trained without over-parameterization
        JsonNode expansion = o.get("expansion");
        return new TrainingRecipe(OptimizerKind.fromId(text(o, "optimizer")), required(o, "learningRate").asDouble(),
                LrSchedule.fromId(text(o, "schedule")), required(o, "weightDecay").asDouble(), required(o, "epochs").asInt(),
                required(o, "batchSize").asInt(), required(o, "samplesPerClass").asInt(), augmentations, frozen,
                InitKind.fromId(text(o, "init")), required(o, "seed").asLong(),
                expansion == null || expansion.isNull() ? 1 : expansion.asInt());
    }

    private static JsonNode required(JsonNode o, String field) {
        JsonNode value = o.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return value;
    }

    private static String text(JsonNode o, String field) {
        return required(o, field).asText();
    }

    private static Optional<String> optionalText(JsonNode o, String field) {
        JsonNode value = o.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
