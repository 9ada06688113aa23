package org.hubdex.trainer.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A classifier's output classes from its {@code config.json}: {@code id2label} in model order (output unit 0 first).
 * Placeholders say nothing about the classes, so they count as no class names: a config whose labels are
 * {@code LABEL_0}, {@code LABEL_1}, ... (what transformers writes when nobody named them), blank, or whose ids are
 * not exactly {@code 0..n-1}, gives an empty list, as does a config that is not JSON (logged) or has no {@code
 * id2label}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ClassNames {

    private static final Logger LOG = LoggerFactory.getLogger(ClassNames.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("(?i)label_?\\d+");
    private static final Pattern ID = Pattern.compile("0|[1-9][0-9]{0,8}");

    private ClassNames() {
    }

    /**
     * The class names of a {@code config.json}.
     *
     * @param resource names the file in log lines
     */
    public static List<String> fromConfig(byte[] configJson, String resource) {
        JsonNode config;
        try {
            config = JSON.readTree(configJson);
        } catch (IOException e) {
            LOG.warn("{} is not valid JSON ({}); no class names", resource, e.getMessage().lines().findFirst().orElse(""));
            return List.of();
        }
        JsonNode id2label = config == null ? null : config.get("id2label");
        if (id2label == null || !id2label.isObject() || id2label.isEmpty()) {
            return List.of();
        }
        TreeMap<Integer, String> byId = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = id2label.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey().strip();
            if (!ID.matcher(key).matches() || !e.getValue().isTextual()) {
                LOG.debug("{}: id2label entry {} = {} is not a class id and name; no class names", resource, e.getKey(), e.getValue());
                return List.of();
            }
            byId.put(Integer.parseInt(key), e.getValue().textValue().strip());
        }
        if (byId.firstKey() != 0 || byId.lastKey() != byId.size() - 1) {
            LOG.debug("{}: id2label ids are not 0..{}; no class names", resource, byId.size() - 1);
            return List.of();
        }
        List<String> names = new ArrayList<>(byId.values());
        if (names.stream().anyMatch(n -> n.isEmpty() || PLACEHOLDER.matcher(n).matches())) {
            return List.of();
        }
        return List.copyOf(names);
    }
}
