package org.hubdex.trainer.corpus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A model card ({@code README.md}) split as the hub splits it: the YAML front matter between a first line {@code ---}
 * and the next {@code ---}, and the Markdown after it, the card text the trainer's text side reads. A card without
 * front matter is all text; front matter that is never closed, is not YAML or not a mapping is ignored (logged) and
 * the card is all text, as the hub shows it.
 *
 * @param frontMatter the front matter's fields the corpus keeps
 * @param text the Markdown after the front matter, stripped and capped; empty when blank
 */
public record ReadmeCard(CardFrontMatter frontMatter, Optional<String> text) {

    private static final Logger LOG = LoggerFactory.getLogger(ReadmeCard.class);

    public ReadmeCard {
        Objects.requireNonNull(frontMatter, "frontMatter");
        Objects.requireNonNull(text, "text");
    }

    /**
     * Parses a card's bytes (UTF-8).
     *
     * @param maxChars the longest text kept (cut at a character boundary)
     * @param resource names the card in log lines
     */
    public static ReadmeCard parse(byte[] bytes, int maxChars, String resource) {
        String all = new String(bytes, StandardCharsets.UTF_8);
        if (all.startsWith("\uFEFF")) {
            all = all.substring(1);
        }
        CardFrontMatter frontMatter = CardFrontMatter.EMPTY;
        String body = all;
        int firstEnd = lineEnd(all, 0);
        if (all.substring(0, firstEnd).strip().equals("---")) {
            int start = next(all, firstEnd);
            int close = -1;
            for (int pos = start; pos < all.length(); pos = next(all, lineEnd(all, pos))) {
                if (all.substring(pos, lineEnd(all, pos)).strip().equals("---")) {
                    close = pos;
                    break;
                }
            }
            if (close < 0) {
                LOG.warn("{}: front matter opened with --- is never closed; reading the whole card as text", resource);
            } else {
                frontMatter = frontMatter(all.substring(start, close), resource);
                body = all.substring(next(all, lineEnd(all, close)));
            }
        }
        return new ReadmeCard(frontMatter, cap(body.strip(), maxChars));
    }

    private static CardFrontMatter frontMatter(String yaml, String resource) {
        Object parsed;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(50);
            parsed = new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (YAMLException e) {
            LOG.warn("{}: front matter is not valid YAML ({}); ignoring it", resource, e.getMessage().lines().findFirst().orElse(""));
            return CardFrontMatter.EMPTY;
        }
        if (parsed == null) {
            return CardFrontMatter.EMPTY;
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            LOG.warn("{}: front matter is not a mapping but {}; ignoring it", resource, parsed.getClass().getSimpleName());
            return CardFrontMatter.EMPTY;
        }
        return new CardFrontMatter(stringOrList(map.get("base_model")), string(map.get("base_model_relation")),
                stringOrList(map.get("datasets")), stringOrList(map.get("license")), stringOrList(map.get("tags")),
                string(map.get("pipeline_tag")), string(map.get("library_name")));
    }

    private static Optional<String> string(Object v) {
        if (v == null || v instanceof Map<?, ?> || v instanceof Collection<?>) {
            return Optional.empty();
        }
        String s = String.valueOf(v).strip();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    private static List<String> stringOrList(Object v) {
        if (v instanceof Collection<?> c) {
            List<String> out = new ArrayList<>();
            for (Object e : c) {
                string(e).ifPresent(out::add);
            }
            return out;
        }
        return string(v).map(List::of).orElse(List.of());
    }

    /** Index of the end of the line starting at {@code pos} (its {@code \r\n} or {@code \n}, or the end). */
    private static int lineEnd(String s, int pos) {
        int nl = s.indexOf('\n', pos);
        if (nl < 0) {
            return s.length();
        }
        return nl > pos && s.charAt(nl - 1) == '\r' ? nl - 1 : nl;
    }

    /** Index of the start of the line after the one ending at {@code lineEnd}. */
    private static int next(String s, int lineEnd) {
        if (lineEnd >= s.length()) {
            return s.length();
        }
        return s.charAt(lineEnd) == '\r' ? Math.min(lineEnd + 2, s.length()) : lineEnd + 1;
    }

    private static Optional<String> cap(String text, int maxChars) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.length() <= maxChars) {
            return Optional.of(text);
        }
        int end = maxChars;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return end == 0 ? Optional.empty() : Optional.of(text.substring(0, end));
    }
}
