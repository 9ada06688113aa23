package org.hubdex.hub;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the hub computed from a repository's safetensors headers ({@code safetensors} field): the
 * parameter count per dtype and in total. The hub omits the field for repositories without
 * safetensors weights, and sometimes for ones that have them (not yet parsed).
 *
 * @param parameters parameter count per dtype name, e.g. {@code {"F32": 2464}}
 * @param total all parameters
 */
public record SafetensorsInfo(Map<String, Long> parameters, long total) {
    public SafetensorsInfo {
        parameters = java.util.Collections.unmodifiableMap(new TreeMap<>(parameters));
        if (total < 0) {
            throw new IllegalArgumentException("a parameter count cannot be negative, got " + total);
        }
    }
}
