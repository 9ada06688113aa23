package org.hubdex.zoo.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import java.util.Map;
import org.hubdex.zoo.ActivationFunction;
import org.hubdex.zoo.Family;

/**
 * The zoo CNNs: {@code features} = Conv(1,c1,5) - MaxPool2 - act - Conv(c1,c2,5) - MaxPool2 - act -
 * Conv(c2,c3,2) - act (PyTorch indices 0, 3, 6), then {@code classifier} = Linear(c3*9, hidden) - act -
 * Linear(hidden, classes) (indices 0 and 2). With (8, 6, 4, 20) and 10 classes this is the public zoos' small
 * CNN of 2,464 parameters. Pooling before the activation equals pooling after it for monotonic activations.
 */
final class Cnn extends Network {

    private static final Shape POOL = new Shape(2, 2);
    private static final Shape NO_PAD = new Shape(0, 0);

    private final Family family;
    private final List<ParamSpec> params;

    Cnn(Family family, int numClasses, ActivationFunction activation, int c1, int c2, int c3, int hidden) {
        super(numClasses, activation);
        this.family = family;
        List<ParamSpec> p = newList();
        conv(p, "features.0", 1, c1, 5);
        conv(p, "features.3", c1, c2, 5);
        conv(p, "features.6", c2, c3, 2);
        linear(p, "classifier.0", c3 * 9L, hidden, false);
        linear(p, "classifier.2", hidden, numClasses, true);
        this.params = List.copyOf(p);
    }

    @Override
    public Family family() {
        return family;
    }

    @Override
    public List<ParamSpec> params() {
        return params;
    }

    @Override
    public List<List<String>> freezeOptions() {
        return List.of(List.of("features.0."), List.of("features."), List.of("features.", "classifier.0."));
    }

    @Override
    public NDArray forward(NDArray images, Map<String, NDArray> p) {
        boolean grad1 = trainable(p, "features.0");
        boolean grad2 = grad1 || trainable(p, "features.3");
        NDArray x = ConvOps.conv2d(images, p.get("features.0.weight"), p.get("features.0.bias"), 1, false);
        x = activate(Pool.maxPool2d(x, POOL, POOL, NO_PAD, false));
        x = ConvOps.conv2d(x, p.get("features.3.weight"), p.get("features.3.bias"), 1, grad1);
        x = activate(Pool.maxPool2d(x, POOL, POOL, NO_PAD, false));
        x = activate(ConvOps.conv2d(x, p.get("features.6.weight"), p.get("features.6.bias"), 1, grad2));
        x = x.reshape(x.getShape().get(0), -1);
        x = activate(Linear.linear(x, p.get("classifier.0.weight"), p.get("classifier.0.bias")).head());
        return Linear.linear(x, p.get("classifier.2.weight"), p.get("classifier.2.bias")).head();
    }

    private static boolean trainable(Map<String, NDArray> p, String layer) {
        return p.get(layer + ".weight").hasGradient() || p.get(layer + ".bias").hasGradient();
    }
}
