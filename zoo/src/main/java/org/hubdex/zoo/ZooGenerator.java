package org.hubdex.zoo;

import org.hubdex.zoo.internal.ZooRun;

/**
 * Generates a model zoo: real models trained on Fashion-MNIST with DJL on the PyTorch engine, organized in trees
 * (base models pre-trained on all classes, fine-tunes and fine-tunes of fine-tunes on class subsets, models trained
 * from scratch), written as hub repository folders that the local hub serves unchanged, with a ground-truth
 * manifest beside them.
 *
 * <p>Output ({@code docs/repo-folder-format.md}): {@code <out>/hub/<author>/<name>/} for first commits,
 * {@code <out>/updates/<author>/<name>/} for later commits, {@code <out>/manifest.jsonl} (one {@link ManifestEntry}
 * per commit) and {@code <out>/zoo.json}.
 *
 * <p><b>Lifecycle.</b> {@link #create} validates nothing beyond the options; {@link #run} plans the population
 * (a pure function of preset and seed), resumes whatever an interrupted run into the same folder finished, trains
 * the rest on {@link ZooOptions#workers()} threads and blocks until the zoo is complete. Running again on a complete
 * zoo only rewrites the summary.
 *
 * <p><b>Thread-safety.</b> One {@link #run} at a time per output folder; it uses its own worker threads.
 */
public final class ZooGenerator {

    private final ZooOptions options;

    private ZooGenerator(ZooOptions options) {
        this.options = options;
    }

    public static ZooGenerator create(ZooOptions options) {
        return new ZooGenerator(options);
    }

    /** The population this generator writes. */
    public ZooPlan plan() {
        return ZooPlan.create(options.preset(), options.seed());
    }

    /**
     * Generates (or completes) the zoo and returns its summary.
     *
     * @throws DatasetUnavailableException if Fashion-MNIST is missing
     * @throws ZooOutputConflictException if the output folder holds another zoo or other files
     * @throws ZooException if a model fails to train or write (finished models are kept for the next run)
     */
    public ZooSummary run() {
        return ZooRun.run(options);
    }

    public ZooOptions options() {
        return options;
    }
}
