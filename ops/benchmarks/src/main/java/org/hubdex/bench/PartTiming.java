package org.hubdex.bench;

/**
 * Wall time and sampled peak memory of one part of a run.
 *
 * @param name the part
 * @param seconds wall-clock seconds
 * @param peak peak used heap and resident memory sampled during it
 */
record PartTiming(String name, double seconds, ResourceSampler.Peak peak) {
}
