package org.hubdex.indexer.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hubdex.schemas.avro.ModelEventKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link Change}s to the index of one model version, idempotently: the document id is the model id, every
 * write carries the external version of {@link ModelDocument#eventVersion} with {@code external_gte}, so replaying
 * records is harmless and an older revision never overwrites a newer one (Elasticsearch refuses it with a version
 * conflict, counted as {@link SinkResult#conflicts} and otherwise ignored).
 *
 * <p>One {@link #write} reads the current documents of the batch's models ({@code _mget}), merges the batch into
 * them in record order, and sends one bulk request with one operation per model. Failures of the whole request
 * (connection refused or reset, 429, 5xx) are retried with exponential {@link Backoff} for as long as it takes:
 * Elasticsearch down for a minute means {@code write} returns a minute later. A bulk item refused with 429 or 5xx
 * is retried up to {@link Backoff#maxItemAttempts()} times; an item refused otherwise (mapping error, bad vector
 * dims) goes to the {@link DeadLetters} at once. {@code write} returns only when every change is written, ignored
 * or dead-lettered, so a caller that commits Kafka offsets after it loses nothing.
 *
 * <p>Thread-safe: writes to one index are serialized, so the live service and a build sharing this sink never race
 * on a document's read-merge-write. Across processes it is not atomic: one writer per model id (one Kafka partition
 * owner) is assumed. {@link #stop()} makes a waiting {@code write} throw {@link InterruptedException}.
 */
public final class ElasticsearchSink {

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSink.class);

    private final ElasticsearchClient client;
    private final IndexLayout layout;
    private final Backoff backoff;
    private final DeadLetters deadLetters;
    private final Set<String> knownIndices = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Map<String, Object> indexLocks = new ConcurrentHashMap<>();

    public ElasticsearchSink(ElasticsearchClient client, IndexLayout layout, Backoff backoff, DeadLetters deadLetters) {
        this.client = client;
        this.layout = layout;
        this.backoff = backoff;
        this.deadLetters = deadLetters;
    }

    /** The layout written to. */
    public IndexLayout layout() {
        return layout;
    }

    /** Makes waiting writes give up with {@link InterruptedException}. */
    public void stop() {
        stopped.countDown();
    }

    /**
     * Applies {@code changes} to {@code index} (a name from {@link IndexLayout#indexName}, created with the layout's
     * mapping if missing). Embeddings of other model versions are skipped; events apply to every version's index.
     */
    public SinkResult write(String index, List<Change> changes) throws InterruptedException {
        if (changes.isEmpty()) {
            return SinkResult.EMPTY;
        }
        // the live service and a background build share this sink: one read-merge-write per index at a time
        synchronized (indexLocks.computeIfAbsent(index, k -> new Object())) {
            return writeLocked(index, changes);
        }
    }

    private SinkResult writeLocked(String index, List<Change> changes) throws InterruptedException {
        int[] retries = {0};
        Map<String, List<Change>> byModel = new LinkedHashMap<>();
        for (Change c : changes) {
            byModel.computeIfAbsent(c.modelId(), k -> new ArrayList<>()).add(c);
        }
        Map<String, ModelDocument> existing = retrying("read " + index, retries, () -> {
            if (!knownIndices.contains(index)) {
                layout.ensureIndex(client, index);
                knownIndices.add(index);
            }
            return read(index, byModel.keySet());
        });

        int skipped = 0;
        List<Op> ops = new ArrayList<>();
        for (Map.Entry<String, List<Change>> e : byModel.entrySet()) {
            ModelDocument before = existing.get(e.getKey());
            ModelDocument doc = before;
            Long deleteVersion = null;
            boolean changed = false;
            for (Change c : e.getValue()) {
                if (c instanceof Change.Event ev) {
                    if (ev.event().getKind() == ModelEventKind.UNAVAILABLE) {
                        deleteVersion = ModelDocument.externalVersion(ev.event());
                        doc = null;
                    } else {
                        doc = ModelDocument.mergeEvent(doc, ev.event());
                        deleteVersion = null;
                    }
                    changed = true;
                } else if (c instanceof Change.Embedding em) {
                    if (!index.equals(layout.indexName(em.embedding().getModelVersion()))) {
                        skipped++;
                        continue;
                    }
                    ModelDocument merged = ModelDocument.mergeEmbedding(doc, em.embedding());
                    if (merged == doc) {
                        skipped++;
                    } else {
                        doc = merged;
                        changed = true;
                    }
                }
            }
            if (changed) {
                ops.add(new Op(e.getKey(), doc, deleteVersion, e.getValue().get(e.getValue().size() - 1)));
            }
        }
        SinkResult r = bulk(index, ops, retries);
        return new SinkResult(r.written(), r.conflicts(), r.skipped() + skipped, r.deadLettered(), retries[0]);
    }

    /** One document operation: index {@code doc}, or delete at {@code deleteVersion}. */
    private record Op(String id, ModelDocument doc, Long deleteVersion, Change last) {
        BulkOperation toBulk(String index) {
            if (deleteVersion != null) {
                return BulkOperation.of(b -> b.delete(d -> d.index(index).id(id).version(deleteVersion).versionType(VersionType.ExternalGte)));
            }
            return BulkOperation.of(b -> b.index(i -> i.index(index).id(id).version(doc.eventVersion())
                    .versionType(VersionType.ExternalGte).document(doc)));
        }
    }

    private SinkResult bulk(String index, List<Op> ops, int[] retries) throws InterruptedException {
        int written = 0;
        int conflicts = 0;
        int dead = 0;
        Map<String, Integer> itemAttempts = new HashMap<>();
        List<Op> pending = ops;
        while (!pending.isEmpty()) {
            List<Op> batch = pending;
            BulkResponse resp = retrying("bulk " + batch.size() + " to " + index, retries,
                    () -> client.bulk(b -> b.operations(batch.stream().map(o -> o.toBulk(index)).toList())));
            List<Op> again = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                Op op = batch.get(i);
                BulkResponseItem item = resp.items().get(i);
                int status = item.status();
                if (item.error() == null || (op.deleteVersion != null && status == 404)) {
                    written++;
                } else if (status == 409) {
                    conflicts++;
                    LOG.debug("{}: {} is older than the indexed version, ignored", index, op.id);
                } else {
                    int n = itemAttempts.merge(op.id, 1, Integer::sum);
                    boolean retryable = status == 429 || status >= 500;
                    if (retryable && n < backoff.maxItemAttempts()) {
                        again.add(op);
                    } else {
                        dead++;
                        deadLetters.send(op.last, item.error().type(), status + " " + item.error().reason(), n);
                    }
                }
            }
            if (!again.isEmpty()) {
                retries[0]++;
                int n = again.stream().mapToInt(o -> itemAttempts.get(o.id)).max().orElse(1);
                Duration d = backoff.delay(n);
                LOG.warn("{}: {} documents refused with 429/5xx, retry {}/{} in {} ms", index, again.size(), n,
                        backoff.maxItemAttempts() - 1, d.toMillis());
                sleep(d);
            }
            pending = again;
        }
        return new SinkResult(written, conflicts, 0, dead, 0);
    }

    /** The layout's indices, oldest first, retrying while Elasticsearch is unreachable. */
    public List<String> indices() throws InterruptedException {
        return retrying("list indices", new int[1], () -> layout.indices(client));
    }

    /** Creates {@code index} if missing, retrying while Elasticsearch is unreachable. */
    public void ensureIndex(String index) throws InterruptedException {
        retrying("create " + index, new int[1], () -> layout.ensureIndex(client, index));
        knownIndices.add(index);
    }

    /** Makes {@code index}'s writes visible to search now. */
    public void refresh(String index) throws InterruptedException {
        retrying("refresh " + index, new int[1], () -> client.indices().refresh(r -> r.index(index)));
    }

    /** The client written through. */
    public ElasticsearchClient client() {
        return client;
    }

    private Map<String, ModelDocument> read(String index, Set<String> ids) throws IOException {
        MgetResponse<ModelDocument> r = client.mget(m -> m.index(index).ids(List.copyOf(ids)), ModelDocument.class);
        Map<String, ModelDocument> out = new HashMap<>();
        for (MultiGetResponseItem<ModelDocument> item : r.docs()) {
            if (item.isResult() && item.result().found() && item.result().source() != null) {
                out.put(item.result().id(), item.result().source());
            } else if (item.isFailure()) {
                throw new IOException("mget of " + item.failure().id() + " in " + index + " failed: " + item.failure().error().reason());
            }
        }
        return out;
    }

    @FunctionalInterface
    private interface Call<T> {
        T call() throws IOException;
    }

    /** Runs {@code call} until it succeeds, backing off on connection errors, 429 and 5xx. */
    private <T> T retrying(String what, int[] retries, Call<T> call) throws InterruptedException {
        int attempt = 0;
        while (true) {
            if (stopped.getCount() == 0) {
                throw new InterruptedException("sink stopped during " + what);
            }
            try {
                T t = call.call();
                if (attempt > 0) {
                    LOG.info("{} succeeded after {} retries", what, attempt);
                }
                return t;
            } catch (ElasticsearchException e) {
                if (e.status() != 429 && e.status() < 500) {
                    throw e;
                }
                attempt = backOff(what, ++attempt, retries, e.status() + " " + e.getMessage());
            } catch (IOException | RuntimeException e) {
                attempt = backOff(what, ++attempt, retries, e.toString());
            }
        }
    }

    private int backOff(String what, int attempt, int[] retries, String why) throws InterruptedException {
        retries[0]++;
        Duration d = backoff.delay(attempt);
        LOG.warn("{} failed ({}), retry {} in {} ms", what, why, attempt, d.toMillis());
        sleep(d);
        return attempt;
    }

    private void sleep(Duration d) throws InterruptedException {
        if (stopped.await(d.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new InterruptedException("sink stopped");
        }
    }
}
