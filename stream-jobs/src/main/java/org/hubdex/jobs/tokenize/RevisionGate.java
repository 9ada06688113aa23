package org.hubdex.jobs.tokenize;

import java.net.URI;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.hubdex.jobs.DeadLetters;
import org.hubdex.jobs.SourceRecord;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.ModelEventKind;

/**
 * Lets through, per model, each revision once: the crawler re-sends events (metadata changes, a restarted
 * poll, a backfill over models already seen) and tokenizing a revision twice would only repeat work and
 * records. Keyed by model id; the state is the set of revision shas already passed on, kept in Flink's
 * keyed state so that it survives restarts with the source offsets it matches.
 *
 * <p>Also stops what cannot be tokenized before any request is made, each with a dead letter: an event
 * without a sha (no revision to pin), an event from another hub than the job reads. {@code UNAVAILABLE}
 * events are dropped silently (counted): there is nothing to read, and the crawler already recorded why.
 */
final class RevisionGate extends KeyedProcessFunction<String, SourceRecord<ModelEvent>, SourceRecord<ModelEvent>> {
    private static final long serialVersionUID = 1L;

    private final String hubEndpoint;
    private transient MapState<String, Long> passed;
    private transient Counter duplicates;
    private transient Counter unavailable;

    RevisionGate(String hubEndpoint) {
        this.hubEndpoint = normalize(hubEndpoint);
    }

    @Override
    public void open(OpenContext context) {
        passed = getRuntimeContext().getMapState(new MapStateDescriptor<>("revisions-passed", Types.STRING, Types.LONG));
        duplicates = getRuntimeContext().getMetricGroup().counter("revisionsSkippedAsDuplicate");
        unavailable = getRuntimeContext().getMetricGroup().counter("eventsSkippedAsUnavailable");
    }

    @Override
    public void processElement(SourceRecord<ModelEvent> record, Context ctx, Collector<SourceRecord<ModelEvent>> out)
            throws Exception {
        ModelEvent event = record.value();
        if (event.getKind() == ModelEventKind.UNAVAILABLE) {
            unavailable.inc();
            return;
        }
        if (!normalize(event.getHubUrl()).equals(hubEndpoint)) {
            ctx.output(DeadLetters.TAG, withModel(DeadLetters.of(record, TokenizeSettings.STAGE, new ForeignHubException(
                    event.getModelId() + " lives on " + event.getHubUrl() + "; this job reads " + hubEndpoint), 1), event));
            return;
        }
        String sha = event.getSha();
        if (sha == null || sha.isBlank()) {
            ctx.output(DeadLetters.TAG, withModel(DeadLetters.of(record, TokenizeSettings.STAGE, new MissingRevisionException(
                    "the event for " + event.getModelId() + " carries no commit sha, so no revision can be pinned"), 1), event));
            return;
        }
        if (passed.contains(sha)) {
            duplicates.inc();
            return;
        }
        passed.put(sha, event.getObservedAt().toEpochMilli());
        out.collect(record);
    }

    static org.hubdex.schemas.avro.DeadLetter withModel(org.hubdex.schemas.avro.DeadLetter letter, ModelEvent event) {
        letter.setModelId(event.getModelId());
        letter.setSha(event.getSha());
        return letter;
    }

    /** Scheme, host and port, lower case, no trailing slash: {@code https://huggingface.co}. */
    static String normalize(String url) {
        URI uri = URI.create(url.strip());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(java.util.Locale.ROOT);
        int port = uri.getPort();
        if (port == 443 && scheme.equals("https") || port == 80 && scheme.equals("http")) {
            port = -1;
        }
        return scheme + "://" + host + (port < 0 ? "" : ":" + port);
    }

    /** An event from a hub this job does not read. */
    static final class ForeignHubException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ForeignHubException(String message) {
            super(message);
        }
    }

    /** An event without a commit sha. */
    static final class MissingRevisionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingRevisionException(String message) {
            super(message);
        }
    }
}
