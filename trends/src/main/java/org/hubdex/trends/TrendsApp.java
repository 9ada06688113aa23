package org.hubdex.trends;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.hubdex.trends.internal.HttpApi;
import org.hubdex.trends.internal.QueryRouter;
import org.hubdex.trends.internal.StreamsProperties;
import org.hubdex.trends.internal.TopicCheck;
import org.hubdex.trends.internal.TrendQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance of the trends application: its HTTP server (API, dashboard, metrics) and its Kafka Streams
 * client. Lifecycle: {@link #start} binds the HTTP port, builds the topology and starts Kafka Streams; the
 * instance then runs until {@link #close()} or until Kafka Streams fails ({@link #awaitTermination} returns).
 * An unexpected processing error shuts the client down rather than skipping records. Thread-safe.
 */
public final class TrendsApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrendsApp.class);

    private final TrendsSettings settings;
    private final TrendsMetrics metrics = new TrendsMetrics();
    private final HttpApi http;
    private final KafkaStreams streams;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private TrendsApp(TrendsSettings settings, TrendsTopics topics) {
        this.settings = settings;
        ObjectMapper json = new ObjectMapper();
        this.http = new HttpApi(settings.httpPort(), json, metrics::prometheusText, this::healthy);
        try {
            this.streams = new KafkaStreams(TrendsTopology.build(settings, topics, metrics), StreamsProperties.of(settings, topics, http.port()));
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; shutting this instance down", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((next, previous) -> {
            LOG.info("Kafka Streams {} -> {}", previous, next);
            if (next == KafkaStreams.State.NOT_RUNNING || next == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        metrics.gauges(() -> gauges(topics.events()));
        http.serve(new TrendQueries(streams, settings.windows(),
                new QueryRouter(streams, new HostInfo(settings.advertisedHost(), http.port()), json), metrics));
    }

    /** Starts an instance; the HTTP API answers at once, queries once the stores are assigned. */
    public static TrendsApp start(TrendsSettings settings, TrendsTopics topics) {
        TopicCheck.requireTopics(settings.bootstrapServers(), topics, Duration.ofSeconds(30));
        TrendsApp app = new TrendsApp(settings, topics);
        LOG.info("trends application {} starting: HTTP API and dashboard on http://{}:{}/", settings.applicationId(),
                settings.advertisedHost(), app.port());
        app.streams.start();
        return app;
    }

    public int port() {
        return http.port();
    }

    public TrendsMetrics metrics() {
        return metrics;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public TrendsSettings settings() {
        return settings;
    }

    /** Waits until Kafka Streams is RUNNING; false on timeout or failure. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            KafkaStreams.State s = streams.state();
            if (s == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING || s == KafkaStreams.State.PENDING_ERROR) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Blocks until Kafka Streams stops (closed or failed), or the timeout passes; true when it stopped. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private boolean healthy() {
        KafkaStreams.State s = streams.state();
        return s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING;
    }

    /** Gauges from Kafka Streams' own metrics: state, consumer lag on the events topic, records processed. */
    private Map<String, Double> gauges(String eventsTopic) {
        Map<String, Double> g = new LinkedHashMap<>();
        g.put("hubdex_trends_running", streams.state() == KafkaStreams.State.RUNNING ? 1.0 : 0.0);
        double lag = 0;
        double processed = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName name = e.getKey();
            Object value = e.getValue().metricValue();
            if (!(value instanceof Double d) || d.isNaN()) {
                continue;
            }
            if (name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
                    && eventsTopic.equals(name.tags().get("topic"))) {
                lag += d;
            }
            if (name.name().equals("process-total") && name.group().equals("stream-thread-metrics")) {
                processed += d;
            }
        }
        g.put("hubdex_trends_input_lag_records", lag);
        g.put("hubdex_trends_stream_records_processed", processed);
        return g;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        http.close();
        stopped.countDown();
    }
}
