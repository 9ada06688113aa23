package org.hubdex.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooOptionsTest {

    @Test
    void theCommandLineSetsEveryOption(@TempDir Path dir) {
        ZooOptions options = ZooMain.parse(List.of("--preset", "standard", "--seed", "42", "--out", dir.toString(),
                "--workers", "3", "--data", "/data", "--progress", "5"));

        assertThat(options.preset()).isEqualTo(ZooPreset.STANDARD);
        assertThat(options.seed()).isEqualTo(42);
        assertThat(options.output()).isEqualTo(dir.toAbsolutePath());
        assertThat(options.workers()).isEqualTo(3);
        assertThat(options.dataDir()).isEqualTo(Path.of("/data"));
        assertThat(options.progressInterval()).hasSeconds(5);
    }

    @Test
    void defaults(@TempDir Path dir) {
        ZooOptions options = ZooMain.parse(List.of("--out", dir.toString()));
        assertThat(options.preset()).isEqualTo(ZooPreset.TINY);
        assertThat(options.seed()).isEqualTo(ZooOptions.DEFAULT_SEED);
        assertThat(options.dataDir()).isEqualTo(FashionMnist.DEFAULT_DIR);
        assertThat(ZooMain.parse(List.of("--help"))).isNull();
    }

    @Test
    void badValuesSayHowToFixThem(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ZooMain.parse(List.of("--preset", "huge", "--out", dir.toString())))
                .isInstanceOf(InvalidZooOptionsException.class).hasMessageContaining("[tiny, standard]");
        assertThatThrownBy(() -> ZooMain.parse(List.of("--seed", "x", "--out", dir.toString())))
                .isInstanceOf(InvalidZooOptionsException.class).hasMessageContaining("whole number");
        assertThatThrownBy(() -> ZooMain.parse(List.of("--workers", "0", "--out", dir.toString())))
                .isInstanceOf(InvalidZooOptionsException.class).hasMessageContaining("workers must be 1 to 64");
        assertThatThrownBy(() -> ZooMain.parse(List.of("--seed", "1")))
                .isInstanceOf(InvalidZooOptionsException.class).hasMessageContaining("--out");
        assertThatThrownBy(() -> ZooMain.parse(List.of("--out")))
                .isInstanceOf(InvalidZooOptionsException.class).hasMessageContaining("needs a value");
        Path file = Files.createFile(dir.resolve("file"));
        assertThatThrownBy(() -> ZooOptions.builder().setOutput(file).build())
                .isInstanceOf(InvalidZooOptionsException.class).hasMessageContaining("is a file");
    }

    @Test
    void aFolderOfAnotherZooIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("zoo.json"), "{\"format\":\"hubdex-zoo\",\"version\":1,\"preset\":\"standard\",\"seed\":5}");
        ZooOptions options = ZooOptions.builder().setOutput(dir).optSeed(6).build();
        assertThatThrownBy(() -> ZooGenerator.create(options).run())
                .isInstanceOf(ZooOutputConflictException.class)
                .hasMessageContaining("preset standard, seed 5")
                .hasMessageContaining("preset tiny, seed 6");
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> ZooGenerator.create(ZooOptions.builder().setOutput(other).build()).run())
                .isInstanceOf(ZooOutputConflictException.class).hasMessageContaining("not empty");
    }
}
