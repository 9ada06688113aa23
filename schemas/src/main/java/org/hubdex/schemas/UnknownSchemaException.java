package org.hubdex.schemas;

/**
 * The payload's header names a writer schema fingerprint that the {@link ReleasedSchemaStore} does
 * not know. Usually a producer runs a newer schema than this consumer's jar (upgrade consumers first,
 * see {@code schemas/README.md}), or the record was not written by Hubdex at all.
 */
public class UnknownSchemaException extends SchemaException {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final long fingerprint;

    public UnknownSchemaException(String topic, long fingerprint, String message) {
        super(message);
        this.topic = topic;
        this.fingerprint = fingerprint;
    }

    /** The topic the payload came from, as the caller named it. */
    public String topic() {
        return topic;
    }

    /** The CRC-64-AVRO fingerprint found in the header. */
    public long fingerprint() {
        return fingerprint;
    }
}
