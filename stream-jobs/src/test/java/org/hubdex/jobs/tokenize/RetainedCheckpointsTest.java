package org.hubdex.jobs.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetainedCheckpointsTest {

    @TempDir
    Path dir;

    private Path checkpoint(String job, int n, boolean complete, Instant written) throws Exception {
        Path chk = Files.createDirectories(dir.resolve(job).resolve("chk-" + n));
        if (complete) {
            Path metadata = Files.writeString(chk.resolve("_metadata"), "x");
            Files.setLastModifiedTime(metadata, FileTime.from(written));
        }
        return chk;
    }

    @Test
    void theNewestCompleteCheckpointWinsAndAHalfWrittenOneIsIgnored() throws Exception {
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        checkpoint("job-a", 7, true, t);
        Path newest = checkpoint("job-b", 2, true, t.plusSeconds(60));
        checkpoint("job-b", 3, false, t.plusSeconds(120)); // killed while writing it: no _metadata yet
        Files.createDirectories(dir.resolve("job-b").resolve("shared"));

        assertThat(RetainedCheckpoints.latest(dir)).contains(newest);

        assertThat(RetainedCheckpoints.pruneExcept(dir, newest)).isEqualTo(1);
        assertThat(dir.resolve("job-a")).doesNotExist();
        assertThat(newest.resolve("_metadata")).exists();
    }

    @Test
    void noDirectoryOrNoCheckpointMeansAFreshStart() throws Exception {
        assertThat(RetainedCheckpoints.latest(dir.resolve("missing"))).isEmpty();
        checkpoint("job", 1, false, Instant.now());
        assertThat(RetainedCheckpoints.latest(dir)).isEmpty();
    }
}
