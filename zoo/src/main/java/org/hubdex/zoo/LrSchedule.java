package org.hubdex.zoo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** How the learning rate moves over a training run: constant, or cosine decay to 1% of its start over all steps. */
public enum LrSchedule {
    CONSTANT("constant"),
    COSINE("cosine");

    private final String id;

    LrSchedule(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static LrSchedule fromId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown schedule '" + id + "'; expected one of "
                        + Arrays.stream(values()).map(LrSchedule::id).toList()));
    }
}
