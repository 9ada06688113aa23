package org.hubdex.weightspace.probex;

import ai.djl.ndarray.NDArray;

/** The two training objectives, written out so that their numerics are visible. Stateless. */
final class Losses {

    private Losses() {
    }

    /**
     * Mean binary cross-entropy of {@code logits} against 0/1 {@code targets} (same shape), in the stable form
     * PyTorch's {@code BCEWithLogitsLoss} uses: {@code max(l, 0) - l y + log(1 + exp(-|l|))}.
     */
    static NDArray bceWithLogits(NDArray logits, NDArray targets) {
        return logits.maximum(0f).sub(logits.mul(targets)).add(logits.abs().neg().exp().add(1f).log()).mean();
    }

    /**
     * Cosine logits of the rows of {@code embeddings} {@code [B, D]} (unit norm) against the candidate texts, given
     * transposed as {@code candidatesT} {@code [D, K]} (unit norm columns; transposed once by the caller, so that no
     * array outside the caller's scope is created per step), divided by {@code temperature}: {@code [B, K]}.
     */
    static NDArray textLogits(NDArray embeddings, NDArray candidatesT, float temperature) {
        return embeddings.matMul(candidatesT).div(temperature);
    }

    /** Mean softmax cross-entropy of {@code logits} {@code [B, K]} against one-hot {@code targets} {@code [B, K]}. */
    static NDArray softmaxCrossEntropy(NDArray logits, NDArray targets) {
        return logits.logSoftmax(1).mul(targets).sum(new int[] {1}).mean().neg();
    }
}
