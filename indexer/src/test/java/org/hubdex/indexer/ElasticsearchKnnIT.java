package org.hubdex.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.mapping.DenseVectorIndexOptionsType;
import co.elastic.clients.elasticsearch._types.mapping.DenseVectorSimilarity;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.io.IOException;
import java.util.List;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.hubdex.testing.ElasticsearchHandle;
import org.hubdex.testing.RealElasticsearch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The index shape the indexer will write (a cosine {@code dense_vector} with {@code int8_hnsw} plus
 * keyword facets) against a real Elasticsearch, through the official Java client: filtered kNN must
 * return the nearest vectors among the documents the filter allows, and never a filtered-out one.
 */
@RealElasticsearch
class ElasticsearchKnnIT {

    /** A model as indexed: id, facets and its 4-d embedding (real ones are 384-d). */
    record ModelDoc(String modelId, String library, String task, List<Float> embedding) {
    }

    private static RestClient rest;
    private static ElasticsearchClient client;

    @BeforeAll
    static void connect(ElasticsearchHandle es) throws IOException {
        rest = RestClient.builder(new HttpHost(es.host(), es.port(), "http")).build();
        client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
        // this distribution has no GET /, so info() and ping() fail: cluster health is the readiness check
        HealthStatus status = client.cluster().health(h -> h.waitForStatus(HealthStatus.Yellow).timeout(t -> t.time("30s"))).status();
        assertThat(status).isIn(HealthStatus.Yellow, HealthStatus.Green);
    }

    @AfterAll
    static void close() throws IOException {
        if (rest != null) {
            rest.close();
        }
    }

    @Test
    void filteredKnnReturnsTheNearestAllowedModels(ElasticsearchHandle es) throws IOException {
        String index = es.uniqueIndexName("models");
        client.indices().create(c -> c.index(index)
                .settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
                .mappings(m -> m
                        .properties("modelId", p -> p.keyword(k -> k))
                        .properties("library", p -> p.keyword(k -> k))
                        .properties("task", p -> p.keyword(k -> k))
                        .properties("embedding", p -> p.denseVector(d -> d
                                .dims(4).index(true)
                                .similarity(DenseVectorSimilarity.Cosine)
                                .indexOptions(o -> o.type(DenseVectorIndexOptionsType.Int8Hnsw))))));

        List<ModelDoc> docs = List.of(
                // the nearest of all to the query, but a timm model: the filter must drop it
                new ModelDoc("timm/vit_base_patch16_224", "timm", "image-classification", vec(1.0f, 0.0f, 0.0f, 0.0f)),
                new ModelDoc("google/vit-base-patch16-224", "transformers", "image-classification", vec(0.95f, 0.05f, 0.0f, 0.0f)),
                new ModelDoc("microsoft/resnet-50", "transformers", "image-classification", vec(0.8f, 0.3f, 0.0f, 0.0f)),
                new ModelDoc("facebook/convnext-tiny-224", "transformers", "image-classification", vec(0.5f, 0.5f, 0.2f, 0.0f)),
                new ModelDoc("bert-base-uncased", "transformers", "fill-mask", vec(0.97f, 0.02f, 0.0f, 0.01f)),
                new ModelDoc("openai/clip-vit-base-patch32", "transformers", "zero-shot-image-classification", vec(0.0f, 1.0f, 0.0f, 0.0f)),
                new ModelDoc("stabilityai/sd-turbo", "diffusers", "text-to-image", vec(0.0f, 0.0f, 1.0f, 0.0f)),
                new ModelDoc("sentence-transformers/all-MiniLM-L6-v2", "sentence-transformers", "sentence-similarity",
                        vec(0.0f, 0.0f, 0.0f, 1.0f)));
        BulkResponse bulk = client.bulk(b -> {
            b.index(index).refresh(Refresh.True);
            for (ModelDoc d : docs) {
                b.operations(op -> op.index(i -> i.id(d.modelId()).document(d)));
            }
            return b;
        });
        assertThat(bulk.errors()).as("bulk errors: %s", bulk.items()).isFalse();
        assertThat(client.count(c -> c.index(index)).count()).isEqualTo(docs.size());

        SearchResponse<ModelDoc> found = client.search(s -> s.index(index)
                .knn(k -> k.field("embedding")
                        .queryVector(1.0f, 0.0f, 0.0f, 0.0f)
                        .k(3)
                        .numCandidates(20)
                        .filter(f -> f.bool(b -> b
                                .filter(q -> q.term(t -> t.field("library").value("transformers")))
                                .filter(q -> q.term(t -> t.field("task").value("image-classification"))))))
                .size(3), ModelDoc.class);

        List<String> ids = found.hits().hits().stream().map(Hit::id).toList();
        assertThat(ids).containsExactly("google/vit-base-patch16-224", "microsoft/resnet-50", "facebook/convnext-tiny-224");
        assertThat(ids).doesNotContain("timm/vit_base_patch16_224", "bert-base-uncased");
        assertThat(found.hits().hits()).allSatisfy(h -> {
            assertThat(h.source()).isNotNull();
            assertThat(h.source().library()).isEqualTo("transformers");
            assertThat(h.source().task()).isEqualTo("image-classification");
        });
        // scores fall with distance
        List<Double> scores = found.hits().hits().stream().map(Hit::score).toList();
        assertThat(scores).isSortedAccordingTo((a, b) -> Double.compare(b, a));

        // without the filter the excluded models are the nearest: the filter, not the data, kept them out
        SearchResponse<ModelDoc> unfiltered = client.search(s -> s.index(index)
                .knn(k -> k.field("embedding").queryVector(1.0f, 0.0f, 0.0f, 0.0f).k(2).numCandidates(20))
                .size(2), ModelDoc.class);
        assertThat(unfiltered.hits().hits().stream().map(Hit::id).toList())
                .containsExactlyInAnyOrder("timm/vit_base_patch16_224", "bert-base-uncased");

        client.indices().delete(d -> d.index(index));
    }

    private static List<Float> vec(float... v) {
        Float[] boxed = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            boxed[i] = v[i];
        }
        return List.of(boxed);
    }
}
