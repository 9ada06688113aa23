package org.hubdex.zoo.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;
import java.util.List;
import java.util.Map;
import org.hubdex.zoo.ActivationFunction;
import org.hubdex.zoo.Family;

/** The zoo MLP: {@code layers} = Linear(784, h1) - act - Linear(h1, h2) - act - Linear(h2, classes) (indices 0, 2, 4). */
final class Mlp extends Network {

    private final List<ParamSpec> params;

    Mlp(int numClasses, ActivationFunction activation, int h1, int h2) {
        super(numClasses, activation);
        List<ParamSpec> p = newList();
        linear(p, "layers.0", 784, h1, false);
        linear(p, "layers.2", h1, h2, false);
        linear(p, "layers.4", h2, numClasses, true);
        this.params = List.copyOf(p);
    }

    @Override
    public Family family() {
        return Family.MLP;
    }

    @Override
    public List<ParamSpec> params() {
        return params;
    }

    @Override
    public List<List<String>> freezeOptions() {
        return List.of(List.of("layers.0."), List.of("layers.0.", "layers.2."));
    }

    @Override
    public NDArray forward(NDArray images, Map<String, NDArray> p) {
        NDArray x = images.reshape(images.getShape().get(0), 784);
        x = activate(Linear.linear(x, p.get("layers.0.weight"), p.get("layers.0.bias")).head());
        x = activate(Linear.linear(x, p.get("layers.2.weight"), p.get("layers.2.bias")).head());
        return Linear.linear(x, p.get("layers.4.weight"), p.get("layers.4.bias")).head();
    }
}
