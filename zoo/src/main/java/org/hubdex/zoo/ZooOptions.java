package org.hubdex.zoo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What to generate and where: built with {@link #builder()}, validated in {@link Builder#build()}.
 *
 * @param output the output folder: {@code hub/}, {@code updates/}, {@code manifest.jsonl} and {@code zoo.json} go
 *     there; an existing zoo of the same preset and seed is resumed
 * @param preset the population preset
 * @param seed the zoo seed
 * @param workers models trained at once, each on one PyTorch intra-op thread
 * @param dataDir the folder holding the Fashion-MNIST IDX files
 * @param progressInterval how often a progress line is logged
 */
public record ZooOptions(Path output, ZooPreset preset, long seed, int workers, Path dataDir, Duration progressInterval) {

    /** Default seed. */
    public static final long DEFAULT_SEED = 1;
    /** Default progress interval. */
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(15);

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link ZooOptions}; {@code setOutput} is required, everything else has a default. */
    public static final class Builder {
        private Path output;
        private ZooPreset preset = ZooPreset.TINY;
        private long seed = DEFAULT_SEED;
        private int workers = Runtime.getRuntime().availableProcessors();
        private Path dataDir = FashionMnist.DEFAULT_DIR;
        private Duration progressInterval = DEFAULT_PROGRESS_INTERVAL;

        private Builder() {
        }

        /** The output folder (created if missing). Required. */
        public Builder setOutput(Path output) {
            this.output = output;
            return this;
        }

        /** The preset; default {@link ZooPreset#TINY}. */
        public Builder optPreset(ZooPreset preset) {
            this.preset = preset;
            return this;
        }

        /** The zoo seed; default {@value #DEFAULT_SEED}. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Models trained at once; default the number of available processors. */
        public Builder optWorkers(int workers) {
            this.workers = workers;
            return this;
        }

        /** Where the Fashion-MNIST IDX files are; default {@link FashionMnist#DEFAULT_DIR}. */
        public Builder optDataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** How often to log progress; default 15 seconds. */
        public Builder optProgressInterval(Duration progressInterval) {
            this.progressInterval = progressInterval;
            return this;
        }

        /**
         * @throws InvalidZooOptionsException if a value is missing or out of range (the message says how to fix it)
         */
        public ZooOptions build() {
            if (output == null) {
                throw new InvalidZooOptionsException("the output folder is required: call setOutput(path) (--out DIR)");
            }
            if (Files.exists(output) && !Files.isDirectory(output)) {
                throw new InvalidZooOptionsException("the output " + output + " is a file; expected a folder (new or"
                        + " holding a zoo to resume)");
            }
            if (preset == null) {
                throw new InvalidZooOptionsException("preset must not be null; use TINY or STANDARD");
            }
            if (workers < 1 || workers > 64) {
                throw new InvalidZooOptionsException("workers must be 1 to 64, got " + workers
                        + "; one per CPU core is fastest");
            }
            if (dataDir == null) {
                throw new InvalidZooOptionsException("dataDir must not be null; the default is " + FashionMnist.DEFAULT_DIR);
            }
            if (progressInterval == null || progressInterval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new InvalidZooOptionsException("progressInterval must be at least 1 second, got " + progressInterval);
            }
            return new ZooOptions(output.toAbsolutePath().normalize(), preset, seed, workers, dataDir, progressInterval);
        }
    }
}
