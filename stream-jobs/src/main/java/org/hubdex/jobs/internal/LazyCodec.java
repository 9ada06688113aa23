package org.hubdex.jobs.internal;

import java.io.Serializable;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.hubdex.schemas.AvroCodec;

/**
 * An {@link AvroCodec} that Flink can ship: only the record class travels with the job graph, and
 * the codec (whose schemas are not serializable) is created on first use in each task. Thread-safe;
 * a race creates two equivalent codecs, which is harmless.
 *
 * @param <T> the generated record class
 */
public final class LazyCodec<T extends SpecificRecord> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private transient volatile AvroCodec<T> codec;

    public LazyCodec(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
    }

    /** The record class. */
    public Class<T> type() {
        return type;
    }

    /** The codec, created on first use. */
    public AvroCodec<T> get() {
        AvroCodec<T> c = codec;
        if (c == null) {
            c = AvroCodec.of(type);
            codec = c;
        }
        return c;
    }
}
