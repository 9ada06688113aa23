package org.hubdex.indexer.index;

import org.hubdex.schemas.avro.ModelEmbedding;
import org.hubdex.schemas.avro.ModelEvent;

/** One record for the sink to apply, with where it came from (for dead letters and logs). */
public sealed interface Change {

    /** The model the change is about (the document id). */
    String modelId();

    /** Source topic, partition and offset. */
    Source source();

    /** Where a change was read. */
    record Source(String topic, int partition, long offset) {
        /** A change not read from Kafka (tests, tools). */
        public static Source none() {
            return new Source("none", -1, -1);
        }
    }

    /** A {@code hub.model-events} record. */
    record Event(ModelEvent event, Source source) implements Change {
        @Override
        public String modelId() {
            return event.getModelId();
        }
    }

    /** A {@code hub.model-embeddings} record. */
    record Embedding(ModelEmbedding embedding, Source source) implements Change {
        @Override
        public String modelId() {
            return embedding.getModelId();
        }
    }
}
