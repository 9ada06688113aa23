package org.hubdex.zoo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hubdex.zoo.ZooOutputConflictException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputLockTest {

    @Test
    void oneRunAtATimePerFolder(@TempDir Path dir) {
        try (OutputLock first = OutputLock.acquire(dir)) {
            assertThatThrownBy(() -> OutputLock.acquire(dir))
                    .isInstanceOf(ZooOutputConflictException.class)
                    .hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("another zoo run");
        }
        try (OutputLock again = OutputLock.acquire(dir)) {
            assertThat(Files.exists(dir.resolve(OutputLock.FILE_NAME))).isTrue();
        }
    }
}
