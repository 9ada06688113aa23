package org.hubdex.jobs;

import java.time.Instant;
import java.util.Arrays;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.ModelEventKind;

/** Records and corrupt payloads shared by the tests. */
final class Fixtures {
    private Fixtures() {
    }

    static ModelEvent event(int i) {
        return ModelEvent.newBuilder()
                .setKind(ModelEventKind.CREATED)
                .setModelId(modelId(i))
                .setSha(String.format("%040x", i))
                .setHubUrl("http://localhost:0")
                .setObservedAt(Instant.ofEpochMilli(1_764_000_000_000L + i))
                .build();
    }

    static String modelId(int i) {
        return "org-" + (i % 37) + "/model-" + i;
    }

    /** Not single-object encoded at all. */
    static byte[] badMagic() {
        return "{\"modelId\":\"json/not-avro\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A valid header and body, but a writer fingerprint no released schema has. */
    static byte[] unknownFingerprint() {
        byte[] bytes = AvroCodec.of(ModelEvent.class).encode("test", event(0));
        Arrays.fill(bytes, 2, 10, (byte) 0x5A);
        return bytes;
    }

    /** A valid header, then a body cut short. */
    static byte[] truncated() {
        byte[] bytes = AvroCodec.of(ModelEvent.class).encode("test", event(0));
        return Arrays.copyOf(bytes, bytes.length - 7);
    }
}
