package org.hubdex.weightspace.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A backbone's parameter tensors on a device, by layout name, plus the constant the bias-free layer norms need
 * (PyTorch's {@code layer_norm} takes a bias tensor; a zero one stands in for "no bias").
 *
 * <p>The tensors belong to the manager given at construction; whoever owns that manager closes them. Read-only
 * after construction, so several threads may run forward passes over the same weights (the training loop
 * updates them in place, on its own thread).
 */
final class Weights {

    private final Map<String, NDArray> tensors;
    private final NDArray zeros;

    /**
     * Creates every tensor of {@code layout} from {@code values} in {@code manager}.
     *
     * @param trainable whether the tensors record gradients
     * @throws IllegalArgumentException if a tensor is missing or has the wrong number of values
     */
    Weights(NDManager manager, ParameterLayout layout, Map<String, float[]> values, boolean trainable) {
        Map<String, NDArray> t = new LinkedHashMap<>();
        for (ParameterLayout.Spec spec : layout.specs()) {
            float[] v = values.get(spec.name());
            if (v == null || v.length != spec.numel()) {
                throw new IllegalArgumentException("parameter " + spec.name() + " needs " + spec.numel() + " values, got "
                        + (v == null ? "none" : v.length));
            }
            NDArray array = manager.create(v, new Shape(spec.shape()));
            array.setName(spec.name());
            if (trainable) {
                array.setRequiresGradient(true);
            }
            t.put(spec.name(), array);
        }
        this.tensors = Collections.unmodifiableMap(t);
        this.zeros = manager.zeros(new Shape(layout.config().dModel()));
    }

    NDArray get(String name) {
        NDArray array = tensors.get(name);
        if (array == null) {
            throw new IllegalStateException("no parameter " + name);
        }
        return array;
    }

    /** A zero vector of width {@code dModel}: the bias of a bias-free layer norm. */
    NDArray zeroBias() {
        return zeros;
    }

    /** Every tensor in layout order. */
    Map<String, NDArray> all() {
        return tensors;
    }

    /** Copies every tensor back to Java arrays, in layout order. */
    Map<String, float[]> toArrays() {
        Map<String, float[]> out = new LinkedHashMap<>();
        tensors.forEach((name, array) -> out.put(name, array.toFloatArray()));
        return out;
    }
}
