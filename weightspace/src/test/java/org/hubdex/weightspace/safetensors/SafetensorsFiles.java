package org.hubdex.weightspace.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Hand-built safetensors bytes for the corruption corpus: a header given verbatim and a data buffer. */
final class SafetensorsFiles {

    private SafetensorsFiles() {
    }

    static byte[] file(String headerJson, int dataLength) {
        return file(headerJson.getBytes(StandardCharsets.UTF_8), dataLength);
    }

    static byte[] file(byte[] header, int dataLength) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + header.length + dataLength).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(header.length).put(header);
        return buffer.array();
    }

    static ByteRangeSource source(byte[] bytes) {
        return ByteRangeSource.ofBytes(bytes, "test.safetensors");
    }
}
