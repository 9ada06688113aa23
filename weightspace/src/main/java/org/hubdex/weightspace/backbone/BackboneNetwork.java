package org.hubdex.weightspace.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/**
 * The backbone as functions of its {@link Weights} (no DJL blocks): encoder, decoder and projection head.
 *
 * <pre>
 * encoder: Linear(s -> d) + positions -> blocks -> LayerNorm -> Linear(d -> latent)        [n, T, latent]
 * decoder: Linear(latent -> d) + positions -> blocks -> LayerNorm -> Linear(d -> s)          [n, T, s]
 * block:   x + Attention(LN(x)), then x + MLP(LN(x)); GPT-2 pre-LN, no bias, GELU MLP of mlpRatio x d,
 *          multi-head, non-causal, padding tokens masked out as keys
 * head:    pool (mean of real tokens, or flatten) -> Linear -> p -> LN -> ReLU -> Linear p -> LN -> ReLU
 * </pre>
 *
 * <p><b>Scoping.</b> An op's result belongs to its first operand's manager, so every op here takes the batch
 * tensor first and a parameter second: all intermediate results land in the batch's scope and are freed with it,
 * never in the long-lived parameter manager. Stateless; thread-safe.
 */
final class BackboneNetwork {

    private static final float NORM_EPS = 1e-5f;

    private final BackboneConfig config;
    private final Shape normShape;
    private final float attentionScale;

    BackboneNetwork(BackboneConfig config) {
        this.config = config;
        this.normShape = new Shape(config.dModel());
        this.attentionScale = (float) (1.0 / Math.sqrt(config.dModel() / (double) config.heads()));
    }

    /** Token latents {@code [n, T, latent]} of the windows' (normalized) input. */
    NDArray encode(WindowTensors in, Weights w) {
        NDArray x = linear(in.input(), w, "encoder.embed", true).add(in.positionCode());
        x = blocks(x, in.keyBias(), w, "encoder", config.encoderLayers());
        return linear(x, w, "encoder.head", true);
    }

    /** The reconstruction {@code [n, T, s]}, in the {@link InputScale}'d space, of token latents. */
    NDArray decode(NDArray latents, WindowTensors in, Weights w) {
        NDArray x = linear(latents, w, "decoder.embed", true).add(in.positionCode());
        x = blocks(x, in.keyBias(), w, "decoder", config.decoderLayers());
        return linear(x, w, "decoder.head", true);
    }

    /** The contrastive projection {@code [n, projectionDim]} of token latents. */
    NDArray project(NDArray latents, WindowTensors in, Weights w) {
        NDArray masked = latents.mul(in.tokenValid());
        NDArray pooled;
        if (config.projectionPooling() == BackboneConfig.ProjectionPooling.MEAN) {
            pooled = masked.sum(new int[] {1}).div(in.tokenValid().sum(new int[] {1}));
        } else {
            long n = latents.getShape().get(0);
            long t = latents.getShape().get(1);
            if (t != config.windowTokens()) {
                throw new IllegalStateException("a flattening head needs windows of " + config.windowTokens()
                        + " tokens, got " + t);
            }
            pooled = masked.reshape(n, t * config.latentDim());
        }
        NDArray h = linear(pooled, w, "projection.0", true);
        h = Activation.relu(affineNorm(h, w, "projection.1"));
        h = linear(h, w, "projection.3", true);
        return Activation.relu(affineNorm(h, w, "projection.4"));
    }

    private NDArray blocks(NDArray x, NDArray keyBias, Weights w, String stack, int layers) {
        for (int i = 0; i < layers; i++) {
            String b = stack + ".blocks." + i;
            x = x.add(attention(norm(x, w, b + ".ln_1"), keyBias, w, b + ".attn"));
            NDArray h = Activation.gelu(linear(norm(x, w, b + ".ln_2"), w, b + ".mlp.c_fc", false));
            x = x.add(linear(h, w, b + ".mlp.c_proj", false));
        }
        return norm(x, w, stack + ".ln_f");
    }

    private NDArray attention(NDArray x, NDArray keyBias, Weights w, String prefix) {
        Shape shape = x.getShape();
        long n = shape.get(0);
        long t = shape.get(1);
        int heads = config.heads();
        int headWidth = config.dModel() / heads;
        NDArray qkv = linear(x, w, prefix + ".c_attn", false).reshape(n, t, 3, heads, headWidth).transpose(2, 0, 3, 1, 4);
        NDArray q = qkv.get(0);
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(attentionScale).add(keyBias).softmax(-1);
        NDArray out = scores.matMul(v).transpose(0, 2, 1, 3).reshape(n, t, config.dModel());
        return linear(out, w, prefix + ".c_proj", false);
    }

    private NDArray norm(NDArray x, Weights w, String prefix) {
        return LayerNorm.layerNorm(x, normShape, w.get(prefix + ".weight"), w.zeroBias(), NORM_EPS).singletonOrThrow();
    }

    private static NDArray affineNorm(NDArray x, Weights w, String prefix) {
        return LayerNorm.layerNorm(x, new Shape(x.getShape().get(x.getShape().dimension() - 1)), w.get(prefix + ".weight"),
                w.get(prefix + ".bias"), NORM_EPS).singletonOrThrow();
    }

    private static NDArray linear(NDArray x, Weights w, String prefix, boolean bias) {
        NDArray weight = w.get(prefix + ".weight");
        return (bias ? Linear.linear(x, weight, w.get(prefix + ".bias")) : Linear.linear(x, weight)).singletonOrThrow();
    }
}
