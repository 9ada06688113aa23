package org.hubdex.weightspace.safetensors;

import java.io.IOException;

/** The {@link ByteRangeSource} contract for {@link FileByteRangeSource}. */
class FileByteRangeSourceTest extends ByteRangeSourceContractTest {

    @Override
    ByteRangeSource open(byte[] content) throws IOException {
        return FileByteRangeSource.open(write(content));
    }
}
