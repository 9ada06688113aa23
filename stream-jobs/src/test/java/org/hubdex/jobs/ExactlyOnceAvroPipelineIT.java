package org.hubdex.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.CorruptPayloadException;
import org.hubdex.schemas.InvalidHeaderException;
import org.hubdex.schemas.UnknownSchemaException;
import org.hubdex.schemas.avro.DeadLetter;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.testing.KafkaCluster;
import org.hubdex.testing.RealKafka;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The building blocks end to end on the real broker and a local MiniCluster: ModelEvents plus corrupt
 * payloads in, a keyed step that fails once mid-stream after a completed checkpoint, exactly-once
 * sinks out. A {@code read_committed} consumer must then see every event exactly once and exactly the
 * corrupt records as dead letters.
 */
@RealKafka
class ExactlyOnceAvroPipelineIT {
    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceAvroPipelineIT.class);

    private static final int EVENTS = 2_000;
    /** The keyed step fails once on its first attempt after this many records (and a completed checkpoint). */
    private static final int FAIL_AFTER = 400;

    // The MiniCluster runs in this JVM with the test's class loader: the injected failure reports here.
    static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();
    static final AtomicInteger CHECKPOINTS_BEFORE_FAILURE = new AtomicInteger();

    @Test
    void everyEventExactlyOnceAndEveryCorruptRecordDeadLettered(KafkaCluster kafka) throws Exception {
        String in = kafka.uniqueTopic("model-events");
        String out = kafka.uniqueTopic("model-events-out");
        String dlq = kafka.uniqueTopic("dead-letters");
        kafka.createTopic(in, 3, Map.of());
        kafka.createTopic(out, 3, Map.of());
        kafka.createTopic(dlq, 1, Map.of());

        Map<String, Class<?>> corrupt = produce(kafka, in);

        long started = System.nanoTime();
        JobExecutionResult result = run(kafka.bootstrapServers(), in, out, dlq);
        long seconds = (System.nanoTime() - started) / 1_000_000_000;
        LOG.info("Pipeline finished in {} s (net runtime {} ms)", seconds, result.getNetRuntime());

        assertThat(FAILED_ONCE).as("the injected failure happened").isTrue();
        assertThat(CHECKPOINTS_BEFORE_FAILURE.get()).as("a checkpoint completed before the failure").isPositive();

        List<ConsumerRecord<String, byte[]>> outRecords = readCommitted(kafka, out);
        AvroCodec<ModelEvent> events = AvroCodec.of(ModelEvent.class);
        List<String> seen = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : outRecords) {
            ModelEvent e = events.decode(out, r.value());
            assertThat(r.key()).isEqualTo(e.getModelId());
            seen.add(e.getModelId() + "@" + e.getSha());
        }
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < EVENTS; i++) {
            expected.add(Fixtures.modelId(i) + "@" + Fixtures.event(i).getSha());
        }
        assertThat(seen).as("no duplicates").doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).as("no gaps").isEqualTo(expected);
        assertThat(seen).hasSize(EVENTS);

        AvroCodec<DeadLetter> letters = AvroCodec.of(DeadLetter.class);
        Map<String, String> errorByRef = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : readCommitted(kafka, dlq)) {
            DeadLetter d = letters.decode(dlq, r.value());
            assertThat(d.getStage()).isEqualTo("it");
            assertThat(d.getReason()).isNotBlank();
            assertThat(r.key()).isEqualTo(d.getKey());
            assertThat(errorByRef.put(d.getPayloadRef(), d.getErrorClass())).as("duplicate dead letter").isNull();
        }
        assertThat(errorByRef).isEqualTo(corrupt.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getName())));
        LOG.info("Out: {} records, {} distinct; dead letters: {}", seen.size(), new HashSet<>(seen).size(), errorByRef);
    }

    /** The pipeline under test, assembled from the building blocks only. */
    static JobExecutionResult run(String bootstrap, String in, String out, String dlq) throws Exception {
        StreamExecutionEnvironment env = JobEnvironment.create(JobOptions.builder()
                .setJobName("hubdex-exactly-once-it")
                .optParallelism(2)
                .optCheckpointInterval(Duration.ofMillis(300))
                .optRestart(new JobOptions.FixedDelayRestart(3, Duration.ofMillis(200)))
                .build());

        DataStream<Decoded<ModelEvent>> decoded = env.fromSource(
                KafkaSources.avro(bootstrap, in, "it-" + UUID.randomUUID(), ModelEvent.class, "it", BadRecordPolicy.DEAD_LETTER)
                        .setBounded(OffsetsInitializer.latest())
                        .build(),
                WatermarkStrategy.noWatermarks(), "model-events").uid("model-events");
        SingleOutputStreamOperator<SourceRecord<ModelEvent>> records =
                DeadLetters.split(decoded, ModelEvent.class).uid("split-dead-letters");

        String run = UUID.randomUUID().toString().substring(0, 8);
        records.keyBy(r -> r.value().getModelId(), Types.STRING)
                .process(new CountRevisionsFailingOnce(), HubdexTypes.avro(ModelEvent.class))
                .name("count-revisions").uid("count-revisions")
                .sinkTo(KafkaSinks.exactlyOnce(bootstrap, out, ModelEvent.class, ModelEvent::getModelId,
                        "hubdex-it-out-" + run).build())
                .name("out").uid("out");
        records.getSideOutput(DeadLetters.TAG)
                .sinkTo(KafkaSinks.deadLetters(bootstrap, dlq, "hubdex-it-dlq-" + run).build())
                .name("dead-letters").uid("dead-letters");
        return env.execute();
    }

    /**
     * A keyed step with state (revisions seen per model) that throws once, on its first attempt,
     * after {@link #FAIL_AFTER} records and at least one completed checkpoint; it is slowed down on
     * that attempt so that checkpoints complete while records still flow.
     */
    static final class CountRevisionsFailingOnce extends KeyedProcessFunction<String, SourceRecord<ModelEvent>, ModelEvent>
            implements CheckpointListener {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Integer> revisions;
        private transient int processed;
        private transient int checkpoints;

        @Override
        public void open(OpenContext context) {
            revisions = getRuntimeContext().getState(new ValueStateDescriptor<>("revisions", Types.INT));
        }

        @Override
        public void processElement(SourceRecord<ModelEvent> record, Context ctx, Collector<ModelEvent> out) throws Exception {
            Integer seen = revisions.value();
            revisions.update(seen == null ? 1 : seen + 1);
            boolean firstAttempt = getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
            if (firstAttempt) {
                Thread.sleep(2);
                if (++processed >= FAIL_AFTER && checkpoints > 0 && FAILED_ONCE.compareAndSet(false, true)) {
                    CHECKPOINTS_BEFORE_FAILURE.set(checkpoints);
                    throw new IllegalStateException("injected failure after " + processed + " records and "
                            + checkpoints + " checkpoints");
                }
            }
            out.collect(record.value());
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpoints++;
        }
    }

    /** Produces the events and, among them, three corrupt payloads; returns each corrupt one's payloadRef and expected error. */
    private static Map<String, Class<?>> produce(KafkaCluster kafka, String topic) throws Exception {
        AvroCodec<ModelEvent> codec = AvroCodec.of(ModelEvent.class);
        Map<Integer, byte[]> corruptAt = Map.of(500, Fixtures.badMagic(), 1000, Fixtures.unknownFingerprint(),
                1500, Fixtures.truncated());
        Map<Integer, Class<?>> errors = Map.of(500, InvalidHeaderException.class, 1000, UnknownSchemaException.class,
                1500, CorruptPayloadException.class);
        Map<String, Class<?>> refs = new HashMap<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producerProperties(),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < EVENTS; i++) {
                if (corruptAt.containsKey(i)) {
                    RecordMetadata m = producer.send(new ProducerRecord<>(topic, "corrupt-" + i, corruptAt.get(i))).get();
                    refs.put(topic + "/" + m.partition() + "/" + m.offset(), errors.get(i));
                }
                ModelEvent event = Fixtures.event(i);
                producer.send(new ProducerRecord<>(topic, event.getModelId(), codec.encode(topic, event)));
            }
            producer.flush();
        }
        return refs;
    }

    /** Everything committed on the topic, read with {@code isolation.level=read_committed} up to the end. */
    private static List<ConsumerRecord<String, byte[]>> readCommitted(KafkaCluster kafka, String topic) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                kafka.consumerProperties("it-reader-" + UUID.randomUUID()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // the last stable offset under read_committed
            long deadline = System.nanoTime() + KafkaCluster.defaultAwait().toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("read %s to %s within %s", topic, end, KafkaCluster.defaultAwait())
                        .isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
