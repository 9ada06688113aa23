package org.hubdex.weightspace.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixed validation set of a training run and its reconstruction loss: every validation sequence tiled into
 * consecutive windows of {@code windowTokens} (the last one shorter), at most {@link #MAX_WINDOWS} of them taken
 * evenly, encoded and decoded clean (no augmentation), scored with MLN in fixed batches and averaged over the real
 * values. The same windows every time, so the curve shows the model and not the draw.
 *
 * <p>Not thread-safe; the training loop owns it.
 */
final class ValidationWindows {

    /** Caps the cost of a validation at about a dozen forward passes. */
    static final int MAX_WINDOWS = 512;

    private final List<TrainingWindows.Draw> windows;
    private final BackboneConfig config;
    private final PositionCode code;
    private final InputScale scale;

    ValidationWindows(List<TokenSequence> sequences, BackboneConfig config, PositionCode code, InputScale scale) {
        this.config = config;
        this.code = code;
        this.scale = scale;
        List<TrainingWindows.Draw> all = new ArrayList<>();
        int w = config.windowTokens();
        for (TokenSequence s : sequences) {
            for (int from = 0; from < s.tokenCount(); from += w) {
                all.add(new TrainingWindows.Draw(s, from, Math.min(w, s.tokenCount() - from)));
            }
        }
        if (all.size() <= MAX_WINDOWS) {
            this.windows = List.copyOf(all);
        } else {
            List<TrainingWindows.Draw> picked = new ArrayList<>(MAX_WINDOWS);
            for (int i = 0; i < MAX_WINDOWS; i++) {
                picked.add(all.get((int) ((long) i * all.size() / MAX_WINDOWS)));
            }
            this.windows = List.copyOf(picked);
        }
    }

    /** The number of validation windows. */
    int size() {
        return windows.size();
    }

    /** The MLN reconstruction loss of the validation windows under {@code weights} (call with grad mode off). */
    double loss(BackboneNetwork network, Weights weights, NDManager parent) {
        if (windows.isEmpty()) {
            return Double.NaN;
        }
        int capacity = 2 * config.batchSize();
        double weighted = 0;
        long values = 0;
        WindowTensors.Staging staging = WindowTensors.Staging.copying();
        for (int from = 0; from < windows.size(); from += capacity) {
            List<TrainingWindows.Draw> part = windows.subList(from, Math.min(windows.size(), from + capacity));
            WindowBatch batch = new WindowBatch(part.size(), config.windowTokens(), config.tokenSize(), code, scale);
            for (TrainingWindows.Draw d : part) {
                batch.add(d.sequence(), d.from(), d.count(), null, null);
            }
            int cells = batch.size() * batch.length() * batch.tokenSize();
            Losses.MlnStats stats = Losses.MlnStats.of(batch.target, batch.mask, cells);
            try (NDManager scope = parent.newSubManager()) {
                WindowTensors in = WindowTensors.forLoss(batch, scope, staging);
                NDArray latents = network.encode(in, weights);
                NDArray prediction = network.decode(latents, in, weights).mul(scale.std()).add(scale.mean());
                double loss = Losses.maskedNormalizedMse(prediction, in.target(), in.mask(), stats).getFloat();
                weighted += loss * stats.count();
                values += stats.count();
            }
        }
        return weighted / values;
    }
}
