package org.hubdex.zoo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The optimizer a model was trained with (DJL's Adam, AdamW with decoupled weight decay, or SGD with momentum 0.9). */
public enum OptimizerKind {
    ADAM("adam"),
    ADAMW("adamw"),
    SGD("sgd");

    private final String id;

    OptimizerKind(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static OptimizerKind fromId(String id) {
        return Arrays.stream(values()).filter(o -> o.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown optimizer '" + id + "'; expected one of "
                        + Arrays.stream(values()).map(OptimizerKind::id).toList()));
    }
}
