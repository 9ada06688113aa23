package org.hubdex.trainer.corpus.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import org.hubdex.trainer.corpus.CorruptCorpusException;
import org.hubdex.trainer.corpus.ModelFacts;

/**
 * One line of the corpus index ({@code index.jsonl}): the (model, sha) of a stored entry and what deciding which
 * revision of a model is current needs, so that opening the corpus reads one file, not every entry's facts.
 *
 * @param modelId the model
 * @param sha the revision
 * @param lastModified the revision's commit time as the hub reported it, when known
 * @param ingestedAt when the entry was stored
 * @param source where its tokens came from
 */
public record IndexLine(String modelId, String sha, Optional<Instant> lastModified, Instant ingestedAt, ModelFacts.SourceKind source) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public IndexLine {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(sha, "sha");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(ingestedAt, "ingestedAt");
        Objects.requireNonNull(source, "source");
    }

    /** The index line of an entry with these facts. */
    public static IndexLine of(ModelFacts facts) {
        return new IndexLine(facts.modelId(), facts.sha(), facts.lastModified(), facts.ingestedAt(), facts.source().kind());
    }

    /** {@code modelId@sha}. */
    public String key() {
        return modelId + "@" + sha;
    }

    /** One line of JSON, with its {@code \n}. */
    public byte[] toJsonLine() {
        ObjectNode o = JSON.createObjectNode();
        o.put("modelId", modelId);
        o.put("sha", sha);
        o.put("lastModified", lastModified.map(Instant::toString).orElse(null));
        o.put("ingestedAt", ingestedAt.toString());
        o.put("source", source.name().toLowerCase(java.util.Locale.ROOT));
        return (o.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses one line (without its {@code \n}).
     *
     * @throws CorruptCorpusException naming {@code where} when it is not an index line
     */
    public static IndexLine parse(String line, String where) {
        try {
            JsonNode o = JSON.readTree(line);
            if (o == null || !o.isObject() || !o.path("modelId").isTextual() || !o.path("sha").isTextual()
                    || !o.path("ingestedAt").isTextual() || !o.path("source").isTextual()) {
                throw new CorruptCorpusException(where + " is not an index line (modelId, sha, ingestedAt, source): " + line);
            }
            JsonNode lm = o.get("lastModified");
            return new IndexLine(o.get("modelId").textValue(), o.get("sha").textValue(),
                    lm == null || lm.isNull() ? Optional.empty() : Optional.of(Instant.parse(lm.asText())),
                    Instant.parse(o.get("ingestedAt").textValue()),
                    ModelFacts.SourceKind.valueOf(o.get("source").textValue().toUpperCase(java.util.Locale.ROOT)));
        } catch (IOException | DateTimeParseException | IllegalArgumentException e) {
            throw new CorruptCorpusException(where + " is not an index line: " + line + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Whether this revision supersedes {@code other} (of the same model) for training: the later commit when the hub
     * dated both and they differ, else the one stored later (the index order breaks a tie in favour of this line,
     * the later one).
     */
    public boolean supersedes(IndexLine other) {
        if (lastModified.isPresent() && other.lastModified.isPresent() && !lastModified.get().equals(other.lastModified.get())) {
            return lastModified.get().isAfter(other.lastModified.get());
        }
        return !ingestedAt.isBefore(other.ingestedAt);
    }
}
