package org.hubdex.indexer.index;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.hubdex.schemas.avro.CardData;
import org.hubdex.schemas.avro.CategoryScore;
import org.hubdex.schemas.avro.ModelEmbedding;
import org.hubdex.schemas.avro.ModelEvent;

/**
 * One model as indexed in the index of one model version: metadata from the model's latest {@code hub.model-events}
 * record, embedding fields from its {@code hub.model-embeddings} record of that version. Either half may be missing:
 * a model whose embedding has not arrived is indexed with metadata only (found by BM25 and filters, not by kNN) and
 * completed when the embedding arrives; a model whose event has not arrived is indexed with the embedding only
 * (found by kNN) and gets its metadata when the event arrives. Immutable; built by the pure merge functions
 * {@link #mergeEvent} and {@link #mergeEmbedding}, so the order the two topics are read in does not matter.
 *
 * <p>{@link #eventVersion} is the Elasticsearch external version the document is written with: the event's
 * {@code lastModified} millis (its {@code observedAt} when the hub gave none), or {@link #NO_EVENT_VERSION} for an
 * embedding-only document, so any event later outranks it. Documents are written with {@code external_gte}: an
 * equal version (the same revision completed by its embedding, or re-crawled metadata) overwrites, a smaller one
 * (an older revision) is refused by Elasticsearch.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelDocument(
        String id,
        String hubUrl,
        String author,
        String sha,
        List<String> baseModels,
        List<String> tags,
        String pipelineTag,
        String library,
        String license,
        Long createdAt,
        Long lastModified,
        Long parameterTotal,
        String cardText,
        long eventVersion,
        String modelVersion,
        String embeddingSha,
        String tree,
        List<String> categories,
        List<Score> categoryScores,
        String routingMethod,
        Float routingConfidence,
        Long embeddedAt,
        List<Float> backbone,
        List<Float> text) {

    /** The external version of a document no event has reached yet. */
    public static final long NO_EVENT_VERSION = 1L;

    /** One predicted category and its probability. */
    public record Score(String category, double probability) {
    }

    /** The external version an event is written with: lastModified millis, else observedAt. */
    public static long externalVersion(ModelEvent event) {
        long v = event.getLastModified() != null ? event.getLastModified().toEpochMilli() : event.getObservedAt().toEpochMilli();
        return Math.max(NO_EVENT_VERSION + 1, v);
    }

    /** True when the document has the embedding half. */
    public boolean hasEmbedding() {
        return modelVersion != null;
    }

    /** True when the document has the metadata half. */
    public boolean hasEvent() {
        return eventVersion > NO_EVENT_VERSION;
    }

    /**
     * The document after {@code event}: its metadata replaces the existing metadata, the embedding half (if any)
     * is kept. The result carries the event's version; if that is older than {@code existing}'s, Elasticsearch
     * refuses the write, which is what should happen.
     */
    public static ModelDocument mergeEvent(ModelDocument existing, ModelEvent e) {
        CardData card = e.getCardData();
        List<String> base = card == null ? List.of() : strings(card.getBaseModels());
        ModelDocument emb = existing == null ? null : existing;
        return new ModelDocument(e.getModelId(), e.getHubUrl(), e.getAuthor(), e.getSha(), base, strings(e.getTags()),
                e.getPipelineTag(), e.getLibraryName(), card == null ? null : card.getLicense(),
                e.getCreatedAt() == null ? null : e.getCreatedAt().toEpochMilli(),
                e.getLastModified() == null ? null : e.getLastModified().toEpochMilli(),
                e.getParameterTotal(), cardText(e), externalVersion(e),
                emb == null ? null : emb.modelVersion, emb == null ? null : emb.embeddingSha, emb == null ? null : emb.tree,
                emb == null ? null : emb.categories, emb == null ? null : emb.categoryScores,
                emb == null ? null : emb.routingMethod, emb == null ? null : emb.routingConfidence,
                emb == null ? null : emb.embeddedAt, emb == null ? null : emb.backbone, emb == null ? null : emb.text);
    }

    /**
     * The document after {@code embedding}, or {@code existing} unchanged when the embedding does not belong: it is
     * for another revision than the document's event while the document already holds an embedding (an older
     * revision's embedding never replaces one). The metadata half and its version are kept.
     */
    public static ModelDocument mergeEmbedding(ModelDocument existing, ModelEmbedding m) {
        if (existing != null && existing.sha != null && existing.hasEmbedding() && !existing.sha.equals(m.getSha().toString())) {
            return existing;
        }
        List<Score> scores = new ArrayList<>();
        List<String> cats = new ArrayList<>();
        for (CategoryScore c : m.getCategories()) {
            scores.add(new Score(c.getCategory().toString(), c.getProbability()));
            cats.add(c.getCategory().toString());
        }
        ModelDocument x = existing == null
                ? new ModelDocument(m.getModelId().toString(), null, null, null, null, null, null, null, null, null, null, null,
                        null, NO_EVENT_VERSION, null, null, null, null, null, null, null, null, null, null)
                : existing;
        return new ModelDocument(x.id, x.hubUrl, x.author, x.sha, x.baseModels, x.tags, x.pipelineTag, x.library, x.license,
                x.createdAt, x.lastModified, x.parameterTotal, x.cardText, x.eventVersion,
                m.getModelVersion().toString(), m.getSha().toString(), m.getTree() == null ? null : m.getTree().toString(),
                cats, scores, m.getRouting().getMethod().name(), (float) m.getRouting().getConfidence(),
                m.getEmbeddedAt().toEpochMilli(), floats(m.getBackbone()), m.getTextEmbedding() == null ? null : floats(m.getTextEmbedding()));
    }

    /**
     * The searchable text of a model. The event carries no card prose, so this is built from what the event has:
     * the id's words, author, pipeline tag, library, tags, base models, datasets, languages and license.
     * TODO(card prose): fill from the card body once a topic or store carries it (the trainer's corpus has it).
     */
    static String cardText(ModelEvent e) {
        Set<String> parts = new LinkedHashSet<>();
        String id = e.getModelId().toString();
        parts.add(id);
        parts.add(id.replaceAll("[/_.-]+", " "));
        add(parts, e.getAuthor());
        add(parts, e.getPipelineTag());
        if (e.getPipelineTag() != null) {
            parts.add(e.getPipelineTag().toString().replace('-', ' '));
        }
        add(parts, e.getLibraryName());
        e.getTags().forEach(t -> add(parts, t));
        CardData c = e.getCardData();
        if (c != null) {
            c.getBaseModels().forEach(t -> add(parts, t));
            c.getDatasets().forEach(t -> add(parts, t));
            c.getLanguages().forEach(t -> add(parts, t));
            add(parts, c.getLicense());
        }
        return String.join(" ", parts);
    }

    private static void add(Set<String> parts, CharSequence s) {
        if (s != null && !s.toString().isBlank()) {
            parts.add(s.toString());
        }
    }

    private static List<String> strings(List<? extends CharSequence> in) {
        return in == null ? List.of() : in.stream().map(Objects::toString).toList();
    }

    private static List<Float> floats(List<Float> in) {
        return List.copyOf(in);
    }
}
