package org.hubdex.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.hubdex.weightspace.safetensors.DuplicateKeyException;
import org.hubdex.weightspace.safetensors.Dtype;
import org.hubdex.weightspace.safetensors.FileLengthMismatchException;
import org.hubdex.weightspace.safetensors.HeaderTooLargeException;
import org.hubdex.weightspace.safetensors.MalformedHeaderException;
import org.hubdex.weightspace.safetensors.OffsetMismatchException;
import org.hubdex.weightspace.safetensors.SafetensorsException;
import org.hubdex.weightspace.safetensors.SafetensorsHeader;
import org.hubdex.weightspace.safetensors.SafetensorsReader;
import org.hubdex.weightspace.safetensors.SafetensorsWriter;
import org.hubdex.weightspace.safetensors.TensorSizeMismatchException;
import org.hubdex.weightspace.safetensors.TruncatedSafetensorsException;
import org.hubdex.weightspace.safetensors.UnknownDtypeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Safetensors headers read remotely by ranges (bytes and requests counted), one tensor's range, and every corruption kind typed. */
class RemoteSafetensorsTest {

    private static final String ROUTE = "/org/model/resolve/main/model.safetensors";

    private FakeHub hub;
    private FakeTime time;

    @BeforeEach
    void setUp() {
        hub = FakeHub.start();
        time = new FakeTime();
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    private HubClient serve(byte[] file) {
        hub.on(ROUTE, FakeHub.bytes(file, Map.of(), false));
        return TestClients.client(hub, time);
    }

    private static byte[] model(String metadataValue) {
        SafetensorsWriter w = SafetensorsWriter.create().putMetadata("format", "pt");
        if (metadataValue != null) {
            w.putMetadata("notes", metadataValue);
        }
        return w.addTensor("a.weight", Dtype.F32, new long[] {4, 8}, new float[32])
                .addTensor("b.bias", Dtype.F16, new long[] {100_000}, new float[100_000])
                .toBytes();
    }

    private static long headerLength(byte[] file) {
        return ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void aShortHeaderTakesOneRangedRequest() {
        byte[] file = model(null);
        HubClient client = serve(file);
        SafetensorsHeader h = client.readSafetensorsHeader("org/model", Optional.empty(), "model.safetensors");
        assertThat(h.tensors()).hasSize(2);
        assertThat(h.fileLength()).isEqualTo(file.length);
        assertThat(hub.requests()).hasSize(1);
        assertThat(hub.requests().get(0).header("Range")).isEqualTo("bytes=0-100000");
        assertThat(client.stats().bytesRead()).as("the first 100,001 bytes only, not the 200 KB file").isEqualTo(100_001);
    }

    @Test
    void aLongHeaderTakesASecondRequestForItsRestAndNoData() {
        byte[] file = model("x".repeat(150_000));
        long n = headerLength(file);
        assertThat(n).isGreaterThan(100_000);
        HubClient client = serve(file);
        SafetensorsHeader h = client.readSafetensorsHeader("org/model", Optional.empty(), "model.safetensors");
        assertThat(h.metadata()).containsEntry("format", "pt");
        assertThat(hub.requests()).hasSize(2);
        assertThat(hub.requests().get(1).header("Range")).isEqualTo("bytes=100001-" + (n + 7));
        assertThat(client.stats().bytesRead()).as("exactly the prefix and the header").isEqualTo(8 + n);
    }

    @Test
    void aTensorIsReadByItsRangeAlone() throws Exception {
        byte[] file = model(null);
        HubClient client = serve(file);
        SafetensorsHeader h = client.readSafetensorsHeader("org/model", Optional.empty(), "model.safetensors");
        try (RemoteFile f = client.openFile("org/model", Optional.empty(), "model.safetensors")) {
            byte[] bytes = SafetensorsReader.readTensorBytes(f, h, "a.weight");
            assertThat(bytes).hasSize(128);
            assertThat(f.bytesRead()).isEqualTo(128);
            var t = h.tensor("a.weight").orElseThrow();
            assertThat(hub.requests().get(1).header("Range"))
                    .isEqualTo("bytes=" + (h.dataStart() + t.begin()) + "-" + (h.dataStart() + t.end() - 1));
        }
        assertThat(client.readTensorBytes("org/model", Optional.empty(), "model.safetensors", h, "b.bias")).hasSize(200_000);
    }

    /** A file with this header JSON (raw bytes) followed by {@code dataLength} zero bytes. */
    private static byte[] raw(byte[] header, int dataLength) {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataLength).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        return b.array();
    }

    private static byte[] raw(String header, int dataLength) {
        return raw(header.getBytes(StandardCharsets.UTF_8), dataLength);
    }

    static Stream<Arguments> corruptions() {
        byte[] tooLarge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(200_000_000L).array();
        byte[] badUtf8 = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"__metadata__\":{\"k\":\"\u00ff\"}}"
                .getBytes(StandardCharsets.ISO_8859_1);
        String ok = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        return Stream.of(
                Arguments.of("header too large", tooLarge, HeaderTooLargeException.class),
                Arguments.of("fewer than 8 bytes", new byte[] {1, 2, 3}, TruncatedSafetensorsException.class),
                Arguments.of("header longer than the file", Arrays8.truncate(raw(ok, 8), 20), TruncatedSafetensorsException.class),
                Arguments.of("data cut short", Arrays8.truncate(raw(ok, 8), 8 + ok.length() + 4), TruncatedSafetensorsException.class),
                Arguments.of("trailing bytes", raw(ok, 12), FileLengthMismatchException.class),
                Arguments.of("overlapping offsets", raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), OffsetMismatchException.class),
                Arguments.of("gapped offsets", raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12), OffsetMismatchException.class),
                Arguments.of("size mismatch", raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8),
                        TensorSizeMismatchException.class),
                Arguments.of("unknown dtype", raw("{\"a\":{\"dtype\":\"F31\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8),
                        UnknownDtypeException.class),
                Arguments.of("invalid UTF-8", raw(badUtf8, 4), MalformedHeaderException.class),
                Arguments.of("duplicate keys", raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                        + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), DuplicateKeyException.class),
                Arguments.of("not JSON", raw("{\"a\":", 0), MalformedHeaderException.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void eachCorruptionSurfacesAsItsTypedException(String name, byte[] file, Class<? extends SafetensorsException> expected) {
        HubClient client = serve(file);
        assertThatThrownBy(() -> client.readSafetensorsHeader("org/model", Optional.empty(), "model.safetensors"))
                .as(name).isInstanceOf(expected)
                .satisfies(e -> assertThat(((SafetensorsException) e).resource()).contains("/org/model/resolve/main/model.safetensors"));
    }

    @Test
    void anEmptyFileIsTruncatedNotARangeError() {
        HubClient client = serve(new byte[0]);
        assertThatThrownBy(() -> client.readSafetensorsHeader("org/model", Optional.empty(), "model.safetensors"))
                .isInstanceOf(TruncatedSafetensorsException.class);
    }

    /** Byte array helpers. */
    static final class Arrays8 {
        static byte[] truncate(byte[] b, int length) {
            return java.util.Arrays.copyOf(b, length);
        }
    }
}
