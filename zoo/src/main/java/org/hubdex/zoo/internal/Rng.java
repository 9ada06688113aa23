package org.hubdex.zoo.internal;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The zoo's seeded random source: {@link SplittableRandom}'s SplitMix64 stream (specified, so stable across
 * JDKs) with helpers written here on top of {@code nextLong()} rather than JDK methods whose algorithm is not
 * specified ({@code nextGaussian} changed in JDK 17). Same seed, same sequence, on every JVM.
 *
 * <p>Not thread-safe: one instance per task.
 */
public final class Rng {

    private final SplittableRandom random;
    private double spareGaussian;
    private boolean hasSpare;

    public Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A seed derived from {@code seed} and a purpose {@code salt}, decorrelated by SplitMix64's finalizer. */
    public static long derive(long seed, long salt) {
        long z = seed + 0x9E3779B97F4A7C15L * (salt + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A seed derived from {@code seed} and a purpose name. */
    public static long derive(long seed, String salt) {
        long h = 1125899906842597L;
        for (int i = 0; i < salt.length(); i++) {
            h = 31 * h + salt.charAt(i);
        }
        return derive(seed, h);
    }

    public long nextLong() {
        return random.nextLong();
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (random.nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return (int) ((random.nextLong() >>> 1) % bound);
    }

    /** Uniform in [lo, hi], both inclusive. */
    public int between(int lo, int hi) {
        return lo + nextInt(hi - lo + 1);
    }

    /** True with probability {@code p}. */
    public boolean chance(double p) {
        return nextDouble() < p;
    }

    /** Log-uniform in [lo, hi). */
    public double logUniform(double lo, double hi) {
        return Math.exp(Math.log(lo) + nextDouble() * (Math.log(hi) - Math.log(lo)));
    }

    /** Standard normal, by the Box-Muller transform. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u1;
        do {
            u1 = nextDouble();
        } while (u1 <= Double.MIN_NORMAL);
        double u2 = nextDouble();
        double radius = Math.sqrt(-2 * Math.log(u1));
        spareGaussian = radius * Math.sin(2 * Math.PI * u2);
        hasSpare = true;
        return radius * Math.cos(2 * Math.PI * u2);
    }

    /** One element of {@code options}, uniformly. */
    public <T> T pick(List<T> options) {
        return options.get(nextInt(options.size()));
    }

    /** Shuffles {@code values} in place (Fisher-Yates). */
    public void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }
}
