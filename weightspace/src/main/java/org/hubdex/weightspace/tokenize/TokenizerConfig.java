package org.hubdex.weightspace.tokenize;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Settings of the dense tokenizer; immutable. Start from {@link #builder()} or {@link #DEFAULT}.
 *
 * <p>Token sequences are what {@code hub.weight-tokens} carries, so {@link #maxTokens} bounds both the
 * download and the message: a model with more tokens than that is represented by a sample of
 * {@link #windowTokens}-token windows (see {@link WindowSampler}). With the defaults a record holds at most
 * 4,096 x 128 values (2 MiB as float32), well under the topic's 16 MiB message limit.
 *
 * @param tokenSize values per token (default 128)
 * @param maxTokens most tokens in one record; more and the model is sampled (default 4,096)
 * @param windowTokens tokens per sampled window (default 64, the backbone's training window for small CNNs)
 * @param precision how token values are stored (default float32: exact for the zoo's dtypes)
 * @param maxProbeXElements largest ProbeX matrix carried whole (default 1,048,576 values, 4 MiB as float32)
 * @param probeXLayer when present, the ProbeX layer is the first layer (in model order) whose name matches;
 *     when absent the default rule of {@link ProbeXLayerSelector} applies
 * @param statsSampleLimit layers with more values than this get their quantiles from an evenly strided
 *     sample of this many values (mean and std always use every value read)
 */
public record TokenizerConfig(int tokenSize, int maxTokens, int windowTokens, TokenPrecision precision,
        int maxProbeXElements, Optional<Pattern> probeXLayer, int statsSampleLimit) {

    /** The version of the tokenization rules; records of different versions are not comparable. */
    public static final String TOKENIZER_VERSION = "dense-v1";

    public static final TokenizerConfig DEFAULT = builder().build();

    public TokenizerConfig {
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(probeXLayer, "probeXLayer");
        if (tokenSize < 1 || tokenSize > 65_536) {
            throw new IllegalArgumentException("tokenSize must be between 1 and 65536, got " + tokenSize);
        }
        if (windowTokens < 1) {
            throw new IllegalArgumentException("windowTokens must be at least 1, got " + windowTokens);
        }
        if (maxTokens < windowTokens) {
            throw new IllegalArgumentException("maxTokens (" + maxTokens + ") must be at least windowTokens ("
                    + windowTokens + "): a sampled model gets whole windows");
        }
        if ((long) maxTokens * tokenSize > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("maxTokens x tokenSize = " + (long) maxTokens * tokenSize
                    + " values is more than one record can carry; lower maxTokens");
        }
        if (maxProbeXElements < 0) {
            throw new IllegalArgumentException("maxProbeXElements must not be negative, got " + maxProbeXElements);
        }
        if (statsSampleLimit < 100) {
            throw new IllegalArgumentException("statsSampleLimit must be at least 100, got " + statsSampleLimit);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.tokenSize = tokenSize;
        b.maxTokens = maxTokens;
        b.windowTokens = windowTokens;
        b.precision = precision;
        b.maxProbeXElements = maxProbeXElements;
        b.probeXLayer = probeXLayer.orElse(null);
        b.statsSampleLimit = statsSampleLimit;
        return b;
    }

    /** Most values in one record. */
    public long maxValues() {
        return (long) maxTokens * tokenSize;
    }

    /** Short description for logs. */
    public String describe() {
        return "tokenizer " + TOKENIZER_VERSION + ": tokens of " + tokenSize + " " + precision + ", at most " + maxTokens
                + " (windows of " + windowTokens + " when sampled), ProbeX layer "
                + probeXLayer.map(p -> "matching /" + p.pattern() + "/").orElse("by the default rule")
                + " up to " + maxProbeXElements + " values";
    }

    /** Builder of {@link TokenizerConfig}; every field is optional. */
    public static final class Builder {
        private int tokenSize = 128;
        private int maxTokens = 4096;
        private int windowTokens = 64;
        private TokenPrecision precision = TokenPrecision.FLOAT32;
        private int maxProbeXElements = 1 << 20;
        private Pattern probeXLayer;
        private int statsSampleLimit = 1 << 14;

        private Builder() {
        }

        public Builder optTokenSize(int tokenSize) {
            this.tokenSize = tokenSize;
            return this;
        }

        public Builder optMaxTokens(int maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        public Builder optWindowTokens(int windowTokens) {
            this.windowTokens = windowTokens;
            return this;
        }

        public Builder optPrecision(TokenPrecision precision) {
            this.precision = precision;
            return this;
        }

        public Builder optMaxProbeXElements(int maxProbeXElements) {
            this.maxProbeXElements = maxProbeXElements;
            return this;
        }

        /** A regular expression (Java syntax, found anywhere in the name) choosing the ProbeX layer. */
        public Builder optProbeXLayer(String regex) {
            try {
                this.probeXLayer = regex == null || regex.isBlank() ? null : Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("ProbeX layer pattern is not a valid regular expression: " + e.getMessage(), e);
            }
            return this;
        }

        public Builder optStatsSampleLimit(int statsSampleLimit) {
            this.statsSampleLimit = statsSampleLimit;
            return this;
        }

        public TokenizerConfig build() {
            return new TokenizerConfig(tokenSize, maxTokens, windowTokens, precision, maxProbeXElements,
                    Optional.ofNullable(probeXLayer), statsSampleLimit);
        }
    }
}
