package org.hubdex.schemas;

/**
 * The token tensor of one {@code hub.weight-tokens} record, decoded by {@link WeightTokensTensors}: what a
 * backbone consumes.
 *
 * @param tokenCount n
 * @param tokenSize s
 * @param values float32 {@code [n, s]}, row-major (float16 records widened exactly)
 * @param mask one byte per value {@code [n, s]}: 1 for a real weight, 0 for padding
 * @param positions int {@code [n, 3]}, row-major: global token index, layer index, token index in the layer
 */
public record TokenTensor(int tokenCount, int tokenSize, float[] values, byte[] mask, int[] positions) {
}
