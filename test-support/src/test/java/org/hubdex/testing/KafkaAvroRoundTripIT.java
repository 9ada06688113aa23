package org.hubdex.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hubdex.schemas.AvroDeserializer;
import org.hubdex.schemas.AvroSerializer;
import org.hubdex.schemas.Topic;
import org.hubdex.schemas.UnknownSchemaException;
import org.hubdex.schemas.avro.CardData;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.ModelEventKind;
import org.junit.jupiter.api.Test;

/**
 * Avro records through the project's serializers and a real broker: what a producer writes, a
 * consumer of another process reads back field for field; a payload from an unknown writer schema
 * surfaces as a typed error at the consumer, not as a crash or a silently skipped record.
 */
@RealKafka
class KafkaAvroRoundTripIT {

    @Test
    void modelEventsRoundTripThroughTheBroker(KafkaCluster kafka) throws Exception {
        String topic = kafka.createTopicLike(Topic.MODEL_EVENTS, kafka.uniqueTopic(Topic.MODEL_EVENTS.topicName()));
        List<ModelEvent> sent = List.of(event("acme/shoe-classifier", "a1"), event("acme/bag-classifier", "b2"),
                event("acme/shoe-classifier", "a3"));

        try (KafkaProducer<String, ModelEvent> producer = new KafkaProducer<>(kafka.producerProperties(),
                new StringSerializer(), new AvroSerializer<>(ModelEvent.class))) {
            for (ModelEvent e : sent) {
                RecordMetadata meta = producer.send(new ProducerRecord<>(topic, e.getModelId(), e)).get();
                assertThat(meta.hasOffset()).isTrue();
            }
        }

        List<ConsumerRecord<String, ModelEvent>> received = consume(kafka, topic, sent.size());
        assertThat(received).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(received).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getModelId()));
        // keyed by model id: every event of one model lands in one partition, in order
        List<ConsumerRecord<String, ModelEvent>> shoe = received.stream()
                .filter(r -> r.key().equals("acme/shoe-classifier")).toList();
        assertThat(shoe).extracting(ConsumerRecord::partition).containsOnly(shoe.get(0).partition());
        assertThat(shoe).extracting(r -> r.value().getSha()).containsExactly("a1", "a3");
    }

    @Test
    void aPayloadFromAnUnknownSchemaIsATypedErrorAtTheConsumer(KafkaCluster kafka) throws Exception {
        String topic = kafka.createTopicLike(Topic.MODEL_EVENTS, kafka.uniqueTopic("unknown-writer"));
        // single-object marker C3 01, then a fingerprint no released schema has, then a body
        byte[] foreign = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0x02, 0x00};
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producerProperties(),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "acme/foreign", foreign)).get();
        }

        try (KafkaConsumer<String, ModelEvent> consumer = new KafkaConsumer<>(kafka.consumerProperties("it-unknown"),
                new StringDeserializer(), new AvroDeserializer<>(ModelEvent.class))) {
            consumer.subscribe(List.of(topic));
            assertThatThrownBy(() -> {
                Instant deadline = Instant.now().plus(KafkaCluster.defaultAwait());
                while (Instant.now().isBefore(deadline)) {
                    consumer.poll(Duration.ofMillis(500));
                }
            }).isInstanceOf(RecordDeserializationException.class)
                    .hasCauseInstanceOf(UnknownSchemaException.class)
                    .satisfies(e -> assertThat(((RecordDeserializationException) e).offset()).isZero())
                    .cause().hasMessageContaining(topic).hasMessageContaining("0102030405060708");
        }
    }

    private static List<ConsumerRecord<String, ModelEvent>> consume(KafkaCluster kafka, String topic, int expected) {
        List<ConsumerRecord<String, ModelEvent>> out = new ArrayList<>();
        try (KafkaConsumer<String, ModelEvent> consumer = new KafkaConsumer<>(kafka.consumerProperties("it-" + topic),
                new StringDeserializer(), new AvroDeserializer<>(ModelEvent.class))) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(KafkaCluster.defaultAwait());
            while (out.size() < expected && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        assertThat(out).as("records consumed from %s", topic).hasSize(expected);
        return out;
    }

    private static ModelEvent event(String id, String sha) {
        return ModelEvent.newBuilder()
                .setKind(ModelEventKind.CREATED)
                .setModelId(id)
                .setSha(sha)
                .setHubUrl("http://localhost:8088")
                .setAuthor("acme")
                .setCreatedAt(Instant.parse("2026-11-25T10:00:00Z"))
                .setObservedAt(Instant.parse("2026-11-25T10:00:01Z"))
                .setTags(List.of("image-classification", "base_model:finetune:acme/base"))
                .setCardData(CardData.newBuilder().setBaseModels(List.of("acme/base")).setLicense("mit")
                        .setDatasets(List.of("fashion_mnist")).setLanguages(List.of()).build())
                .setParametersByDtype(Map.of("F32", 2_464L))
                .setParameterTotal(2_464L)
                .build();
    }
}
