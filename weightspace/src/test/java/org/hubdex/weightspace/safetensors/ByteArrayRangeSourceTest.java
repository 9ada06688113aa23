package org.hubdex.weightspace.safetensors;

/** The {@link ByteRangeSource} contract for {@link ByteRangeSource#ofBytes}. */
class ByteArrayRangeSourceTest extends ByteRangeSourceContractTest {

    @Override
    ByteRangeSource open(byte[] content) {
        return ByteRangeSource.ofBytes(content, "memory.safetensors");
    }
}
