package org.hubdex.zoo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * How a repository documents itself, in the ways real hub models do or fail to.
 *
 * <ul>
 *   <li>{@link #DOCUMENTED}: a card with YAML front matter ({@code base_model} for fine-tunes,
 *       {@code datasets: fashion_mnist}, license, tags) and prose naming the classes; {@code config.json}
 *       names the labels.</li>
 *   <li>{@link #NO_BASE_MODEL}: a card that names the classes but not the base model (no {@code base_model});
 *       labels named.</li>
 *   <li>{@link #VAGUE}: a card (with {@code base_model} when there is one) that says nothing about the
 *       classes; labels are {@code LABEL_0..n}.</li>
 *   <li>{@link #NO_CARD}: no {@code README.md} at all; labels are {@code LABEL_0..n}.</li>
 * </ul>
 */
public enum CardStyle {
    DOCUMENTED("documented"),
    NO_BASE_MODEL("no-base-model"),
    VAGUE("vague"),
    NO_CARD("no-card");

    private final String id;

    CardStyle(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** Whether the card documents both the lineage and the classes. */
    public boolean documented() {
        return this == DOCUMENTED;
    }

    /** Whether {@code config.json}'s {@code id2label} names the classes (otherwise {@code LABEL_i}). */
    public boolean namesLabels() {
        return this == DOCUMENTED || this == NO_BASE_MODEL;
    }

    @JsonCreator
    public static CardStyle fromId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown card style '" + id + "'; expected one of "
                        + Arrays.stream(values()).map(CardStyle::id).toList()));
    }
}
