package org.hubdex.weightspace.tokenize;

/**
 * Tokens {@code [start, end)} of one layer, numbered within the layer.
 *
 * @param start first token, inclusive
 * @param end last token, exclusive
 */
public record TokenRange(long start, long end) {
    public TokenRange {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("token range must be non-empty and non-negative, got [" + start + ", " + end + ")");
        }
    }

    public long length() {
        return end - start;
    }
}
