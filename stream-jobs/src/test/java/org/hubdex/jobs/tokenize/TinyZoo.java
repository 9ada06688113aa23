package org.hubdex.jobs.tokenize;

import java.nio.file.Path;
import org.hubdex.zoo.ZooGenerator;
import org.hubdex.zoo.ZooOptions;
import org.hubdex.zoo.ZooPreset;

/**
 * The tiny zoo (seed 1), trained once per build into {@code hubdex.zoo.cache} (the root's
 * {@code target/zoo-cache}, set by this module's Failsafe configuration) and reused: the generator
 * resumes a finished zoo without training anything, and refuses a folder holding another preset or seed.
 */
final class TinyZoo {

    private TinyZoo() {
    }

    /** The zoo's output folder ({@code hub/}, {@code manifest.jsonl}, ...), generated if needed. */
    static synchronized Path folder() {
        Path dir = Path.of(System.getProperty("hubdex.zoo.cache", "target/zoo-cache")).toAbsolutePath().resolve("tiny-1");
        ZooGenerator.create(ZooOptions.builder().setOutput(dir).optPreset(ZooPreset.TINY).optSeed(1).optWorkers(2).build()).run();
        return dir;
    }
}
