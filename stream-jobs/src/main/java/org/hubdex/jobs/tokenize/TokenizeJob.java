package org.hubdex.jobs.tokenize;

import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.hubdex.jobs.BadRecordPolicy;
import org.hubdex.jobs.DeadLetters;
import org.hubdex.jobs.Decoded;
import org.hubdex.jobs.HubdexTypes;
import org.hubdex.jobs.JobEnvironment;
import org.hubdex.jobs.JobOptions;
import org.hubdex.jobs.KafkaSinks;
import org.hubdex.jobs.KafkaSources;
import org.hubdex.jobs.SourceRecord;
import org.hubdex.schemas.avro.DeadLetter;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.WeightTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tokenize job: {@code hub.model-events} to {@code hub.weight-tokens}, exactly once.
 *
 * <pre>
 * model-events (Kafka, read_committed)
 *   -> decode            (undecodable records: dead letters)
 *   -> keyBy model id
 *   -> revision gate     (each (model, sha) once, keyed state; no sha / other hub: dead letters)
 *   -> fetch + tokenize  (async I/O, bounded concurrency and time; failures: dead letters)
 *   -> weight-tokens     (exactly-once Kafka sink)
 * dead letters of every step -> hub.dead-letters (exactly-once Kafka sink)
 * </pre>
 *
 * <p>Both sinks write one Kafka transaction per checkpoint, committed when the checkpoint completes; after
 * a failure the job restores its last checkpoint (source offsets, the gate's state, models in flight in
 * the async operator) and aborts what was not committed, so no record is lost or written twice.
 *
 * <p>Run it with {@link TokenizeCli} (a local MiniCluster, the default) or submit this class's
 * {@link #main} to a Flink cluster ({@code flink run -c org.hubdex.jobs.tokenize.TokenizeJob
 * hubdex-stream-jobs-*-job.jar}), where it takes its settings from the environment.
 */
public final class TokenizeJob {
    private static final Logger LOG = LoggerFactory.getLogger(TokenizeJob.class);

    /** The job's name, and the default consumer group and transactional id prefix. */
    public static final String NAME = "hubdex-tokenize";

    private TokenizeJob() {
    }

    /** Adds the job's operators to {@code env}; call {@code env.execute()} afterwards. */
    public static void assemble(StreamExecutionEnvironment env, TokenizeSettings settings) {
        LOG.info("Tokenize job settings:\n{}", settings.describe());
        KafkaSourceBuilder<Decoded<ModelEvent>> source = KafkaSources.avro(settings.bootstrapServers(), settings.eventsTopic(),
                settings.groupId(), ModelEvent.class, TokenizeSettings.STAGE, BadRecordPolicy.DEAD_LETTER);
        if (settings.bounded()) {
            source.setBounded(OffsetsInitializer.latest());
        }
        SingleOutputStreamOperator<SourceRecord<ModelEvent>> events = DeadLetters.split(
                env.fromSource(source.build(), WatermarkStrategy.noWatermarks(), "model-events").uid("model-events"),
                ModelEvent.class).uid("split-undecodable");

        SingleOutputStreamOperator<SourceRecord<ModelEvent>> revisions = events
                .keyBy(r -> r.value().getModelId(), Types.STRING)
                .process(new RevisionGate(settings.hubEndpoint()), HubdexTypes.sourceRecord(ModelEvent.class))
                .name("revision-gate").uid("revision-gate");

        DataStream<Decoded<WeightTokens>> outcomes = AsyncDataStream.unorderedWait(revisions,
                        new FetchAndTokenize(settings), settings.fetchTimeout().toMillis(), TimeUnit.MILLISECONDS,
                        settings.concurrency())
                .returns(HubdexTypes.decoded(WeightTokens.class))
                .name("fetch-and-tokenize").uid("fetch-and-tokenize");
        SingleOutputStreamOperator<SourceRecord<WeightTokens>> tokens =
                DeadLetters.split(outcomes, WeightTokens.class).uid("split-failed");

        tokens.map(SourceRecord::value, HubdexTypes.avro(WeightTokens.class)).name("tokens").uid("tokens")
                .sinkTo(KafkaSinks.exactlyOnce(settings.bootstrapServers(), settings.tokensTopic(), WeightTokens.class,
                        WeightTokens::getModelId, settings.transactionalIdPrefix() + "-tokens").build())
                .name("weight-tokens").uid("weight-tokens");

        DataStream<DeadLetter> deadLetters = events.getSideOutput(DeadLetters.TAG)
                .union(revisions.getSideOutput(DeadLetters.TAG), tokens.getSideOutput(DeadLetters.TAG));
        deadLetters.sinkTo(KafkaSinks.deadLetters(settings.bootstrapServers(), settings.deadLetterTopic(),
                        settings.transactionalIdPrefix() + "-dlq").build())
                .name("dead-letters").uid("dead-letters");
    }

    /** Entry point on a Flink cluster: settings from the environment ({@link TokenizeSettings.Key}, {@link JobOptions}). */
    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = JobEnvironment.create(JobOptions.fromEnvironment(NAME, System.getenv()));
        assemble(env, TokenizeSettings.fromEnvironment(System.getenv()));
        env.execute(NAME);
    }
}
