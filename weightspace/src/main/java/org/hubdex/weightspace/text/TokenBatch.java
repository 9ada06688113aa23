package org.hubdex.weightspace.text;

import java.util.Arrays;
import java.util.List;

/**
 * Tokenized texts padded to a common length, laid out row-major as a BERT-style model takes them: token ids,
 * attention mask (1 for a real token, 0 for padding) and token type ids, each {@code size() * length()} long.
 *
 * <p>Padding goes on the right with id 0 and mask 0, which is what the model's own tokenizer does; the mask
 * keeps padding out of both the attention and the pooling, so a text gets the same vector in any batch.
 */
final class TokenBatch {

    private final int size;
    private final int length;
    private final long[] ids;
    private final long[] attentionMask;
    private final long[] typeIds;

    private TokenBatch(int size, int length, long[] ids, long[] attentionMask, long[] typeIds) {
        this.size = size;
        this.length = length;
        this.ids = ids;
        this.attentionMask = attentionMask;
        this.typeIds = typeIds;
    }

    /**
     * Pads {@code tokenIds} (one unpadded sequence per text) and their {@code tokenTypeIds} to the longest.
     *
     * @throws IllegalArgumentException if there are no sequences, one is empty, or a sequence's type ids
     *         differ in length from its token ids
     */
    static TokenBatch pad(List<long[]> tokenIds, List<long[]> tokenTypeIds) {
        if (tokenIds.isEmpty()) {
            throw new IllegalArgumentException("a token batch needs at least one sequence");
        }
        if (tokenIds.size() != tokenTypeIds.size()) {
            throw new IllegalArgumentException(tokenIds.size() + " token sequences but " + tokenTypeIds.size()
                    + " type id sequences");
        }
        int length = 0;
        for (int i = 0; i < tokenIds.size(); i++) {
            long[] sequence = tokenIds.get(i);
            if (sequence.length == 0) {
                throw new IllegalArgumentException("token sequence " + i + " is empty");
            }
            if (tokenTypeIds.get(i).length != sequence.length) {
                throw new IllegalArgumentException("token sequence " + i + " has " + sequence.length
                        + " ids but " + tokenTypeIds.get(i).length + " type ids");
            }
            length = Math.max(length, sequence.length);
        }
        int size = tokenIds.size();
        long[] ids = new long[size * length];
        long[] mask = new long[size * length];
        long[] types = new long[size * length];
        for (int row = 0; row < size; row++) {
            long[] sequence = tokenIds.get(row);
            System.arraycopy(sequence, 0, ids, row * length, sequence.length);
            System.arraycopy(tokenTypeIds.get(row), 0, types, row * length, sequence.length);
            Arrays.fill(mask, row * length, row * length + sequence.length, 1L);
        }
        return new TokenBatch(size, length, ids, mask, types);
    }

    /** Number of sequences. */
    int size() {
        return size;
    }

    /** Padded length of every sequence. */
    int length() {
        return length;
    }

    /** Token ids, row-major {@code [size, length]}; callers must not modify the array. */
    long[] ids() {
        return ids;
    }

    /** Attention mask, row-major {@code [size, length]}; callers must not modify the array. */
    long[] attentionMask() {
        return attentionMask;
    }

    /** Token type ids, row-major {@code [size, length]}; callers must not modify the array. */
    long[] typeIds() {
        return typeIds;
    }

    /** The shape of each of the three arrays, as the model's input tensors take it. */
    long[] shape() {
        return new long[] {size, length};
    }
}
