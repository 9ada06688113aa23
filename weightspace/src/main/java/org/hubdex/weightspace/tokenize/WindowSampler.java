package org.hubdex.weightspace.tokenize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Chooses which tokens of a model to keep: all of them when the model has at most {@code maxTokens},
 * otherwise a deterministic sample of {@code windowTokens}-token windows spread over all layers, so that
 * neither the download nor the record grows with the model.
 *
 * <p>The sample: {@code W = maxTokens / windowTokens} windows. With at most {@code W} layers, every layer
 * gets one window and the rest go to layers in proportion to their token counts (each window to the layer
 * with the most tokens per window so far). With more layers than windows, {@code W} layers evenly spaced in
 * model order (from a seeded offset) get one window each. Inside a layer the windows are distinct slots
 * of its token sequence ({@code [k * windowTokens, (k + 1) * windowTokens)}, the last one possibly
 * shorter), drawn uniformly without replacement. The random choices come from a {@link SplitMix64}
 * seeded by the caller (the revision sha), so the same revision always gives the same tokens.
 *
 * <p>Stateless and thread-safe.
 */
public final class WindowSampler {

    private WindowSampler() {
    }

    /**
     * Token ranges to keep for each layer ({@code result.get(i)} for layer {@code i}, in increasing order;
     * empty when the layer gets none).
     *
     * @param layerTokens token count of each layer, in model order
     */
    public static List<List<TokenRange>> select(long[] layerTokens, int maxTokens, int windowTokens, long seed) {
        long total = Arrays.stream(layerTokens).sum();
        List<List<TokenRange>> result = new ArrayList<>(layerTokens.length);
        if (total <= maxTokens) {
            for (long tokens : layerTokens) {
                result.add(tokens == 0 ? List.of() : List.of(new TokenRange(0, tokens)));
            }
            return result;
        }
        SplitMix64 random = new SplitMix64(seed);
        int windows = maxTokens / windowTokens;
        long[] slots = new long[layerTokens.length];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = (layerTokens[i] + windowTokens - 1) / windowTokens;
        }
        int[] perLayer = layerTokens.length <= windows
                ? proportional(layerTokens, slots, windows)
                : evenlySpaced(layerTokens.length, windows, random);
        for (int i = 0; i < layerTokens.length; i++) {
            List<TokenRange> ranges = new ArrayList<>(perLayer[i]);
            for (long slot : distinctSlots(slots[i], perLayer[i], random)) {
                long start = slot * windowTokens;
                ranges.add(new TokenRange(start, Math.min(start + windowTokens, layerTokens[i])));
            }
            result.add(List.copyOf(ranges));
        }
        return result;
    }

    private static int[] proportional(long[] layerTokens, long[] slots, int windows) {
        int[] count = new int[layerTokens.length];
        int given = 0;
        for (int i = 0; i < count.length; i++) {
            if (slots[i] > 0) {
                count[i] = 1;
                given++;
            }
        }
        // Each further window to the layer with the most tokens per window it would hold (D'Hondt), while
        // it has free slots.
        while (given < windows) {
            int best = -1;
            double bestScore = -1;
            for (int i = 0; i < count.length; i++) {
                if (count[i] < slots[i]) {
                    double score = (double) layerTokens[i] / (count[i] + 1);
                    if (score > bestScore) {
                        bestScore = score;
                        best = i;
                    }
                }
            }
            if (best < 0) {
                break; // every slot is taken: cannot happen when total > maxTokens, kept as a guard
            }
            count[best]++;
            given++;
        }
        return count;
    }

    private static int[] evenlySpaced(int layers, int windows, SplitMix64 random) {
        int[] count = new int[layers];
        double offset = random.nextDouble();
        for (int j = 0; j < windows; j++) {
            count[(int) Math.floor((j + offset) * layers / windows)] = 1;
        }
        return count;
    }

    /** {@code k} distinct values of {@code [0, n)}, sorted (Floyd's algorithm: k draws, no array of n). */
    private static long[] distinctSlots(long n, int k, SplitMix64 random) {
        if (k == 0) {
            return new long[0];
        }
        if (k >= n) {
            long[] all = new long[(int) n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        java.util.TreeSet<Long> chosen = new java.util.TreeSet<>();
        for (long j = n - k; j < n; j++) {
            long t = random.nextLong(j + 1);
            if (!chosen.add(t)) {
                chosen.add(j);
            }
        }
        return chosen.stream().mapToLong(Long::longValue).toArray();
    }
}
