package org.hubdex.schemas.internal;

import java.io.ByteArrayOutputStream;
import org.hubdex.schemas.InvalidHeaderException;

/**
 * The 10-byte header of Avro's single-object encoding: {@code C3 01}, then the writer schema's
 * CRC-64-AVRO fingerprint as 8 little-endian bytes. Written and parsed here by hand (rather than
 * through Avro's {@code BinaryMessageDecoder}) so that each way a header can be wrong gets its own
 * message naming the topic and the bytes found. Stateless.
 */
public final class SingleObjectHeader {
    /** Header bytes before the Avro binary body. */
    public static final int LENGTH = 10;

    private static final byte MAGIC_0 = (byte) 0xC3;
    private static final byte MAGIC_1 = (byte) 0x01;

    private SingleObjectHeader() {
    }

    /** Writes the header for a body written with the schema of that fingerprint. */
    public static void write(long fingerprint, ByteArrayOutputStream out) {
        out.write(MAGIC_0);
        out.write(MAGIC_1);
        for (int i = 0; i < Long.BYTES; i++) {
            out.write((int) (fingerprint >>> (8 * i)) & 0xFF);
        }
    }

    /**
     * The writer schema fingerprint of a payload.
     *
     * @param topic where the payload came from, for the message only
     * @throws InvalidHeaderException if the payload is shorter than the header or the magic is wrong
     */
    public static long readFingerprint(byte[] payload, String topic) {
        if (payload.length < LENGTH) {
            throw new InvalidHeaderException(String.format(
                    "Value on topic %s is %d bytes, shorter than the %d-byte Avro single-object header"
                            + " (C3 01 + 8-byte schema fingerprint); bytes: %s",
                    topic, payload.length, LENGTH, Fingerprints.hexBytes(payload, 0, payload.length)));
        }
        if (payload[0] != MAGIC_0 || payload[1] != MAGIC_1) {
            throw new InvalidHeaderException(String.format(
                    "Value on topic %s does not start with the Avro single-object magic: expected c301, found %s"
                            + " (first bytes %s); it was not written by a Hubdex serializer",
                    topic, Fingerprints.hexBytes(payload, 0, 2),
                    Fingerprints.hexBytes(payload, 0, Math.min(payload.length, 16))));
        }
        long fingerprint = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            fingerprint |= (payload[2 + i] & 0xFFL) << (8 * i);
        }
        return fingerprint;
    }
}
