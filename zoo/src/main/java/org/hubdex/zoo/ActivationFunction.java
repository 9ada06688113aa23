package org.hubdex.zoo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The hidden activation of a network, named as Hugging Face configs name it ({@code hidden_act}). */
public enum ActivationFunction {
    RELU("relu"),
    GELU("gelu"),
    TANH("tanh");

    private final String id;

    ActivationFunction(String id) {
        this.id = id;
    }

    /** The name in {@code config.json} and the manifest. */
    @JsonValue
    public String id() {
        return id;
    }

    /** The activation whose {@link #id()} is {@code id}. */
    @JsonCreator
    public static ActivationFunction fromId(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown activation '" + id + "'; expected one of "
                        + Arrays.stream(values()).map(ActivationFunction::id).toList()));
    }
}
