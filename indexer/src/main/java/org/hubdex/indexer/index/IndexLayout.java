package org.hubdex.indexer.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.mapping.DenseVectorIndexOptionsType;
import co.elastic.clients.elasticsearch._types.mapping.DenseVectorSimilarity;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.elasticsearch.indices.GetAliasResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where and how model documents live in Elasticsearch: one index per embedder model version, named
 * {@code <alias>-<version lowercased, unsafe characters as '-'>}, e.g. {@code hubdex-models-2026-11-25t12-00-00z},
 * reached through the alias (default {@code hubdex-models}) that points at exactly one complete index.
 *
 * <p>The mapping: {@code backbone} and {@code text} are {@code dense_vector} fields (cosine, {@code int8_hnsw}
 * quantized HNSW); {@code backbone}'s dims are configured or, when not, taken by Elasticsearch from the first
 * document; {@code text} has the text encoder's 384 dims (configurable). Facets are keywords, {@code cardText} is
 * {@code text} with the standard analyzer (this Elasticsearch distribution has no {@code english} analyzer),
 * {@code categoryScores} is a plain (not nested) object array of {category, probability}: enough to show the
 * scores; filter on the keyword field {@code categories}. Immutable and thread-safe.
 *
 * @param alias the alias search uses
 * @param backboneDims the backbone embedding's dimension, or empty to let the first document set it
 * @param textDims the text-space embedding's dimension
 */
public record IndexLayout(String alias, OptionalInt backboneDims, int textDims) {

    private static final Logger LOG = LoggerFactory.getLogger(IndexLayout.class);

    /** The default alias. */
    public static final String DEFAULT_ALIAS = "hubdex-models";

    public IndexLayout {
        if (alias == null || !alias.equals(alias.toLowerCase(Locale.ROOT)) || alias.isBlank() || alias.contains("*")) {
            throw new IllegalArgumentException("the alias must be a lowercase Elasticsearch name, got '" + alias + "'");
        }
        if (textDims < 1) {
            throw new IllegalArgumentException("textDims must be positive, got " + textDims);
        }
    }

    /** The default layout: alias {@code hubdex-models}, backbone dims from the first record, 384-d text vectors. */
    public static IndexLayout defaults() {
        return new IndexLayout(DEFAULT_ALIAS, OptionalInt.empty(), 384);
    }

    /** The index of a model version: lowercased, characters Elasticsearch refuses in names become '-'. */
    public String indexName(String modelVersion) {
        if (modelVersion == null || modelVersion.isBlank()) {
            throw new IllegalArgumentException("a model version is needed to name an index");
        }
        String safe = modelVersion.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        return alias + "-" + safe;
    }

    /** The pattern matching every index of this layout. */
    public String pattern() {
        return alias + "-*";
    }

    /** The mapping of a model index. */
    public TypeMapping mapping() {
        Map<String, Property> props = new java.util.LinkedHashMap<>();
        for (String k : List.of("id", "author", "tree", "baseModels", "tags", "categories", "pipelineTag", "library",
                "license", "routingMethod", "modelVersion", "sha", "embeddingSha", "hubUrl")) {
            props.put(k, Property.of(p -> p.keyword(x -> x)));
        }
        props.put("routingConfidence", Property.of(p -> p.float_(x -> x)));
        props.put("categoryScores", Property.of(p -> p.object(o -> o
                .properties("category", Property.of(q -> q.keyword(x -> x)))
                .properties("probability", Property.of(q -> q.float_(x -> x))))));
        props.put("cardText", Property.of(p -> p.text(t -> t.analyzer("standard"))));
        for (String d : List.of("createdAt", "lastModified", "embeddedAt")) {
            props.put(d, Property.of(p -> p.date(x -> x.format("epoch_millis"))));
        }
        props.put("parameterTotal", Property.of(p -> p.long_(x -> x)));
        props.put("eventVersion", Property.of(p -> p.long_(x -> x)));
        props.put("backbone", Property.of(p -> p.denseVector(d -> {
            d.index(true).similarity(DenseVectorSimilarity.Cosine).indexOptions(o -> o.type(DenseVectorIndexOptionsType.Int8Hnsw));
            backboneDims.ifPresent(d::dims);
            return d;
        })));
        props.put("text", Property.of(p -> p.denseVector(d -> d.dims(textDims).index(true)
                .similarity(DenseVectorSimilarity.Cosine).indexOptions(o -> o.type(DenseVectorIndexOptionsType.Int8Hnsw)))));
        return TypeMapping.of(m -> m.dynamic(co.elastic.clients.elasticsearch._types.mapping.DynamicMapping.False).properties(props));
    }

    /** Creates {@code index} (a name from {@link #indexName}) unless it exists; true when this call created it. */
    public boolean ensureIndex(ElasticsearchClient client, String index) throws IOException {
        if (client.indices().exists(e -> e.index(index)).value()) {
            return false;
        }
        try {
            client.indices().create(c -> c.index(index)
                    .settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
                    .mappings(mapping()));
            LOG.info("created index {}", index);
            return true;
        } catch (ElasticsearchException e) {
            if ("resource_already_exists_exception".equals(e.error().type())) {
                return false;
            }
            throw e;
        }
    }

    /** The indices of this layout, oldest first (by creation date). */
    public List<String> indices(ElasticsearchClient client) throws IOException {
        var got = client.indices().get(g -> g.index(pattern()).allowNoIndices(true).ignoreUnavailable(true));
        List<Map.Entry<String, Long>> byDate = new ArrayList<>();
        got.result().forEach((name, state) -> {
            Long created = state.settings() == null || state.settings().index() == null ? null : state.settings().index().creationDate();
            byDate.add(Map.entry(name, created == null ? 0L : created));
        });
        byDate.sort(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())));
        return byDate.stream().map(Map.Entry::getKey).toList();
    }

    /** The index the alias points at, if any. */
    public Optional<String> aliasTarget(ElasticsearchClient client) throws IOException {
        if (!client.indices().existsAlias(a -> a.name(alias)).value()) {
            return Optional.empty();
        }
        GetAliasResponse r = client.indices().getAlias(a -> a.name(alias));
        return r.result().keySet().stream().findFirst();
    }

    /**
     * Points the alias at {@code index} in one {@code _aliases} request (remove from every index of the layout, add to
     * the new one): search sees the old index or the new one, never none and never both.
     */
    public void swapAlias(ElasticsearchClient client, String index) throws IOException {
        Optional<String> old = aliasTarget(client);
        client.indices().updateAliases(u -> {
            old.ifPresent(o -> u.actions(a -> a.remove(r -> r.index(o).alias(alias))));
            return u.actions(a -> a.add(x -> x.index(index).alias(alias)));
        });
        LOG.info("alias {} now points at {} (was {})", alias, index, old.orElse("nothing"));
    }

    /**
     * Deletes the oldest indices of the layout beyond the newest {@code keep}; never the alias's target. Returns
     * the deleted names.
     */
    public List<String> prune(ElasticsearchClient client, int keep) throws IOException {
        List<String> all = indices(client);
        Optional<String> live = aliasTarget(client);
        List<String> deleted = new ArrayList<>();
        int excess = all.size() - Math.max(1, keep);
        for (String name : all) {
            if (excess <= 0) {
                break;
            }
            if (live.filter(name::equals).isPresent()) {
                continue;
            }
            client.indices().delete(d -> d.index(name));
            deleted.add(name);
            excess--;
        }
        if (!deleted.isEmpty()) {
            LOG.info("deleted old indices {} (keeping {})", deleted, keep);
        }
        return deleted;
    }

}
