package org.hubdex.weightspace.backbone;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic token sequences shaped like the dense tokenizer's output: layers of random sizes, each cut into tokens
 * with only its last token padded, 3-d positions (global index, layer index, index in layer).
 *
 * <p>Two families with learnable structure: every layer of a model is a sinusoid over its values with a
 * per-layer amplitude and phase and a small iid noise; family 0 runs at one cycle per {@code tokenSize} values,
 * family 1 at three cycles, with a different amplitude range. A model is a pure function of (family, seed).
 */
final class SyntheticModels {

    private SyntheticModels() {
    }

    /** A model of the given family with about {@code tokens} tokens. */
    static TokenSequence model(int family, int tokens, int tokenSize, long seed) {
        SplittableRandom random = new SplittableRandom(seed * 31 + family);
        List<float[]> layers = new ArrayList<>();
        int total = 0;
        while (total < tokens) {
            int layerTokens = Math.min(tokens - total, 1 + random.nextInt(Math.max(1, Math.min(12, tokens))));
            int values = layerTokens * tokenSize - random.nextInt(tokenSize); // last token partly padded
            double amplitude = family == 0 ? 0.05 + 0.05 * random.nextDouble() : 0.02 + 0.03 * random.nextDouble();
            double cycles = family == 0 ? 1 : 3;
            double phase = random.nextDouble() * 2 * Math.PI;
            float[] layer = new float[values];
            for (int i = 0; i < values; i++) {
                layer[i] = (float) (amplitude * Math.sin(2 * Math.PI * cycles * i / tokenSize + phase)
                        + 0.002 * random.nextGaussian());
            }
            layers.add(layer);
            total += layerTokens;
        }
        return fromLayers(layers, tokenSize);
    }

    /** Unstructured values (iid Gaussian, std {@code std}) in layers, for speed measurements. */
    static TokenSequence noise(int tokens, int tokenSize, double std, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<float[]> layers = new ArrayList<>();
        int total = 0;
        while (total < tokens) {
            int layerTokens = Math.min(tokens - total, 1 + random.nextInt(16));
            float[] layer = new float[layerTokens * tokenSize - random.nextInt(tokenSize)];
            for (int i = 0; i < layer.length; i++) {
                layer[i] = (float) (std * random.nextGaussian());
            }
            layers.add(layer);
            total += layerTokens;
        }
        return fromLayers(layers, tokenSize);
    }

    /** Dense tokens of {@code layers}: each layer cut into tokens, its last token zero-padded. */
    static TokenSequence fromLayers(List<float[]> layers, int tokenSize) {
        int n = 0;
        for (float[] l : layers) {
            n += (l.length + tokenSize - 1) / tokenSize;
        }
        float[] values = new float[n * tokenSize];
        byte[] mask = new byte[n * tokenSize];
        int[] positions = new int[n * 3];
        int token = 0;
        for (int layer = 0; layer < layers.size(); layer++) {
            float[] l = layers.get(layer);
            int count = (l.length + tokenSize - 1) / tokenSize;
            System.arraycopy(l, 0, values, token * tokenSize, l.length);
            for (int i = 0; i < l.length; i++) {
                mask[token * tokenSize + i] = 1;
            }
            for (int k = 0; k < count; k++) {
                positions[(token + k) * 3] = token + k;
                positions[(token + k) * 3 + 1] = layer;
                positions[(token + k) * 3 + 2] = k;
            }
            token += count;
        }
        return new TokenSequence(n, tokenSize, values, mask, positions);
    }

    /** A tiny configuration for quick tests: 16-value tokens, width 32, one block each side, windows of 16. */
    static BackboneConfig.Builder tiny() {
        return BackboneConfig.builder().optTokenSize(16).optDModel(32).optEncoderLayers(1).optDecoderLayers(1)
                .optHeads(2).optLatentDim(8).optWindowTokens(16).optHaloTokens(2).optProjectionDim(8).optBatchSize(8)
                .optLearningRate(3e-3).optMaxSteps(5).optMaxSeconds(0).optEvalEvery(50).optThreads(1);
    }
}
