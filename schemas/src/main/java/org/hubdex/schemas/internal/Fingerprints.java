package org.hubdex.schemas.internal;

import java.util.HexFormat;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Schema fingerprints and how they are printed. A fingerprint is shown as the 8 bytes that appear in
 * the record header, in wire (little-endian) order: the same hex string {@code xxd} shows for bytes
 * 2..9 of a payload and that Python's {@code fastavro.schema.fingerprint(..., "CRC-64-AVRO")} prints,
 * so a fingerprint in a log can be matched against either without byte swapping. Stateless.
 */
public final class Fingerprints {
    private static final HexFormat HEX = HexFormat.of();

    private Fingerprints() {
    }

    /** CRC-64-AVRO (Rabin) fingerprint of the schema's parsing canonical form. */
    public static long of(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** The fingerprint as its 8 header bytes in hex, e.g. {@code 5f0a...}. */
    public static String hex(long fingerprint) {
        byte[] bytes = new byte[Long.BYTES];
        for (int i = 0; i < Long.BYTES; i++) {
            bytes[i] = (byte) (fingerprint >>> (8 * i));
        }
        return HEX.formatHex(bytes);
    }

    static String hexBytes(byte[] bytes, int from, int to) {
        return HEX.formatHex(bytes, from, to);
    }
}
