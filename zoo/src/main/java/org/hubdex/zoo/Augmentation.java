package org.hubdex.zoo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * A training-time image augmentation, applied per image with the model's own seeded random source:
 * horizontal flip (probability 1/2), a random shift of up to 2 pixels in each direction (the uncovered border
 * is background), or Gaussian pixel noise (standard deviation 0.1 in normalized units).
 */
public enum Augmentation {
    HFLIP("hflip"),
    SHIFT("shift"),
    NOISE("noise");

    private final String id;

    Augmentation(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static Augmentation fromId(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown augmentation '" + id + "'; expected one of "
                        + Arrays.stream(values()).map(Augmentation::id).toList()));
    }
}
