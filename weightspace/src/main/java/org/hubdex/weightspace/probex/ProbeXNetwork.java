package org.hubdex.weightspace.probex;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The ProbeX network as a function of a parameter map, so that training (parameters requiring gradients) and
 * inference (frozen parameters) run the same code. Weights are stored {@code [in, out]} and applied as
 * {@code x @ W}.
 *
 * <p>Shapes, for a batch of B matrices X {@code [B, d_H, d_W]}:
 * <ol>
 *   <li>probes U {@code [d_W, rU]}: {@code X @ U} is {@code [B, d_H, rU]}, each column the layer's response to one probe;</li>
 *   <li>projection V {@code [d_H, rV]}, shared by all probes: {@code relu((X U)^T @ V)} is {@code [B, rU, rV]};</li>
 *   <li>encoder M {@code [rU * rV, rT]} with bias: the flattened responses give the representation z {@code [B, rT]}
 *       (one Linear over the flattened tensor is the sum of the paper's per-probe encoders);</li>
 *   <li>category head {@code [rT, C]} with bias: logits {@code [B, C]};</li>
 *   <li>text head {@code [rT, textDim]} with bias, L2-normalized: {@code [B, textDim]}.</li>
 * </ol>
 *
 * <p>Stateless apart from its dimensions; thread-safe.
 */
final class ProbeXNetwork {

    static final String PROBES = "probes";
    static final String PROJECTION = "projection";
    static final String ENCODER_WEIGHT = "encoder.weight";
    static final String ENCODER_BIAS = "encoder.bias";
    static final String CATEGORY_WEIGHT = "category.weight";
    static final String CATEGORY_BIAS = "category.bias";
    static final String TEXT_WEIGHT = "text.weight";
    static final String TEXT_BIAS = "text.bias";

    /** Added to the squared norm before the square root, so that a zero vector has a finite gradient. */
    private static final float NORM_EPSILON = 1e-12f;

    /** The outputs of one forward pass. */
    record Outputs(NDArray representation, NDArray categoryLogits, NDArray textEmbedding) {
    }

    private final int rows;
    private final int cols;
    private final int rU;
    private final int rV;
    private final int rT;
    private final int categories;
    private final int textDim;

    ProbeXNetwork(int rows, int cols, ProbeXConfig config, int categories) {
        this.rows = rows;
        this.cols = cols;
        this.rU = config.rU();
        this.rV = config.rV();
        this.rT = config.rT();
        this.categories = categories;
        this.textDim = config.textDim();
    }

    /** Every parameter's shape, in a fixed order (the order of saving and of optimizer updates). */
    Map<String, Shape> shapes() {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        shapes.put(PROBES, new Shape(cols, rU));
        shapes.put(PROJECTION, new Shape(rows, rV));
        shapes.put(ENCODER_WEIGHT, new Shape((long) rU * rV, rT));
        shapes.put(ENCODER_BIAS, new Shape(rT));
        shapes.put(CATEGORY_WEIGHT, new Shape(rT, categories));
        shapes.put(CATEGORY_BIAS, new Shape(categories));
        shapes.put(TEXT_WEIGHT, new Shape(rT, textDim));
        shapes.put(TEXT_BIAS, new Shape(textDim));
        return shapes;
    }

    /**
     * Initial values as PyTorch initializes a {@code Linear}: weights and biases uniform in
     * {@code ±1/sqrt(fan_in)}, drawn from {@code random} in the order of {@link #shapes()}.
     */
    Map<String, float[]> initialize(SplittableRandom random) {
        Map<String, Integer> fanIn = Map.of(PROBES, cols, PROJECTION, rows, ENCODER_WEIGHT, rU * rV, ENCODER_BIAS,
                rU * rV, CATEGORY_WEIGHT, rT, CATEGORY_BIAS, rT, TEXT_WEIGHT, rT, TEXT_BIAS, rT);
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : shapes().entrySet()) {
            float bound = (float) (1 / Math.sqrt(fanIn.get(e.getKey())));
            float[] v = new float[Math.toIntExact(e.getValue().size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
            }
            values.put(e.getKey(), v);
        }
        return values;
    }

    /** The forward pass of {@code x} {@code [B, d_H, d_W]} (already scaled). */
    Outputs forward(NDArray x, Map<String, NDArray> p) {
        long batch = x.getShape().get(0);
        NDArray responses = x.matMul(p.get(PROBES));
        NDArray projected = Activation.relu(responses.transpose(0, 2, 1).matMul(p.get(PROJECTION)));
        NDArray z = projected.reshape(batch, (long) rU * rV).matMul(p.get(ENCODER_WEIGHT)).add(p.get(ENCODER_BIAS));
        NDArray logits = z.matMul(p.get(CATEGORY_WEIGHT)).add(p.get(CATEGORY_BIAS));
        NDArray text = z.matMul(p.get(TEXT_WEIGHT)).add(p.get(TEXT_BIAS));
        NDArray unit = text.div(text.square().sum(new int[] {1}, true).add(NORM_EPSILON).sqrt());
        return new Outputs(z, logits, unit);
    }

    /** Parameter names in saving order. */
    List<String> names() {
        return List.copyOf(shapes().keySet());
    }

    int rows() {
        return rows;
    }

    int cols() {
        return cols;
    }
}
