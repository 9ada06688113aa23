package org.hubdex.localhub.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The YAML front matter of a model card ({@code README.md} between a first line {@code ---} and the
 * next {@code ---}), as JSON-ready values: maps, lists, strings, numbers, booleans (dates become
 * ISO strings). A string-or-list field keeps the form it was written in, as the hub's
 * {@code cardData} does. Immutable; a card without front matter, or with YAML that does not parse
 * (logged), is {@link #EMPTY}.
 *
 * @param frontMatter the parsed front matter, in the order written
 */
public record ModelCard(Map<String, Object> frontMatter) {

    private static final Logger LOG = LoggerFactory.getLogger(ModelCard.class);

    /** No card or no front matter. */
    public static final ModelCard EMPTY = new ModelCard(Map.of());

    public ModelCard {
        frontMatter = Collections.unmodifiableMap(new LinkedHashMap<>(frontMatter));
    }

    /** Parses the front matter of a card's text; {@code resource} names it in log messages. */
    public static ModelCard parse(String text, String resource) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] lines = t.split("\r?\n", -1);
        if (lines.length < 2 || !lines[0].strip().equals("---")) {
            return EMPTY;
        }
        int end = -1;
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].strip().equals("---")) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            LOG.warn("{}: front matter opened with --- is never closed; ignoring it", resource);
            return EMPTY;
        }
        String yaml = String.join("\n", java.util.Arrays.asList(lines).subList(1, end));
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(50);
            Object parsed = new Yaml(new SafeConstructor(options)).load(yaml);
            if (parsed == null) {
                return EMPTY;
            }
            if (!(parsed instanceof Map<?, ?> map)) {
                LOG.warn("{}: front matter is not a mapping but {}; ignoring it", resource, parsed.getClass().getSimpleName());
                return EMPTY;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> json = (Map<String, Object>) toJsonValue(map);
            return new ModelCard(json);
        } catch (YAMLException e) {
            LOG.warn("{}: front matter is not valid YAML ({}); ignoring it", resource, e.getMessage().lines().findFirst().orElse(""));
            return EMPTY;
        }
    }

    private static Object toJsonValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), toJsonValue(val)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(e -> out.add(toJsonValue(e)));
            return out;
        }
        if (v instanceof Date d) {
            return d.toInstant().toString();
        }
        if (v instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        if (v instanceof java.util.Set<?> s) {
            return new ArrayList<>(s.stream().map(ModelCard::toJsonValue).toList());
        }
        return v;
    }

    /** A string-or-list field as a list of non-blank strings (empty when absent). */
    public List<String> stringOrList(String key) {
        Object v = frontMatter.get(key);
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object e : l) {
                if (e != null && !(e instanceof Map) && !(e instanceof List) && !String.valueOf(e).isBlank()) {
                    out.add(String.valueOf(e).strip());
                }
            }
        } else if (v != null && !(v instanceof Map) && !String.valueOf(v).isBlank()) {
            out.add(String.valueOf(v).strip());
        }
        return out;
    }

    /** A single string field, if present and not blank. */
    public Optional<String> string(String key) {
        Object v = frontMatter.get(key);
        if (v == null || v instanceof Map || v instanceof List || String.valueOf(v).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(String.valueOf(v).strip());
    }

    public boolean isEmpty() {
        return frontMatter.isEmpty();
    }
}
