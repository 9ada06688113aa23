package org.hubdex.zoo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** Where a model sits in its tree. */
public enum ModelRole {
    /** A root pre-trained on all 10 classes; the tree is named after it. */
    BASE("base"),
    /** A fine-tune of a base model or of another fine-tune, with a new head for its class subset. */
    FINETUNE("finetune"),
    /** Trained from scratch on a class subset, nobody's child (a tree of one). */
    SCRATCH("scratch");

    private final String id;

    ModelRole(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static ModelRole fromId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown role '" + id + "'; expected one of "
                        + Arrays.stream(values()).map(ModelRole::id).toList()));
    }
}
