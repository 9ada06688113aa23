package org.hubdex.zoo.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hubdex.zoo.ActivationFunction;
import org.hubdex.zoo.Family;

/**
 * A network of one {@link Family} written as a function of named parameter tensors: {@link #params()} lists
 * every tensor with its PyTorch {@code state_dict} name and layout, and {@link #forward} computes logits from
 * images and a map of those tensors. Keeping the parameters outside DJL blocks means the names and layouts the
 * zoo writes are exactly the ones training used, with no renaming step to get wrong.
 *
 * <p>Shapes: images {@code [B, 1, 28, 28]} normalized to [-1, 1]; logits {@code [B, numClasses]}.
 *
 * <p>Stateless apart from its configuration; thread-safe. The tensors passed to {@link #forward} decide the
 * NDManager its intermediate results belong to (the images' manager).
 */
public abstract class Network {

    private final int numClasses;
    private final ActivationFunction activation;

    Network(int numClasses, ActivationFunction activation) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + numClasses);
        }
        this.numClasses = numClasses;
        this.activation = activation;
    }

    /** The network of {@code family} with a head of {@code numClasses} outputs. */
    public static Network of(Family family, int numClasses, ActivationFunction activation) {
        return switch (family) {
            case CNN_SMALL -> new Cnn(family, numClasses, activation, 8, 6, 4, 20);
            case CNN_WIDE -> new Cnn(family, numClasses, activation, 16, 32, 16, 64);
            case MLP -> new Mlp(numClasses, activation, 128, 64);
            case VIT_TINY -> new TinyVit(numClasses, activation, 48, 2, 4, 96, 7);
        };
    }

    public abstract Family family();

    /** Every parameter tensor, in {@code state_dict} order. */
    public abstract List<ParamSpec> params();

    /** Logits {@code [B, numClasses]} for images {@code [B, 1, 28, 28]}. */
    public abstract NDArray forward(NDArray images, Map<String, NDArray> params);

    public int numClasses() {
        return numClasses;
    }

    public ActivationFunction activation() {
        return activation;
    }

    /** The names of the head's tensors (replaced by a fine-tune). */
    public List<String> headNames() {
        return params().stream().filter(ParamSpec::head).map(ParamSpec::name).toList();
    }

    /** The total number of parameters. */
    public long parameterCount() {
        return params().stream().mapToLong(ParamSpec::numel).sum();
    }

    /**
     * The partial freezes a fine-tune may choose, from the input side: each option is a list of parameter-name
     * prefixes that stay fixed (e.g. {@code [features.]} trains only the classifier).
     */
    public abstract List<List<String>> freezeOptions();

    NDArray activate(NDArray x) {
        return switch (activation) {
            case RELU -> Activation.relu(x);
            case GELU -> Activation.gelu(x);
            case TANH -> Activation.tanh(x);
        };
    }

    static List<ParamSpec> linear(List<ParamSpec> into, String prefix, long in, long out, boolean head) {
        into.add(ParamSpec.weight(prefix + ".weight", head, out, in));
        into.add(ParamSpec.bias(prefix + ".bias", head, out, (int) in));
        return into;
    }

    static List<ParamSpec> conv(List<ParamSpec> into, String prefix, long in, long out, long kernel) {
        into.add(ParamSpec.weight(prefix + ".weight", false, out, in, kernel, kernel));
        into.add(ParamSpec.bias(prefix + ".bias", false, out, (int) (in * kernel * kernel)));
        return into;
    }

    static List<ParamSpec> newList() {
        return new ArrayList<>();
    }
}
