package org.hubdex.indexer.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hubdex.zoo.ZooGenerator;
import org.hubdex.zoo.ZooOptions;
import org.hubdex.zoo.ZooPreset;

/**
 * The tiny zoo (seed 1) under {@code hubdex.zoo.cache} (the root's {@code target/zoo-cache}, shared with the other
 * modules' ITs): reused when a finished one is there, generated (about a minute) when not. The same fixture as the
 * trainer's {@code TinyZoo}, copied rather than shared through a test-jar the reactor slice would not build.
 */
final class TinyZooModelSet {

    private TinyZooModelSet() {
    }

    static synchronized Path folder() {
        Path dir = Path.of(System.getProperty("hubdex.zoo.cache", "target/zoo-cache")).toAbsolutePath().resolve("tiny-1");
        if (!finished(dir)) {
            ZooGenerator.create(ZooOptions.builder().setOutput(dir).optPreset(ZooPreset.TINY).optSeed(1).optWorkers(2).build()).run();
        }
        return dir;
    }

    private static boolean finished(Path dir) {
        Path summary = dir.resolve("zoo.json");
        if (!Files.isRegularFile(summary)) {
            return false;
        }
        try {
            JsonNode zoo = new ObjectMapper().readTree(summary.toFile());
            return "complete".equals(zoo.path("status").asText()) && "tiny".equals(zoo.path("preset").asText())
                    && zoo.path("seed").asLong() == 1;
        } catch (IOException e) {
            return false;
        }
    }
}
