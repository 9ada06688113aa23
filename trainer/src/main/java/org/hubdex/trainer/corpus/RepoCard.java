package org.hubdex.trainer.corpus;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a repository documents at one revision, from its {@code config.json} and {@code README.md}: the part of a
 * model's facts that the model events do not carry. Built the same way whether the files came from the hub ({@link
 * CardFetcher}) or from a repository folder ({@link ZooFolderCorpus}), by {@link #of}.
 *
 * @param hasConfig a {@code config.json} exists
 * @param classNames {@link ClassNames#fromConfig its class names}, empty when none
 * @param readme the card, when a {@code README.md} exists
 */
public record RepoCard(boolean hasConfig, List<String> classNames, Optional<ReadmeCard> readme) {

    /** The most of {@code config.json} read (an id2label of 21,843 ImageNet classes is about 1 MB). */
    public static final int CONFIG_MAX_BYTES = 8 << 20;
    /** The most of {@code README.md} read: the front matter and more text than any cap keeps. */
    public static final int README_MAX_BYTES = 1 << 20;

    public RepoCard {
        classNames = List.copyOf(classNames);
        Objects.requireNonNull(readme, "readme");
    }

    /**
     * The card of a repository whose files read as given.
     *
     * @param config the first bytes of {@code config.json} (up to one more than {@link #CONFIG_MAX_BYTES}), when it
     *     exists; a longer one counts as a config without usable class names
     * @param readme the first bytes of {@code README.md} (up to {@link #README_MAX_BYTES}), when it exists
     * @param cardMaxChars longest card text kept
     * @param resource names the repository in log lines, e.g. {@code org/name@sha}
     */
    public static RepoCard of(Optional<byte[]> config, Optional<byte[]> readme, int cardMaxChars, String resource) {
        List<String> classNames = config.map(bytes -> {
            if (bytes.length > CONFIG_MAX_BYTES) {
                org.slf4j.LoggerFactory.getLogger(RepoCard.class).warn("{}: config.json is larger than {} bytes; no class names",
                        resource, CONFIG_MAX_BYTES);
                return List.<String>of();
            }
            return ClassNames.fromConfig(bytes, resource + ":config.json");
        }).orElse(List.of());
        Optional<ReadmeCard> card = readme.map(bytes -> ReadmeCard.parse(bytes, cardMaxChars, resource + ":README.md"));
        return new RepoCard(config.isPresent(), classNames, card);
    }

    /** The card's front matter, {@link CardFrontMatter#EMPTY} without a card. */
    public CardFrontMatter frontMatter() {
        return readme.map(ReadmeCard::frontMatter).orElse(CardFrontMatter.EMPTY);
    }
}
