package org.hubdex.zoo.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.util.List;
import java.util.Map;
import org.hubdex.zoo.ActivationFunction;
import org.hubdex.zoo.Family;

/**
 * The zoo's tiny vision transformer, with timm's parameter names: {@code patch_embed.proj} (a convolution with
 * kernel and stride = patch), {@code cls_token} {@code [1,1,D]}, {@code pos_embed} {@code [1,T+1,D]}, pre-norm
 * blocks {@code blocks.i.{norm1, attn.qkv, attn.proj, norm2, mlp.fc1, mlp.fc2}}, a final {@code norm} and
 * {@code head} on the class token. LayerNorm epsilon 1e-6 as in timm.
 *
 * <p>Shapes inside: tokens {@code [B, T+1, D]} with {@code T = (28/patch)^2}; attention {@code [B, H, T+1, T+1]}.
 */
final class TinyVit extends Network {

    private final int width;
    private final int depth;
    private final int heads;
    private final int patch;
    private final int tokens;
    private final List<ParamSpec> params;

    TinyVit(int numClasses, ActivationFunction activation, int width, int depth, int heads, int mlpWidth, int patch) {
        super(numClasses, activation);
        if (width % heads != 0 || 28 % patch != 0) {
            throw new IllegalArgumentException("width must divide by heads and 28 by patch");
        }
        this.width = width;
        this.depth = depth;
        this.heads = heads;
        this.patch = patch;
        this.tokens = (28 / patch) * (28 / patch);
        List<ParamSpec> p = newList();
        conv(p, "patch_embed.proj", 1, width, patch);
        p.add(ParamSpec.token("cls_token", 1, 1, width));
        p.add(ParamSpec.token("pos_embed", 1, tokens + 1, width));
        for (int i = 0; i < depth; i++) {
            String b = "blocks." + i;
            p.add(ParamSpec.norm(b + ".norm1", width));
            p.add(ParamSpec.normBias(b + ".norm1", width));
            linear(p, b + ".attn.qkv", width, 3L * width, false);
            linear(p, b + ".attn.proj", width, width, false);
            p.add(ParamSpec.norm(b + ".norm2", width));
            p.add(ParamSpec.normBias(b + ".norm2", width));
            linear(p, b + ".mlp.fc1", width, mlpWidth, false);
            linear(p, b + ".mlp.fc2", mlpWidth, width, false);
        }
        p.add(ParamSpec.norm("norm", width));
        p.add(ParamSpec.normBias("norm", width));
        linear(p, "head", width, numClasses, true);
        this.params = List.copyOf(p);
    }

    @Override
    public Family family() {
        return Family.VIT_TINY;
    }

    /** Attention heads per block. */
    int heads() {
        return heads;
    }

    @Override
    public List<ParamSpec> params() {
        return params;
    }

    @Override
    public List<List<String>> freezeOptions() {
        List<String> embedding = List.of("patch_embed.", "cls_token", "pos_embed");
        List<String> firstBlock = new java.util.ArrayList<>(embedding);
        firstBlock.add("blocks.0.");
        List<String> allBlocks = new java.util.ArrayList<>(embedding);
        allBlocks.add("blocks.");
        return List.of(embedding, List.copyOf(firstBlock), List.copyOf(allBlocks));
    }

    @Override
    public NDArray forward(NDArray images, Map<String, NDArray> p) {
        long batch = images.getShape().get(0);
        NDArray x = ConvOps.conv2d(images, p.get("patch_embed.proj.weight"), p.get("patch_embed.proj.bias"), patch, false);
        x = x.reshape(batch, width, tokens).transpose(0, 2, 1);
        // An op's result belongs to its first operand's manager: results computed from a parameter (which lives as
        // long as the model) are moved to the step's manager, or every step would leak its activations.
        NDArray cls = p.get("cls_token").broadcast(new Shape(batch, 1, width));
        cls.attach(x.getManager());
        x = cls.concat(x, 1).add(p.get("pos_embed"));
        for (int i = 0; i < depth; i++) {
            String b = "blocks." + i;
            x = x.add(attention(norm(x, p, b + ".norm1"), p, b + ".attn", batch));
            NDArray h = norm(x, p, b + ".norm2");
            h = activate(Linear.linear(h, p.get(b + ".mlp.fc1.weight"), p.get(b + ".mlp.fc1.bias")).head());
            x = x.add(Linear.linear(h, p.get(b + ".mlp.fc2.weight"), p.get(b + ".mlp.fc2.bias")).head());
        }
        x = norm(x, p, "norm").get(":, 0");
        return Linear.linear(x, p.get("head.weight"), p.get("head.bias")).head();
    }

    private NDArray attention(NDArray x, Map<String, NDArray> p, String prefix, long batch) {
        int headWidth = width / heads;
        long t = tokens + 1;
        NDArray qkv = Linear.linear(x, p.get(prefix + ".qkv.weight"), p.get(prefix + ".qkv.bias")).head()
                .reshape(batch, t, 3, heads, headWidth).transpose(2, 0, 3, 1, 4);
        NDArray q = qkv.get(0);
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        NDArray weights = q.matMul(k.transpose(0, 1, 3, 2)).mul(1.0 / Math.sqrt(headWidth)).softmax(-1);
        NDArray out = weights.matMul(v).transpose(0, 2, 1, 3).reshape(batch, t, width);
        return Linear.linear(out, p.get(prefix + ".proj.weight"), p.get(prefix + ".proj.bias")).head();
    }

    private NDArray norm(NDArray x, Map<String, NDArray> p, String prefix) {
        return LayerNorm.layerNorm(x, new Shape(width), p.get(prefix + ".weight"), p.get(prefix + ".bias"), 1e-6f).head();
    }
}
