package org.hubdex.weightspace.text;

import java.util.List;
import java.util.Objects;

/**
 * The input checks every {@link TextEncoder} makes before touching its model, so that a caller's mistake is
 * a clear {@link IllegalArgumentException} or {@link NullPointerException}, never a native error or a
 * meaningless vector.
 */
final class TextArguments {

    private TextArguments() {}

    /** {@code text}, checked: not null, not empty, not blank. */
    static String requireText(String text) {
        Objects.requireNonNull(text, "text must not be null");
        if (text.isBlank()) {
            throw new IllegalArgumentException("text must not be empty or blank, got \"" + text
                    + "\" (" + text.length() + " chars): a blank text has no meaning to embed");
        }
        return text;
    }

    /** {@code texts}, checked element by element; a failure names the index of the offending text. */
    static List<String> requireTexts(List<String> texts) {
        Objects.requireNonNull(texts, "texts must not be null");
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new NullPointerException("texts[" + i + "] must not be null");
            }
            if (text.isBlank()) {
                throw new IllegalArgumentException("texts[" + i + "] must not be empty or blank, got \"" + text
                        + "\" (" + text.length() + " chars): a blank text has no meaning to embed");
            }
        }
        return texts;
    }
}
