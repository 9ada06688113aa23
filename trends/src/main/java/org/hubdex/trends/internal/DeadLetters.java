package org.hubdex.trends.internal;

import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.hubdex.schemas.avro.DeadLetter;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.trends.TrendsMetrics;

/**
 * Turns an event {@link EventCheck} rejects into a {@link DeadLetter} for {@code hub.dead-letters}, with the source
 * topic, partition and offset so it can be found again. A new instance per task.
 */
public final class DeadLetters implements FixedKeyProcessor<String, ModelEvent, DeadLetter> {

    static final String STAGE = "trends";
    private final TrendsMetrics metrics;
    private FixedKeyProcessorContext<String, DeadLetter> context;

    public DeadLetters(TrendsMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, DeadLetter> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, ModelEvent> record) {
        ModelEvent event = record.value();
        Optional<RecordMetadata> meta = context.recordMetadata();
        metrics.invalid();
        context.forward(record.withValue(of(meta.map(RecordMetadata::topic).orElse("unknown"), meta.map(RecordMetadata::partition),
                meta.map(RecordMetadata::offset), record.key(), event == null ? null : event.getModelId(),
                event == null ? null : event.getSha(), IllegalArgumentException.class.getName(),
                EventCheck.problem(event).orElse("rejected"), context.currentSystemTimeMs())));
    }

    /** A dead letter of the trends stage. */
    public static DeadLetter of(String topic, Optional<Integer> partition, Optional<Long> offset, String key, String modelId, String sha,
            String errorClass, String reason, long failedAt) {
        return DeadLetter.newBuilder()
                .setSourceTopic(topic)
                .setSourcePartition(partition.orElse(null))
                .setSourceOffset(offset.orElse(null))
                .setKey(key)
                .setModelId(modelId)
                .setSha(sha)
                .setStage(STAGE)
                .setErrorClass(errorClass)
                .setReason(reason)
                .setPayloadRef(partition.isPresent() && offset.isPresent() ? topic + "/" + partition.get() + "/" + offset.get() : null)
                .setFailedAt(Instant.ofEpochMilli(failedAt))
                .build();
    }
}
