package org.hubdex.zoo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * How freshly created weights are initialized (biases and norms follow PyTorch's defaults): PyTorch's default
 * Kaiming-uniform ({@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))}), Kaiming-normal ({@code N(0, 2/fan_in)}),
 * Xavier-uniform, or timm's truncated normal with standard deviation 0.02 (the transformer default). Fine-tunes
 * initialize only their new head this way.
 */
public enum InitKind {
    KAIMING_UNIFORM("kaiming_uniform"),
    KAIMING_NORMAL("kaiming_normal"),
    XAVIER_UNIFORM("xavier_uniform"),
    TRUNC_NORMAL("trunc_normal");

    private final String id;

    InitKind(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static InitKind fromId(String id) {
        return Arrays.stream(values()).filter(i -> i.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown init '" + id + "'; expected one of "
                        + Arrays.stream(values()).map(InitKind::id).toList()));
    }
}
