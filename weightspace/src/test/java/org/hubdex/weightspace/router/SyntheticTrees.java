package org.hubdex.weightspace.router;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;

/**
 * Synthetic model trees for router tests: each tree's base is a shared "pretrained" matrix plus its own part
 * (so trees are related, as hub bases often are) at its own scale; fine-tunes add a small drift to the base,
 * grandchildren drift further from their parent, and optionally one intermediate fine-tune moves far and
 * gets children of its own (a sub-family). Drift magnitudes are relative (per value, to the base's scale) and
 * log-uniform, like learning rates.
 */
final class SyntheticTrees {

    static final String LAYER = "blocks.3.attn.proj.weight";

    final int rows;
    final int cols;
    final List<TreeMember> members = new ArrayList<>();
    private final Random random;
    private final float[] pretrained;

    SyntheticTrees(long seed, int rows, int cols) {
        this.random = new Random(seed);
        this.rows = rows;
        this.cols = cols;
        this.pretrained = gaussian(1.0);
    }

    /**
     * Adds a tree.
     *
     * @param relatedness per-value size of the base's own part next to the shared pretrained part
     * @param children fine-tunes of the base
     * @param grandchildren fine-tunes of each fine-tune
     * @param maxDrift the largest relative drift of one fine-tuning step (the smallest is a tenth of it)
     * @param subFamilyDrift when positive, one more fine-tune at this drift with {@code children} children of its own
     */
    SyntheticTrees tree(String treeId, double relatedness, int children, int grandchildren, double maxDrift,
            double subFamilyDrift) {
        double scale = Math.exp(random.nextGaussian() * 0.5);
        float[] base = add(scaled(pretrained, scale), gaussian(relatedness * scale));
        String baseId = treeId + "/base";
        add(treeId, baseId, null, base);
        fan(treeId, baseId, base, children, grandchildren, maxDrift, scale);
        if (subFamilyDrift > 0) {
            String pivotId = treeId + "/pivot";
            float[] pivot = add(base, gaussian(subFamilyDrift * scale));
            add(treeId, pivotId, baseId, pivot);
            fan(treeId, pivotId, pivot, children, grandchildren, maxDrift, scale);
        }
        return this;
    }

    private void fan(String treeId, String parentId, float[] parent, int children, int grandchildren, double maxDrift,
            double scale) {
        for (int c = 0; c < children; c++) {
            String childId = parentId + "-ft" + c;
            float[] child = add(parent, gaussian(drift(maxDrift) * scale));
            add(treeId, childId, parentId, child);
            for (int g = 0; g < grandchildren; g++) {
                add(treeId, childId + "-ft" + g, childId, add(child, gaussian(drift(maxDrift) * scale)));
            }
        }
    }

    /** A model of no tree: a fresh base of the same layer, as related to the pretrained matrix as asked. */
    RoutingInput stranger(String modelId, double relatedness) {
        double scale = Math.exp(random.nextGaussian() * 0.5);
        return input(modelId, List.of(), add(scaled(pretrained, scale), gaussian(relatedness * scale)));
    }

    RoutingInput input(String modelId, List<String> cardBaseModels, float[] values) {
        return RoutingInput.of(modelId, cardBaseModels, new ProbeXMatrix(LAYER, new long[] {rows, cols}, rows, cols, values));
    }

    /** Splits the members: every {@code 1/heldOutEvery}-th non-base member (in a shuffled order) is held out. */
    List<List<TreeMember>> split(int heldOutEvery, long seed) {
        List<TreeMember> shuffled = new ArrayList<>(members);
        java.util.Collections.shuffle(shuffled, new Random(seed));
        List<TreeMember> train = new ArrayList<>();
        List<TreeMember> heldOut = new ArrayList<>();
        int i = 0;
        for (TreeMember member : shuffled) {
            if (member.parentId() != null && i++ % heldOutEvery == 0) {
                heldOut.add(member);
            } else {
                train.add(member);
            }
        }
        return List.of(train, heldOut);
    }

    private void add(String treeId, String modelId, String parentId, float[] values) {
        members.add(new TreeMember(modelId, treeId, parentId,
                input(modelId, parentId == null ? List.of() : List.of(parentId), values)));
    }

    private double drift(double maxDrift) {
        return maxDrift * Math.pow(10, -random.nextDouble());
    }

    private float[] gaussian(double sigma) {
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * sigma);
        }
        return values;
    }

    private static float[] scaled(float[] a, double s) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) (a[i] * s);
        }
        return out;
    }

    private static float[] add(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    /** A held-out member as a model whose card says nothing: routing must use its weights. */
    static RoutingInput undocumented(TreeMember member) {
        RoutingInput in = member.input();
        return new RoutingInput(in.modelId(), List.of(), in.layerSignature(), in.matrix());
    }
}
