package org.hubdex.weightspace.modelset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.hubdex.weightspace.backbone.Backbone;
import org.hubdex.weightspace.probex.HeadRowClassifier;
import org.hubdex.weightspace.probex.Prediction;
import org.hubdex.weightspace.probex.ProbeXExpert;
import org.hubdex.weightspace.router.Router;
import org.hubdex.weightspace.router.Routing;
import org.hubdex.weightspace.router.RoutingInput;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;

/**
 * One trained model set, the unit the trainer publishes and the embedder serves: the backbone, the router and
 * one ProbeX expert per tree, with the ids of the tokenizer configuration and text encoder they were trained
 * with (an embedding is only comparable with another of the same set).
 *
 * <p>On disk ({@link #save}, {@link #load}):
 * <pre>
 * modelset.json        format, tokenizer version, text encoder id and dimension, tree -> expert folder
 * backbone/            {@link Backbone#save}
 * router/              {@link Router#save}
 * experts/NNN/         {@link ProbeXExpert#save}, one per tree
 * heads/NNN/           {@link HeadRowClassifier#save}, one per tree that has one
 * </pre>
 *
 * <p>Categories come from the tree's {@link HeadRowClassifier} when the model's head fits it, else from the ProbeX
 * expert; the text-space embedding likewise (the class-text mix, else the expert's text head).
 *
 * <p>Loading a saved set and embedding a model gives the same numbers as the set that was saved (the parts'
 * own save/load are exact). Thread-safe for {@link #embed}; {@link #close} releases the native memory of the
 * backbone and experts.
 */
public final class ModelSet implements AutoCloseable {

    /** Version of the folder layout; readers refuse a newer one. */
    public static final int FORMAT = 1;
    private static final String DESCRIPTOR = "modelset.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Backbone backbone;
    private final Router router;
    private final Map<String, ProbeXExpert> experts;
    private final Map<String, HeadRowClassifier> heads;
    private final String tokenizerVersion;
    private final String textEncoderId;
    private final int textDimension;

    /**
     * @param backbone the backbone
     * @param router the router
     * @param experts one expert per tree, by tree id
     * @param tokenizerVersion the tokenizer configuration the parts were trained on (e.g. {@code dense-v1})
     * @param textEncoderId the text encoder the experts' text heads are aligned with
     * @param textDimension that encoder's dimension
     */
    public ModelSet(Backbone backbone, Router router, Map<String, ProbeXExpert> experts, String tokenizerVersion,
            String textEncoderId, int textDimension) {
        this(backbone, router, experts, Map.of(), tokenizerVersion, textEncoderId, textDimension);
    }

    /** A set whose trees may also have head-row classifiers ({@code heads}, by tree id). */
    public ModelSet(Backbone backbone, Router router, Map<String, ProbeXExpert> experts, Map<String, HeadRowClassifier> heads,
            String tokenizerVersion, String textEncoderId, int textDimension) {
        this.backbone = Objects.requireNonNull(backbone, "backbone");
        this.router = Objects.requireNonNull(router, "router");
        this.experts = Map.copyOf(experts);
        this.heads = Map.copyOf(heads);
        this.tokenizerVersion = Objects.requireNonNull(tokenizerVersion, "tokenizerVersion");
        this.textEncoderId = Objects.requireNonNull(textEncoderId, "textEncoderId");
        this.textDimension = textDimension;
    }

    /**
     * Embeds one model: the backbone embedding always; then the routing (card {@code base_model}, else weights)
     * and, when it names a tree with an expert whose layer matches the model's ProbeX layer, that expert's
     * categories and text-space embedding. A model without a usable expert takes the generic path (backbone
     * only), and {@link ModelSetEmbedding#note()} says why.
     */
    public ModelSetEmbedding embed(ModelInput input) {
        float[] embedding = backbone.embed(input.tokens());
        ProbeXMatrix matrix = input.probeX().orElse(null);
        Routing routing = router.route(input.routingMatrix()
                .map(m -> RoutingInput.of(input.modelId(), input.cardBaseModels(), m))
                .orElseGet(() -> new RoutingInput(input.modelId(), input.cardBaseModels(), null, null)));
        Optional<String> tree = routing.treeId();
        if (tree.isEmpty()) {
            return new ModelSetEmbedding(embedding, Optional.empty(), List.of(), routing, Optional.empty());
        }
        HeadRowClassifier headClassifier = heads.get(tree.get());
        if (headClassifier != null && input.head().isPresent() && headClassifier.accepts(input.head().get())) {
            Map<String, Double> probabilities = headClassifier.predict(input.head().get());
            Optional<float[]> text = headClassifier.textEmbedding(probabilities);
            if (text.isEmpty() && experts.containsKey(tree.get()) && matrix != null
                    && Arrays.equals(experts.get(tree.get()).layerShape(), new int[] {matrix.rows(), matrix.cols()})) {
                text = Optional.of(experts.get(tree.get()).predict(matrix).textEmbedding());
            }
            return new ModelSetEmbedding(embedding, text, sorted(probabilities), routing, Optional.empty());
        }
        ProbeXExpert expert = experts.get(tree.get());
        if (expert == null) {
            return new ModelSetEmbedding(embedding, Optional.empty(), List.of(), routing,
                    Optional.of("tree " + tree.get() + " has no expert (too few labelled models)"));
        }
        if (matrix == null) {
            return new ModelSetEmbedding(embedding, Optional.empty(), List.of(), routing,
                    Optional.of("the model has no ProbeX layer for the expert of " + tree.get()));
        }
        if (!Arrays.equals(expert.layerShape(), new int[] {matrix.rows(), matrix.cols()})) {
            return new ModelSetEmbedding(embedding, Optional.empty(), List.of(), routing,
                    Optional.of("the model's ProbeX layer is " + matrix.rows() + "x" + matrix.cols() + ", the expert of "
                            + tree.get() + " reads " + Arrays.toString(expert.layerShape())));
        }
        Prediction prediction = expert.predict(matrix);
        return new ModelSetEmbedding(embedding, Optional.of(prediction.textEmbedding()),
                sorted(prediction.categoryProbabilities()), routing, Optional.empty());
    }

    private static List<ModelSetEmbedding.CategoryScore> sorted(Map<String, Double> probabilities) {
        List<ModelSetEmbedding.CategoryScore> categories = new ArrayList<>();
        probabilities.forEach((c, p) -> categories.add(new ModelSetEmbedding.CategoryScore(c, p)));
        categories.sort(Comparator.comparingDouble(ModelSetEmbedding.CategoryScore::probability).reversed()
                .thenComparing(ModelSetEmbedding.CategoryScore::category));
        return categories;
    }

    /** The head-row classifiers by tree id. */
    public Map<String, HeadRowClassifier> heads() {
        return heads;
    }

    public Backbone backbone() {
        return backbone;
    }

    public Router router() {
        return router;
    }

    /** The experts by tree id. */
    public Map<String, ProbeXExpert> experts() {
        return experts;
    }

    public String tokenizerVersion() {
        return tokenizerVersion;
    }

    public String textEncoderId() {
        return textEncoderId;
    }

    public int textDimension() {
        return textDimension;
    }

    /** Writes the set under {@code dir} (created; must be empty or absent). */
    public void save(Path dir) {
        try {
            Files.createDirectories(dir);
            try (var listing = Files.list(dir)) {
                if (listing.findAny().isPresent()) {
                    throw new IllegalArgumentException("model set folder " + dir + " is not empty");
                }
            }
            backbone.save(dir.resolve("backbone"));
            router.save(dir.resolve("router"));
            ObjectNode descriptor = JSON.createObjectNode();
            descriptor.put("format", FORMAT);
            descriptor.put("tokenizerVersion", tokenizerVersion);
            descriptor.put("textEncoderId", textEncoderId);
            descriptor.put("textDimension", textDimension);
            ObjectNode folders = descriptor.putObject("experts");
            int index = 0;
            for (String tree : experts.keySet().stream().sorted().toList()) {
                String folder = String.format("experts/%03d", index++);
                experts.get(tree).save(dir.resolve(folder));
                folders.put(tree, folder);
            }
            ObjectNode headFolders = descriptor.putObject("heads");
            index = 0;
            for (String tree : heads.keySet().stream().sorted().toList()) {
                String folder = String.format("heads/%03d", index++);
                heads.get(tree).save(dir.resolve(folder));
                headFolders.put(tree, folder);
            }
            // written last: a folder without it is an incomplete save
            JSON.writeValue(dir.resolve(DESCRIPTOR).toFile(), descriptor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model set to " + dir, e);
        }
    }

    /** Reads a set written by {@link #save}. */
    public static ModelSet load(Path dir) {
        Path descriptorFile = dir.resolve(DESCRIPTOR);
        if (!Files.isRegularFile(descriptorFile)) {
            throw new ModelSetFormatException(dir + " is not a model set (no " + DESCRIPTOR + "; an interrupted save?)");
        }
        JsonNode descriptor;
        try {
            descriptor = JSON.readTree(descriptorFile.toFile());
        } catch (IOException e) {
            throw new ModelSetFormatException("cannot read " + descriptorFile + ": " + e.getMessage(), e);
        }
        int format = descriptor.path("format").asInt(-1);
        if (format != FORMAT) {
            throw new ModelSetFormatException(descriptorFile + " has format " + format + "; this build reads " + FORMAT);
        }
        Map<String, ProbeXExpert> experts = new LinkedHashMap<>();
        Backbone backbone = null;
        try {
            backbone = Backbone.load(dir.resolve("backbone"));
            Router router = Router.load(dir.resolve("router"));
            for (Iterator<Map.Entry<String, JsonNode>> it = descriptor.path("experts").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                experts.put(e.getKey(), ProbeXExpert.load(dir.resolve(e.getValue().asText())));
            }
            Map<String, HeadRowClassifier> heads = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = descriptor.path("heads").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                heads.put(e.getKey(), HeadRowClassifier.load(dir.resolve(e.getValue().asText())));
            }
            return new ModelSet(backbone, router, experts, heads, text(descriptor, "tokenizerVersion", descriptorFile),
                    text(descriptor, "textEncoderId", descriptorFile), descriptor.path("textDimension").asInt());
        } catch (RuntimeException e) {
            experts.values().forEach(ProbeXExpert::close);
            if (backbone != null) {
                backbone.close();
            }
            throw e;
        }
    }

    private static String text(JsonNode node, String field, Path file) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new ModelSetFormatException(file + " lacks " + field);
        }
        return value.asText();
    }

    @Override
    public void close() {
        experts.values().forEach(ProbeXExpert::close);
        backbone.close();
    }
}
