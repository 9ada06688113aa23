package org.hubdex.jobs;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.hubdex.schemas.avro.DeadLetter;

/**
 * The outcome of decoding one Kafka record: either the {@link SourceRecord} or a {@link Failed}
 * carrying the {@link DeadLetter} that says why not. {@link AvroRecordDeserializer} produces it;
 * {@link DeadLetters#split} turns a stream of it into the records plus a dead-letter side output, so a
 * bad record neither disappears nor stops the job. Flink serializes it with
 * {@link HubdexTypes#decoded(Class)}.
 *
 * @param <T> the generated Avro record class
 */
public sealed interface Decoded<T extends SpecificRecord> permits SourceRecord, Decoded.Failed {

    /**
     * A record that could not be decoded.
     *
     * @param deadLetter what to publish on {@code hub.dead-letters}
     * @param <T> the record class that was expected
     */
    record Failed<T extends SpecificRecord>(DeadLetter deadLetter) implements Decoded<T> {
        public Failed {
            Objects.requireNonNull(deadLetter, "deadLetter");
        }
    }
}
