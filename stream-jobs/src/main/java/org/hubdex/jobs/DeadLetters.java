package org.hubdex.jobs;

import java.time.Instant;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.hubdex.schemas.avro.DeadLetter;

/**
 * Building {@link DeadLetter}s and routing them: {@link #split} separates decoded records from decode
 * failures, which come out on the side output {@link #TAG}; {@link #of} builds the dead letter for a
 * record a later step failed on. Publish them with {@link KafkaSinks#deadLetters}.
 *
 * <pre>{@code
 * SingleOutputStreamOperator<SourceRecord<ModelEvent>> events = DeadLetters.split(decoded, ModelEvent.class);
 * events.getSideOutput(DeadLetters.TAG).sinkTo(KafkaSinks.deadLetters(bootstrap, topic, prefix).build());
 * }</pre>
 */
public final class DeadLetters {

    /** The side output carrying dead letters. */
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters", HubdexTypes.avro(DeadLetter.class));

    private DeadLetters() {
    }

    /**
     * The records of {@code decoded}, with every {@link Decoded.Failed} moved to the side output
     * {@link #TAG}. The operator is named {@code split-dead-letters}; set a uid on the result.
     */
    public static <T extends SpecificRecord> SingleOutputStreamOperator<SourceRecord<T>> split(
            DataStream<Decoded<T>> decoded, Class<T> type) {
        return decoded.process(new Splitter<T>(), HubdexTypes.sourceRecord(type)).name("split-dead-letters");
    }

    /**
     * The dead letter of a record that {@code stage} gave up on after {@code attempts} tries.
     *
     * @param stage e.g. {@code tokenize}
     */
    public static DeadLetter of(SourceRecord<?> record, String stage, Throwable error, int attempts) {
        return of(record.topic(), record.partition(), record.offset(), record.key(), stage, error, attempts);
    }

    /** The dead letter of the Kafka record at {@code topic/partition/offset} that {@code stage} gave up on. */
    public static DeadLetter of(String topic, int partition, long offset, String key, String stage, Throwable error,
            int attempts) {
        Objects.requireNonNull(error, "error");
        return DeadLetter.newBuilder()
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setKey(key)
                .setStage(Objects.requireNonNull(stage, "stage"))
                .setErrorClass(error.getClass().getName())
                .setReason(String.valueOf(error.getMessage()))
                .setPayloadRef(topic + "/" + partition + "/" + offset)
                .setFailedAt(Instant.now())
                .setAttempts(attempts)
                .build();
    }

    private static final class Splitter<T extends SpecificRecord> extends ProcessFunction<Decoded<T>, SourceRecord<T>> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(Decoded<T> in, Context ctx, Collector<SourceRecord<T>> out) {
            if (in instanceof SourceRecord<T> record) {
                out.collect(record);
            } else {
                ctx.output(TAG, ((Decoded.Failed<T>) in).deadLetter());
            }
        }
    }
}
