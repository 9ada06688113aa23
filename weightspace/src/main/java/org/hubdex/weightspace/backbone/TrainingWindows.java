package org.hubdex.weightspace.backbone;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws the training windows: a model, then a random contiguous window of {@code windowTokens} tokens in it (the
 * whole model when it is shorter).
 *
 * <p><b>Model weights.</b> A model is drawn with probability proportional to the square root of its token count.
 * Uniform draws would show a 20-token model's only window as often as any one window of a 3,000-token model
 * would be shown 50 times less; drawing windows uniformly (weights proportional to length) would let a few big
 * models crowd out the hundreds of small ones that make up a hub. The square root sits between: big models are
 * seen more often, but each small model still appears every few epochs.
 *
 * <p>Not thread-safe; the trainer's one loop owns it.
 */
final class TrainingWindows {

    /** One drawn window. */
    record Draw(TokenSequence sequence, int from, int count) {
    }

    private final List<TokenSequence> sequences;
    private final int windowTokens;
    private final double[] cumulative;
    private final long windowsPerEpoch;

    TrainingWindows(List<TokenSequence> sequences, int windowTokens) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("no training sequences");
        }
        this.sequences = List.copyOf(sequences);
        this.windowTokens = windowTokens;
        this.cumulative = new double[sequences.size()];
        double total = 0;
        long windows = 0;
        for (int i = 0; i < sequences.size(); i++) {
            int n = sequences.get(i).tokenCount();
            total += Math.sqrt(n);
            cumulative[i] = total;
            windows += (n + windowTokens - 1) / windowTokens;
        }
        this.windowsPerEpoch = windows;
    }

    /** Windows that tile the training set once: what one epoch means here. */
    long windowsPerEpoch() {
        return windowsPerEpoch;
    }

    Draw next(SplittableRandom random) {
        double u = random.nextDouble() * cumulative[cumulative.length - 1];
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        TokenSequence s = sequences.get(lo);
        int n = s.tokenCount();
        if (n <= windowTokens) {
            return new Draw(s, 0, n);
        }
        return new Draw(s, random.nextInt(n - windowTokens + 1), windowTokens);
    }
}
