package org.hubdex.crawler;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.hubdex.crawler.internal.CrawlerStateStore;
import org.hubdex.crawler.internal.HubClientListingSource;
import org.hubdex.crawler.internal.ListingSource;
import org.hubdex.crawler.internal.MetricsServer;
import org.hubdex.crawler.internal.PagePlanner;
import org.hubdex.crawler.internal.PagePlanner.PagePlan;
import org.hubdex.crawler.internal.TransactionalEmitter;
import org.hubdex.hub.BadRequestException;
import org.hubdex.hub.HubClient;
import org.hubdex.hub.HubException;
import org.hubdex.hub.ModelPage;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.avro.CrawlerState;
import org.hubdex.schemas.avro.CrawlerStateKind;
import org.hubdex.schemas.avro.DeadLetter;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.ModelEventKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crawler service: walks hub listings newest first and writes one {@code hub.model-events}
 * record per new model or new commit, keyed by model id.
 *
 * <p><b>Exactly once per (model, sha).</b> Each listing page is committed in one Kafka transaction
 * holding its events, its dead letters, the last sha of every model it emitted and the pass's
 * progress (next-page link, newest timestamp) in {@code hub.crawler-state}. A crawler killed at any
 * moment loses its open transaction (the next one with the same crawler id fences and aborts it) and
 * resumes from its last committed page, so every model is emitted at least once and a committed
 * (model, sha) is never emitted again. In-memory state changes only after a commit succeeds.
 *
 * <p><b>Failures.</b> A hub error that survives the client's retries (429 storm, 5xx, network) or a
 * Kafka transaction that does not commit (broker restart) fails the page, not the crawler: nothing of
 * the page is visible, the failure is counted and logged, and the pass is retried from its last
 * committed page after a back-off. An expired cursor restarts the pass from its first page (the sha
 * state suppresses duplicates). Another crawler with the same id stops this one
 * ({@link CrawlerFencedException}).
 *
 * <p><b>Lifecycle.</b> {@link #builder()} → {@link #start()} (restores state, fences predecessors,
 * starts the metrics endpoint) → {@link #runPass}, {@link #poll()} or {@link #backfill} →
 * {@link #close()} (from any thread; wakes a sleeping poll). One thread drives the crawler.
 */
public final class Crawler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Crawler.class);
    private static final Duration MAX_FAILURE_BACKOFF = Duration.ofMinutes(5);

    private final ListingSource source;
    private final CrawlerSettings settings;
    private final CrawlerTopics topics;
    private final Clock clock;
    private final CrawlerStateStore state;
    private final PagePlanner planner;
    private final CrawlerMetrics metrics = new CrawlerMetrics();
    private final TransactionalEmitter emitter;
    private final AvroCodec<ModelEvent> eventCodec = AvroCodec.of(ModelEvent.class);
    private final AvroCodec<CrawlerState> stateCodec = AvroCodec.of(CrawlerState.class);
    private final AvroCodec<DeadLetter> deadLetterCodec = AvroCodec.of(DeadLetter.class);
    private final CountDownLatch closed = new CountDownLatch(1);
    private MetricsServer metricsServer;
    private volatile boolean started;
    private volatile boolean healthy = true;

    private Crawler(ListingSource source, CrawlerSettings settings, CrawlerTopics topics, Clock clock) {
        this.source = source;
        this.settings = settings;
        this.topics = topics;
        this.clock = clock;
        this.state = new CrawlerStateStore(settings.crawlerId());
        this.planner = new PagePlanner(settings.crawlerId(), source.hubUrl(), source.hasToken());
        this.emitter = new TransactionalEmitter(settings.bootstrapServers(), "hubdex-crawler-" + settings.crawlerId(),
                Duration.ofSeconds(60));
        metrics.requestGauges(source::requestGauges);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Restores the committed state, fences any earlier incarnation and starts the metrics endpoint. */
    public void start() {
        LOG.info("crawler starting against {}\n{}", source.hubUrl(), settings.describe());
        // fence first: a predecessor's open transaction is aborted, so the state read next is final
        emitter.start();
        state.restore(settings.bootstrapServers(), topics.state(), Duration.ofMinutes(2));
        settings.metricsPort().ifPresent(port -> {
            metricsServer = new MetricsServer(port, metrics::prometheusText, () -> healthy);
            LOG.info("metrics on http://localhost:{}/metrics", metricsServer.port());
        });
        started = true;
    }

    /** Polls every configured sort, then sleeps the interval, until {@link #close()}. */
    public void poll() {
        requireStarted();
        Duration backoff = settings.interval();
        while (!isClosed()) {
            boolean allOk = true;
            for (String sort : settings.sorts()) {
                allOk &= runPassSafely(CrawlPass.poll(sort), Integer.MAX_VALUE);
                if (isClosed()) {
                    return;
                }
            }
            healthy = allOk;
            backoff = allOk ? settings.interval() : min(backoff.multipliedBy(2).plusSeconds(1), MAX_FAILURE_BACKOFF);
            LOG.info("poll done: {}; next in {} s", metrics.summary(), backoff.toSeconds());
            sleep(backoff);
        }
    }

    /** Runs a backfill to its end (resuming where a previous run stopped), retrying failed pages with back-off. */
    public PassResult backfill(CrawlPass pass) {
        requireStarted();
        if (!pass.backfill()) {
            throw new IllegalArgumentException(pass.name() + " is not a backfill");
        }
        Duration backoff = Duration.ofSeconds(1);
        long pagesBefore = metrics.pagesCommitted();
        while (!isClosed()) {
            try {
                PassResult result = runPass(pass, Integer.MAX_VALUE);
                if (result.completed()) {
                    return result;
                }
            } catch (HubException | PageNotCommittedException e) {
                metrics.pageFailed();
                if (metrics.pagesCommitted() > pagesBefore) {
                    backoff = Duration.ofSeconds(1); // progress since the last failure: a fresh problem, not a persisting one
                    pagesBefore = metrics.pagesCommitted();
                }
                LOG.warn("{}: page failed ({}); resuming from the last committed page in {} s", pass.name(), e.getMessage(),
                        backoff.toSeconds());
                sleep(backoff);
                backoff = min(backoff.multipliedBy(2), MAX_FAILURE_BACKOFF);
            }
        }
        return new PassResult(pass.name(), 0, 0, 0, false);
    }

    /**
     * Runs or resumes one pass for at most {@code maxPages} pages.
     *
     * @throws HubException when the hub fails a page beyond the client's retries (nothing of that page is committed)
     * @throws PageNotCommittedException when Kafka does not commit a page
     * @throws CrawlerFencedException when another crawler took over this crawler id
     */
    public PassResult runPass(CrawlPass pass, int maxPages) {
        requireStarted();
        Optional<CrawlerState> progress = state.pass(pass.name());
        if (pass.backfill() && progress.map(CrawlerState::getCompleted).orElse(false)) {
            LOG.info("{} already completed; nothing to do", pass.name());
            return new PassResult(pass.name(), 0, 0, 0, true);
        }
        Optional<Instant> mark = progress.map(CrawlerState::getHighWaterMark)
                .or(() -> pass.backfill() ? Optional.empty() : settings.initialMark(clock.instant()));
        Optional<URI> next = progress.map(CrawlerState::getNextPageUrl).map(URI::create);
        Instant passNewest = next.isPresent() ? progress.map(CrawlerState::getPassNewest).orElse(null) : null;
        long pagesDone = next.isPresent() ? progress.get().getPagesDone() : 0;
        if (next.isPresent()) {
            LOG.info("{}: resuming at page {} from the saved cursor", pass.name(), pagesDone + 1);
        }
        int pages = 0;
        long emitted = 0;
        long skipped = 0;
        while (pages < maxPages && !isClosed()) {
            ModelPage page;
            try {
                page = source.fetch(pass, next, settings.pageSize());
            } catch (BadRequestException e) {
                if (next.isEmpty()) {
                    throw e;
                }
                LOG.warn("{}: the hub refused the saved cursor ({}); restarting the pass from its first page", pass.name(), e.getMessage());
                next = Optional.empty();
                continue;
            }
            Instant now = clock.instant();
            PagePlan plan = planner.plan(pass, page, mark, state, now);
            if (plan.newest().isPresent() && (passNewest == null || plan.newest().get().isAfter(passNewest))) {
                passNewest = plan.newest().get();
            }
            boolean done = plan.reachedMark() || page.isLast();
            pagesDone++;
            CrawlerState passState = passProgress(pass, done, mark, passNewest, page, pagesDone, now);
            emitter.commit(records(plan, passState));
            plan.modelStates().forEach(state::apply);
            state.apply(passState);
            pages++;
            emitted += plan.events().size();
            skipped += plan.skipped();
            record(plan, now);
            logPage(pass, page, plan, pagesDone);
            if (done) {
                metrics.passCompleted();
                LOG.info("{} complete after {} pages: emitted {}, skipped {}; high-water mark {}", pass.name(), pagesDone, emitted,
                        skipped, passState.getHighWaterMark());
                return new PassResult(pass.name(), pages, emitted, skipped, true);
            }
            next = page.nextPageUrl();
        }
        return new PassResult(pass.name(), pages, emitted, skipped, false);
    }

    public CrawlerMetrics metrics() {
        return metrics;
    }

    /** The metrics endpoint's port, when it runs. */
    public Optional<Integer> metricsPort() {
        return Optional.ofNullable(metricsServer).map(MetricsServer::port);
    }

    /** Stops a running poll or backfill after its current page, and releases Kafka and the metrics port. */
    @Override
    public void close() {
        closed.countDown();
        emitter.close();
        if (metricsServer != null) {
            metricsServer.close();
        }
    }

    private boolean runPassSafely(CrawlPass pass, int maxPages) {
        try {
            runPass(pass, maxPages);
            return true;
        } catch (HubException | PageNotCommittedException e) {
            metrics.pageFailed();
            LOG.warn("{}: page failed, nothing of it committed; retrying from the last committed page next poll: {}", pass.name(),
                    e.getMessage());
            return false;
        }
    }

    private CrawlerState passProgress(CrawlPass pass, boolean done, Optional<Instant> mark, Instant passNewest, ModelPage page,
            long pagesDone, Instant now) {
        Instant newMark = mark.orElse(null);
        if (done && passNewest != null && (newMark == null || passNewest.isAfter(newMark))) {
            newMark = passNewest;
        }
        return CrawlerState.newBuilder()
                .setCrawlerId(settings.crawlerId())
                .setKind(CrawlerStateKind.PASS_PROGRESS)
                .setPassName(pass.name())
                .setHighWaterMark(pass.backfill() ? null : (done ? newMark : mark.orElse(null)))
                .setPassNewest(done ? null : passNewest)
                .setNextPageUrl(done ? null : page.nextPageUrl().map(URI::toString).orElse(null))
                .setCompleted(pass.backfill() && done)
                .setPagesDone(pagesDone)
                .setUpdatedAt(now)
                .build();
    }

    private List<ProducerRecord<String, byte[]>> records(PagePlan plan, CrawlerState passState) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (ModelEvent event : plan.events()) {
            records.add(new ProducerRecord<>(topics.events(), event.getModelId(), eventCodec.encode(topics.events(), event)));
        }
        for (DeadLetter letter : plan.deadLetters()) {
            records.add(new ProducerRecord<>(topics.deadLetters(), letter.getKey(), deadLetterCodec.encode(topics.deadLetters(), letter)));
        }
        for (CrawlerState model : plan.modelStates()) {
            records.add(new ProducerRecord<>(topics.state(), CrawlerStateStore.modelKey(settings.crawlerId(), model.getModelId()),
                    stateCodec.encode(topics.state(), model)));
        }
        records.add(new ProducerRecord<>(topics.state(), CrawlerStateStore.passKey(settings.crawlerId(), passState.getPassName()),
                stateCodec.encode(topics.state(), passState)));
        return records;
    }

    private void record(PagePlan plan, Instant now) {
        metrics.seen(plan.seen());
        metrics.emitted(plan.count(ModelEventKind.CREATED), plan.count(ModelEventKind.UPDATED), plan.count(ModelEventKind.UNAVAILABLE));
        metrics.skipped(plan.skipped());
        metrics.deadLettered(plan.deadLetters().size());
        metrics.pageCommitted(now.toEpochMilli());
    }

    private void logPage(CrawlPass pass, ModelPage page, PagePlan plan, long pageNumber) {
        if (pass.backfill()) {
            LOG.info("{} page {}: {} models, {} emitted, {} skipped, {} dead letters | total {}", pass.name(), pageNumber,
                    page.models().size(), plan.events().size(), plan.skipped(), plan.deadLetters().size(), metrics.summary());
        } else {
            LOG.debug("{} page {}: {} models, {} emitted, {} skipped, {} beyond the mark", pass.name(), pageNumber,
                    page.models().size(), plan.events().size(), plan.skipped(), plan.beyondMark());
        }
    }

    private boolean isClosed() {
        return closed.getCount() == 0;
    }

    private void sleep(Duration d) {
        try {
            closed.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed.countDown();
        }
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException("call start() first: it restores the committed state");
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Builds a {@link Crawler}; {@code setHubClient} and {@code setSettings} are required. */
    public static final class Builder {
        private ListingSource source;
        private CrawlerSettings settings;
        private CrawlerTopics topics = CrawlerTopics.DEFAULT;
        private Clock clock = Clock.systemUTC();

        public Builder setHubClient(HubClient hub) {
            this.source = new HubClientListingSource(Objects.requireNonNull(hub, "hub"));
            return this;
        }

        /** For tests: pages from somewhere other than a hub client. */
        public Builder setListingSource(ListingSource listingSource) {
            this.source = listingSource;
            return this;
        }

        public Builder setSettings(CrawlerSettings settings) {
            this.settings = settings;
            return this;
        }

        public Builder optTopics(CrawlerTopics topics) {
            this.topics = Objects.requireNonNull(topics, "topics");
            return this;
        }

        public Builder optClock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Crawler build() {
            if (source == null) {
                throw new IllegalStateException("setHubClient(...) is required: the crawler needs a hub to list");
            }
            if (settings == null) {
                throw new IllegalStateException("setSettings(...) is required, e.g. CrawlerSettings.fromEnvironment(hubUrl)");
            }
            return new Crawler(source, settings, topics, clock);
        }
    }
}
