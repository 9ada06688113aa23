package org.hubdex.weightspace.probex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;

/**
 * Reads a fine-tune's class subset off its classification head, one row per class: each row of the head is
 * matched to the nearest class centroid of the tree (cosine between unit rows), and the model's categories are the
 * classes its rows match.
 *
 * <p><b>Why the head.</b> Fine-tunes in a tree keep (or barely move) the features their base learned, and their new
 * head's row for a class points where the class lies in that feature space; so across a tree the rows of one class
 * cluster, whatever the subset, its size or the row order. The rows are labelled at training time by the config's
 * {@code id2label} order, which is what makes this work where a set-level probe of a middle layer does not: on the
 * standard zoo a ProbeX of the tokenizer's middle layer stays at the all-negative baseline (element-wise 0.55 vs
 * 0.53), a row-set ProbeX trained on set labels reaches 0.75, row-supervised 0.92-0.94, and these centroids 0.96
 * (exact set 0.84; the lab mains in trainer's test sources). The expert of a tree uses it for categories when the
 * model's head has the tree's width; the ProbeX expert stays the fallback and the text head.
 *
 * <p>The text-space embedding of a model is the normalized mix of the class texts (the embedded descriptions of
 * each single class) weighted by the predicted probabilities: a composition that also covers class combinations
 * no training model had.
 *
 * <p>Immutable and thread-safe.
 */
public final class HeadRowClassifier {

    /** Softmax temperature over a row's cosines to the centroids. */
    public static final double TEMPERATURE = 0.05;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE = "head-rows.json";

    private final String treeId;
    private final int width;
    private final List<String> categories;
    private final float[][] centroids;
    private final float[][] classTexts;

    /** One training model: its head and the class of each row ({@code id2label} order). */
    public record Example(String modelId, ProbeXMatrix head, List<String> rowClasses) {
        public Example {
            Objects.requireNonNull(head, "head");
            rowClasses = List.copyOf(rowClasses);
        }
    }

    private HeadRowClassifier(String treeId, int width, List<String> categories, float[][] centroids, float[][] classTexts) {
        this.treeId = treeId;
        this.width = width;
        this.categories = List.copyOf(categories);
        this.centroids = centroids;
        this.classTexts = classTexts;
    }

    /**
     * Fits the centroids of {@code examples} (those whose head has as many rows as classes and the most common width).
     *
     * @param classTexts the unit text embedding of each class's description, by class (may be empty: no text
     *     embeddings then)
     * @return empty when no example qualifies
     */
    public static Optional<HeadRowClassifier> fit(String treeId, List<Example> examples, Map<String, float[]> classTexts) {
        Map<Integer, Integer> widths = new TreeMap<>();
        for (Example e : examples) {
            if (e.head().rows() == e.rowClasses().size()) {
                widths.merge(e.head().cols(), 1, Integer::sum);
            }
        }
        if (widths.isEmpty()) {
            return Optional.empty();
        }
        int width = widths.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        Map<String, double[]> sums = new TreeMap<>();
        for (Example e : examples) {
            ProbeXMatrix h = e.head();
            if (h.rows() != e.rowClasses().size() || h.cols() != width) {
                continue;
            }
            for (int r = 0; r < h.rows(); r++) {
                double[] unit = unitRow(h, r);
                if (unit == null) {
                    continue;
                }
                double[] sum = sums.computeIfAbsent(e.rowClasses().get(r), c -> new double[width]);
                for (int j = 0; j < width; j++) {
                    sum[j] += unit[j];
                }
            }
        }
        List<String> categories = new ArrayList<>(sums.keySet());
        float[][] centroids = new float[categories.size()][];
        float[][] texts = new float[categories.size()][];
        for (int c = 0; c < categories.size(); c++) {
            centroids[c] = normalize(sums.get(categories.get(c)));
            float[] text = classTexts.get(categories.get(c));
            texts[c] = text == null ? null : text.clone();
        }
        boolean allTexts = java.util.Arrays.stream(texts).allMatch(Objects::nonNull);
        return Optional.of(new HeadRowClassifier(treeId, width, categories, centroids, allTexts ? texts : null));
    }

    public String treeId() {
        return treeId;
    }

    /** The head width (features per row) this classifier reads. */
    public int width() {
        return width;
    }

    public List<String> categories() {
        return categories;
    }

    /** Whether {@code head} can be read: a head of this tree's width. */
    public boolean accepts(ProbeXMatrix head) {
        return head.cols() == width && head.rows() >= 1;
    }

    /**
     * Per category, the largest probability any row gives it (softmax of the row's cosines to the centroids over
     * {@link #TEMPERATURE}): near 1 for a class a row clearly matches, near 0 for one no row does.
     */
    public Map<String, Double> predict(ProbeXMatrix head) {
        if (!accepts(head)) {
            throw new LayerShapeMismatchException("the head-row classifier of tree " + treeId, new int[] {head.rows(), width},
                    new int[] {head.rows(), head.cols()});
        }
        double[] best = new double[categories.size()];
        for (int r = 0; r < head.rows(); r++) {
            double[] unit = unitRow(head, r);
            if (unit == null) {
                continue;
            }
            double[] logits = new double[categories.size()];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < categories.size(); c++) {
                double dot = 0;
                for (int j = 0; j < width; j++) {
                    dot += unit[j] * centroids[c][j];
                }
                logits[c] = dot / TEMPERATURE;
                max = Math.max(max, logits[c]);
            }
            double sum = 0;
            for (int c = 0; c < logits.length; c++) {
                logits[c] = Math.exp(logits[c] - max);
                sum += logits[c];
            }
            for (int c = 0; c < logits.length; c++) {
                best[c] = Math.max(best[c], logits[c] / sum);
            }
        }
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (int c = 0; c < categories.size(); c++) {
            probabilities.put(categories.get(c), best[c]);
        }
        return probabilities;
    }

    /**
     * The model in the text encoder's space: the class texts mixed by the predicted probabilities of the classes
     * predicted (above 0.5; the most probable one when none is), normalized. Empty without class texts.
     */
    public Optional<float[]> textEmbedding(Map<String, Double> probabilities) {
        if (classTexts == null || categories.isEmpty()) {
            return Optional.empty();
        }
        int dim = classTexts[0].length;
        double[] mix = new double[dim];
        int top = 0;
        boolean any = false;
        for (int c = 0; c < categories.size(); c++) {
            double p = probabilities.getOrDefault(categories.get(c), 0.0);
            if (p > probabilities.getOrDefault(categories.get(top), 0.0)) {
                top = c;
            }
            if (p > 0.5) {
                any = true;
                for (int j = 0; j < dim; j++) {
                    mix[j] += p * classTexts[c][j];
                }
            }
        }
        if (!any) {
            for (int j = 0; j < dim; j++) {
                mix[j] = classTexts[top][j];
            }
        }
        return Optional.of(normalize(mix));
    }

    /** Writes the classifier under {@code dir}. */
    public void save(Path dir) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "hubdex-head-rows");
        root.put("version", 1);
        root.put("treeId", treeId);
        root.put("width", width);
        ArrayNode cats = root.putArray("categories");
        categories.forEach(cats::add);
        ArrayNode cents = root.putArray("centroids");
        for (float[] c : centroids) {
            ArrayNode row = cents.addArray();
            for (float v : c) {
                row.add(v);
            }
        }
        if (classTexts != null) {
            ArrayNode texts = root.putArray("classTexts");
            for (float[] t : classTexts) {
                ArrayNode row = texts.addArray();
                for (float v : t) {
                    row.add(v);
                }
            }
        }
        try {
            Files.createDirectories(dir);
            JSON.writeValue(dir.resolve(FILE).toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the head-row classifier to " + dir, e);
        }
    }

    /** Reads a classifier written by {@link #save}. */
    public static HeadRowClassifier load(Path dir) {
        JsonNode root;
        try {
            root = JSON.readTree(dir.resolve(FILE).toFile());
        } catch (IOException e) {
            throw new ProbeXFormatException(dir, "cannot read " + FILE + ": " + e.getMessage(), e);
        }
        if (!"hubdex-head-rows".equals(root.path("format").asText()) || root.path("version").asInt() != 1) {
            throw new ProbeXFormatException(dir, FILE + " is not a version-1 head-row classifier");
        }
        List<String> categories = new ArrayList<>();
        root.path("categories").forEach(c -> categories.add(c.asText()));
        float[][] centroids = floats(root.path("centroids"));
        float[][] texts = root.has("classTexts") ? floats(root.path("classTexts")) : null;
        return new HeadRowClassifier(root.path("treeId").asText(), root.path("width").asInt(), categories, centroids, texts);
    }

    private static float[][] floats(JsonNode rows) {
        float[][] out = new float[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            out[i] = new float[row.size()];
            for (int j = 0; j < row.size(); j++) {
                out[i][j] = row.get(j).floatValue();
            }
        }
        return out;
    }

    private static double[] unitRow(ProbeXMatrix h, int r) {
        double[] u = new double[h.cols()];
        double n = 0;
        for (int j = 0; j < u.length; j++) {
            u[j] = h.values()[r * h.cols() + j];
            n += u[j] * u[j];
        }
        if (!(n > 0) || !Double.isFinite(n)) {
            return null;
        }
        n = Math.sqrt(n);
        for (int j = 0; j < u.length; j++) {
            u[j] /= n;
        }
        return u;
    }

    private static float[] normalize(double[] v) {
        double n = 0;
        for (double x : v) {
            n += x * x;
        }
        n = Math.sqrt(n);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = n > 0 ? (float) (v[i] / n) : 0f;
        }
        return out;
    }
}
