package org.hubdex.jobs.tokenize;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.hubdex.hub.HubClient;
import org.hubdex.hub.HubClientConfig;
import org.hubdex.hub.HubServerException;
import org.hubdex.hub.HubUnreachableException;
import org.hubdex.hub.RateLimitedException;
import org.hubdex.jobs.DeadLetters;
import org.hubdex.jobs.Decoded;
import org.hubdex.jobs.SourceRecord;
import org.hubdex.schemas.avro.DeadLetter;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.WeightTokens;
import org.hubdex.weightspace.tokenize.WeightTokenizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flink async I/O around {@link ModelTokenizer}: up to {@code concurrency} models of one parallel task are
 * fetched at once, on this function's own thread pool, while the task thread goes on. Every input gives
 * exactly one output: the tokens, or a dead letter saying why not (the hub client has already retried 429s,
 * 5xx and network errors by then; a model over its time limit is dead-lettered too). Nothing thrown here
 * stops the job.
 *
 * <p>Metrics (task scope): {@code modelsTokenized}, {@code modelsDeadLettered}, {@code bytesFetched},
 * {@code modelsTokenizedPerSecond}; a progress line every 30 s.
 */
final class FetchAndTokenize extends RichAsyncFunction<SourceRecord<ModelEvent>, Decoded<WeightTokens>> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FetchAndTokenize.class);
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final TokenizeSettings settings;

    private transient HubClient hub;
    private transient ModelTokenizer tokenizer;
    private transient ExecutorService pool;
    private transient Counter tokenized;
    private transient Counter deadLettered;
    private transient Counter bytesFetched;
    private transient AtomicLong lastProgress;
    private transient AtomicInteger subtask;

    FetchAndTokenize(TokenizeSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        // HF_TOKEN and the client's other settings come from this task's environment; the endpoint is the job's.
        hub = HubClientConfig.fromEnvironment().newClientBuilder().optEndpoint(URI.create(settings.hubEndpoint())).build();
        tokenizer = new ModelTokenizer(hub, new WeightTokenizer(settings.tokenizerConfig()), Clock.systemUTC());
        int index = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        AtomicInteger threads = new AtomicInteger();
        pool = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, "tokenize-" + index + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        var metrics = getRuntimeContext().getMetricGroup();
        tokenized = metrics.counter("modelsTokenized");
        deadLettered = metrics.counter("modelsDeadLettered");
        bytesFetched = metrics.counter("bytesFetched");
        metrics.meter("modelsTokenizedPerSecond", new MeterView(tokenized));
        lastProgress = new AtomicLong(System.nanoTime());
        subtask = new AtomicInteger(index);
        LOG.info("Tokenize task {}: hub {} ({}), {} models at once, {}", index, hub.endpoint(),
                hub.hasToken() ? "with a token" : "anonymous", settings.concurrency(), settings.tokenizerConfig().describe());
    }

    @Override
    public void asyncInvoke(SourceRecord<ModelEvent> record, ResultFuture<Decoded<WeightTokens>> result) {
        ModelEvent event = record.value();
        CompletableFuture.supplyAsync(() -> tokenizer.tokenize(event.getModelId(), event.getSha()), pool)
                .whenComplete((done, error) -> {
                    if (error == null) {
                        tokenized.inc();
                        bytesFetched.inc(done.bytesFetched());
                        result.complete(List.of(new SourceRecord<>(record.topic(), record.partition(), record.offset(),
                                record.key(), done.tokens())));
                    } else {
                        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        result.complete(List.of(deadLetter(record, cause, attemptsOf(cause))));
                    }
                    progress();
                });
    }

    @Override
    public void timeout(SourceRecord<ModelEvent> record, ResultFuture<Decoded<WeightTokens>> result) {
        result.complete(List.of(deadLetter(record, new TokenizeTimeoutException(record.value().getModelId() + "@"
                + record.value().getSha() + " took longer than " + settings.fetchTimeout().toMillis() + " ms ("
                + TokenizeSettings.Key.TIMEOUT.env() + ")"), 1)));
    }

    private Decoded<WeightTokens> deadLetter(SourceRecord<ModelEvent> record, Throwable error, int attempts) {
        deadLettered.inc();
        ModelEvent event = record.value();
        LOG.warn("{}@{} goes to the dead letters: {}: {}", event.getModelId(), event.getSha(), error.getClass().getSimpleName(),
                error.getMessage());
        DeadLetter letter = RevisionGate.withModel(DeadLetters.of(record, TokenizeSettings.STAGE, error, attempts), event);
        return new Decoded.Failed<>(letter);
    }

    /** Attempts behind a failure: the client's whole retry budget for the errors it retries, else 1. */
    private int attemptsOf(Throwable error) {
        boolean retried = error instanceof RateLimitedException || error instanceof HubServerException
                || error instanceof HubUnreachableException;
        return retried ? hub.retryPolicy().maxAttempts() : 1;
    }

    private void progress() {
        long now = System.nanoTime();
        long last = lastProgress.get();
        if (now - last >= PROGRESS_EVERY_NANOS && lastProgress.compareAndSet(last, now)) {
            LOG.info("Tokenize task {}: {} models tokenized, {} dead-lettered, {} MB fetched", subtask.get(),
                    tokenized.getCount(), deadLettered.getCount(), bytesFetched.getCount() / 1_000_000);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (hub != null) {
            hub.close();
        }
    }

    /** A model that took longer than the configured time. */
    static final class TokenizeTimeoutException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TokenizeTimeoutException(String message) {
            super(message);
        }
    }
}
