package org.hubdex.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.hubdex.schemas.internal.Fingerprints;
import org.hubdex.schemas.internal.GeneratedClassTrust;
import org.hubdex.schemas.internal.SingleObjectHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes and decodes one record type in Avro's single-object encoding: {@code C3 01}, the writer
 * schema's 8-byte little-endian CRC-64-AVRO fingerprint, then the Avro binary body. Values are always
 * written with the current schema of the generated class; when decoding, the writer schema is looked
 * up by fingerprint in a {@link ReleasedSchemaStore} and resolved against the current schema, so
 * records from older producers read with the new fields' defaults. A null value (a tombstone on a
 * compacted topic) encodes and decodes to null.
 *
 * <p>This is the whole wire format; {@link AvroSerializer}, {@link AvroDeserializer} and
 * {@link AvroSerdes} only adapt it to Kafka's interfaces, and a Flink schema can wrap it the same way.
 *
 * <p>Thread-safe: one instance may serve every thread. A resolving reader is built once per writer
 * fingerprint met.
 *
 * @param <T> the generated record class
 */
public final class AvroCodec<T extends SpecificRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(AvroCodec.class);

    private final Class<T> type;
    private final Schema schema;
    private final long fingerprint;
    private final SpecificData model;
    private final DatumWriter<T> writer;
    private final ReleasedSchemaStore store;
    private final Map<Long, DatumReader<T>> readers = new ConcurrentHashMap<>();
    /** Avro's buffered encoder holds a 2 KB buffer: reused per thread rather than allocated per record. */
    private final ThreadLocal<BinaryEncoder> encoders = new ThreadLocal<>();

    private AvroCodec(Class<T> type, ReleasedSchemaStore store) {
        this.type = Objects.requireNonNull(type, "type");
        GeneratedClassTrust.install();
        this.store = Objects.requireNonNull(store, "store");
        this.model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.fingerprint = Fingerprints.of(schema);
        this.writer = new SpecificDatumWriter<>(schema, model);
    }

    /** A codec for the record type that resolves writers with {@link ReleasedSchemaStore#standard()}. */
    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
        return new AvroCodec<>(type, ReleasedSchemaStore.standard());
    }

    /** A codec for the record type that resolves writers with the given store. */
    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type, ReleasedSchemaStore store) {
        return new AvroCodec<>(type, store);
    }

    /** The record class this codec reads and writes. */
    public Class<T> type() {
        return type;
    }

    /** The current (writer and reader) schema. */
    public Schema schema() {
        return schema;
    }

    /** Fingerprint of the current schema, the one every encoded header carries. */
    public long fingerprint() {
        return fingerprint;
    }

    /**
     * The record in single-object encoding, or null for a null record.
     *
     * @param topic where the value goes, for error messages only
     * @throws InvalidRecordException if the record breaks its schema (e.g. a required field is null)
     */
    public byte[] encode(String topic, T record) {
        if (record == null) {
            return null;
        }
        if (!type.isInstance(record)) {
            throw new InvalidRecordException(String.format("Cannot encode a %s for topic %s: this codec writes %s",
                    record.getClass().getName(), topic, type.getName()), null);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        SingleObjectHeader.write(fingerprint, out);
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, encoders.get());
            encoders.set(encoder);
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            encoders.remove(); // may hold part of the failed record
            throw new InvalidRecordException(String.format("Cannot encode %s for topic %s: %s",
                    schema.getName(), topic, e.getMessage()), e);
        }
        return out.toByteArray();
    }

    /**
     * The record a single-object encoded payload holds, or null for a null payload.
     *
     * @param topic where the payload came from, for error messages only
     * @throws InvalidHeaderException if the payload has no valid single-object header
     * @throws UnknownSchemaException if the store does not know the writer fingerprint
     * @throws IncompatibleSchemaException if the writer schema is another record or cannot be resolved
     * @throws CorruptPayloadException if the body does not decode with the writer schema
     */
    public T decode(String topic, byte[] payload) {
        if (payload == null) {
            return null;
        }
        long writerFingerprint = SingleObjectHeader.readFingerprint(payload, topic);
        DatumReader<T> reader = readers.get(writerFingerprint);
        if (reader == null) {
            reader = readers.computeIfAbsent(writerFingerprint, fp -> newReader(topic, fp));
        }
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(
                payload, SingleObjectHeader.LENGTH, payload.length - SingleObjectHeader.LENGTH, null);
        T value;
        int trailing;
        try {
            value = reader.read(null, decoder);
            trailing = decoder.isEnd() ? 0 : decoder.inputStream().available();
        } catch (IOException | RuntimeException e) {
            throw new CorruptPayloadException(String.format(
                    "Value on topic %s (%d bytes) does not decode as %s with writer schema %s: %s",
                    topic, payload.length, schema.getName(), Fingerprints.hex(writerFingerprint), e), e);
        }
        if (trailing != 0) {
            throw new CorruptPayloadException(String.format(
                    "Value on topic %s (%d bytes) has %d bytes after the %s record written with schema %s",
                    topic, payload.length, trailing, schema.getName(), Fingerprints.hex(writerFingerprint)), null);
        }
        return value;
    }

    private DatumReader<T> newReader(String topic, long writerFingerprint) {
        Schema writerSchema = store.findByFingerprint(writerFingerprint);
        if (writerSchema == null) {
            throw new UnknownSchemaException(topic, writerFingerprint, String.format(
                    "Value on topic %s was written with schema fingerprint %s, which this reader does not know"
                            + " (it knows %s). A producer with a newer hubdex-schemas is the usual cause:"
                            + " upgrade consumers before producers (see schemas/README.md).",
                    topic, Fingerprints.hex(writerFingerprint), store.describe(schema.getFullName())));
        }
        if (!writerSchema.getFullName().equals(schema.getFullName())
                && !schema.getAliases().contains(writerSchema.getFullName())) {
            throw new IncompatibleSchemaException(String.format(
                    "Value on topic %s is a %s (schema %s), expected a %s: is it on the wrong topic?",
                    topic, writerSchema.getFullName(), Fingerprints.hex(writerFingerprint), schema.getFullName()));
        }
        SchemaPairCompatibility compatibility = SchemaCompatibility.checkReaderWriterCompatibility(schema, writerSchema);
        if (compatibility.getType() != SchemaCompatibilityType.COMPATIBLE) {
            throw new IncompatibleSchemaException(String.format(
                    "Value on topic %s was written with %s schema %s, which the current reader cannot read: %s",
                    topic, schema.getName(), Fingerprints.hex(writerFingerprint),
                    compatibility.getResult().getIncompatibilities()));
        }
        if (writerFingerprint != fingerprint) {
            LOG.info("Reading {} written with schema {} on topic {}: resolving against the current schema {}",
                    schema.getName(), Fingerprints.hex(writerFingerprint), topic, Fingerprints.hex(fingerprint));
        }
        return new SpecificDatumReader<>(writerSchema, schema, model);
    }
}
