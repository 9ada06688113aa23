package org.hubdex.zoo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * An architecture family of the zoo: a real hub mixes a few of them, and every model of a tree shares its
 * root's family (a fine-tune keeps the body and replaces only the head).
 *
 * <p>Parameter names follow PyTorch's {@code state_dict} conventions and layouts (convolution weights
 * {@code [out, in, kh, kw]}, linear weights {@code [out, in]}); the exact names and shapes of each family
 * are listed in {@code zoo/README.md}. Input is one 28x28 grey image normalized to [-1, 1].
 */
public enum Family {
    /**
     * The public model zoos' small CNN: Conv(1,8,5) - MaxPool2 - act - Conv(8,6,5) - MaxPool2 - act -
     * Conv(6,4,2) - act - Flatten - Linear(36,20) - act - Linear(20,classes); 2,464 parameters with 10 classes.
     */
    CNN_SMALL("cnn-small", "SmallCnn"),
    /** A wider CNN of the same shape: Conv(1,16,5), Conv(16,32,5), Conv(32,16,2), Linear(144,64), Linear(64,classes). */
    CNN_WIDE("cnn-wide", "WideCnn"),
    /** A multi-layer perceptron: Linear(784,128) - act - Linear(128,64) - act - Linear(64,classes). */
    MLP("mlp", "Mlp"),
    /**
     * A tiny vision transformer: 7x7 patches (16 tokens plus a class token), width 48, 2 pre-norm encoder
     * blocks with 4 heads and an MLP of 96, final LayerNorm, linear head on the class token.
     */
    VIT_TINY("vit-tiny", "TinyViT");

    private final String id;
    private final String architecture;

    Family(String id, String architecture) {
        this.id = id;
        this.architecture = architecture;
    }

    /** The family's short name, used in model names, {@code config.json} and the manifest (e.g. {@code cnn-small}). */
    @JsonValue
    public String id() {
        return id;
    }

    /** The class name written to {@code config.json}'s {@code architectures}. */
    public String architecture() {
        return architecture;
    }

    /** The family whose {@link #id()} is {@code id}. */
    @JsonCreator
    public static Family fromId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown family '" + id + "'; expected one of "
                        + Arrays.stream(values()).map(Family::id).toList()));
    }
}
