package org.hubdex.hub.internal;

import java.util.Optional;

/**
 * The hub token, kept out of every string the client produces: {@link #toString()} masks it and
 * {@link #redact} scrubs it from text the server echoes before that text reaches a message or a log.
 * Immutable and thread-safe.
 */
public final class Secret {

    private static final Secret NONE = new Secret(null);
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** No token: anonymous requests. */
    public static Secret none() {
        return NONE;
    }

    /**
     * A token; blank means none.
     *
     * @throws IllegalArgumentException when it contains whitespace or control characters (it would
     *     break or inject into the {@code Authorization} header); the message does not echo it
     */
    public static Secret of(String token) {
        if (token == null || token.isBlank()) {
            return NONE;
        }
        String t = token.strip();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException("the hub token contains whitespace or a control character at position " + i
                        + " (of " + t.length() + "); copy it again from https://huggingface.co/settings/tokens");
            }
        }
        return new Secret(t);
    }

    public boolean isPresent() {
        return value != null;
    }

    /** The {@code Authorization} header value, when there is a token. */
    public Optional<String> authorizationHeader() {
        return value == null ? Optional.empty() : Optional.of("Bearer " + value);
    }

    /** {@code text} with every occurrence of the token replaced by a mask. */
    public String redact(String text) {
        if (text == null || value == null || value.length() < 4) {
            return text;
        }
        return text.replace(value, masked());
    }

    /** The token as it may be shown: {@code hf_****} or {@code (none)}. */
    public String masked() {
        if (value == null) {
            return "(none)";
        }
        return (value.startsWith("hf_") ? "hf_" : "") + "**** (set, " + value.length() + " characters)";
    }

    @Override
    public String toString() {
        return masked();
    }
}
