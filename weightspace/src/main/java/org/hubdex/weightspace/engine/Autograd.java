package org.hubdex.weightspace.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Per-thread autograd on the PyTorch engine, for weightspace's models (backbone, ProbeX) trained as plain
 * tensors with a parameter map rather than DJL blocks.
 *
 * <p><b>Why not DJL's {@code GradientCollector}.</b> DJL allows one collecting gradient collector per JVM (a
 * static flag), so two models could not train at once in one process (the trainer trains ProbeX experts while
 * the embedder serves). Autograd itself is per thread in PyTorch: grad mode is thread-local and a backward pass
 * runs on the calling thread for CPU tensors. So a training loop switches grad mode on for its own forward and
 * backward pass and off again, as the zoo's trainer does.
 *
 * <p>Use:
 * <pre>
 * Autograd.recordGradients(true);
 * try { loss = forward(...); Autograd.backward(loss); } finally { Autograd.recordGradients(false); }
 * for (NDArray p : params) { try (NDArray g = p.getGradient()) { optimizer.update(name, p, g); } Autograd.zeroGradient(p); }
 * </pre>
 *
 * <p>Thread-safe (each call acts on the calling thread's grad mode or on the tensors given).
 */
public final class Autograd {

    private Autograd() {
    }

    /** Turns autograd recording on or off for the calling thread only. */
    public static void recordGradients(boolean on) {
        JniUtils.setGradMode(on);
    }

    /** Back-propagates the scalar {@code loss} into the gradients of the tensors that require them. */
    public static void backward(NDArray loss) {
        try (NDArray seed = loss.onesLike()) {
            JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
        }
    }

    /** Zeroes the accumulated gradient of {@code parameter} in place. */
    public static void zeroGradient(NDArray parameter) {
        JniUtils.zeroGrad((PtNDArray) parameter);
    }

    /** Sets PyTorch's intra-op thread count for the process (a no-op when already {@code threads}). */
    public static void intraOpThreads(int threads) {
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }
}
