package org.hubdex.trends.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Sends a query to the instances that own the data, using Kafka Streams' metadata: a dimension-wide query goes to
 * every instance hosting an active partition of the store (each answers for its own partitions, with
 * {@code local=true}) and the parts are merged by the caller; a one-key query goes to the key's active host only.
 * This instance answers its own part without HTTP. Thread-safe.
 */
public final class QueryRouter {

    private final KafkaStreams streams;
    private final HostInfo self;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public QueryRouter(KafkaStreams streams, HostInfo self, ObjectMapper json) {
        this.streams = streams;
        this.self = self;
        this.json = json;
    }

    /** Each active owner's part of {@code store}: this instance's from {@code local}, the others' over HTTP. */
    public <T> List<T> fromEveryOwner(String store, String path, QueryParams params, Supplier<T> local, TypeReference<T> type) {
        List<HostInfo> owners = owners(store);
        List<T> parts = new ArrayList<>(owners.size());
        for (HostInfo host : owners) {
            parts.add(host.equals(self) ? local.get() : remote(host, path, params, type));
        }
        return parts;
    }

    /** The answer of the instance owning {@code key} in {@code store}. */
    public <T> T fromKeyOwner(String store, String key, String path, QueryParams params, Supplier<T> local, TypeReference<T> type) {
        KeyQueryMetadata meta = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        if (meta == null || meta.equals(KeyQueryMetadata.NOT_AVAILABLE) || meta.activeHost() == null) {
            throw new StoreUnavailableException("no instance owns " + key + " in " + store + " yet (starting or rebalancing); retry shortly");
        }
        return meta.activeHost().equals(self) ? local.get() : remote(meta.activeHost(), path, params, type);
    }

    /** Every instance of the application, as host:port. */
    public List<String> instances() {
        return streams.metadataForAllStreamsClients().stream().map(m -> m.hostInfo().host() + ":" + m.hostInfo().port()).sorted().toList();
    }

    private List<HostInfo> owners(String store) {
        List<HostInfo> owners = streams.streamsMetadataForStore(store).stream()
                .filter(m -> m.stateStoreNames().contains(store))
                .map(StreamsMetadata::hostInfo).distinct().toList();
        if (owners.isEmpty()) {
            throw new StoreUnavailableException("no instance serves " + store + " yet (starting or rebalancing); retry shortly");
        }
        return owners;
    }

    private <T> T remote(HostInfo host, String path, QueryParams params, TypeReference<T> type) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + path + "?" + params.localQuery());
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new StoreUnavailableException(uri + " answered " + response.statusCode() + ": "
                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return json.readValue(response.body(), type);
        } catch (IOException e) {
            throw new StoreUnavailableException("instance " + host.host() + ":" + host.port() + " did not answer " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while asking " + uri, e);
        }
    }
}
