package org.hubdex.zoo.internal;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.hubdex.weightspace.engine.Engines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zoo's access to the PyTorch engine: loads it through weightspace's {@link Engines}, sets the intra-op
 * thread count, and provides per-thread autograd.
 *
 * <p><b>Why not DJL's {@code GradientCollector}.</b> DJL allows one collecting gradient collector per JVM (a
 * static flag), so two models could not train at once. Autograd itself is per thread in PyTorch: grad mode is
 * thread-local and a backward pass runs on the calling thread for CPU tensors. So each worker switches grad mode
 * on for its own forward and backward pass ({@link #backward}) and the workers train side by side, each with one
 * intra-op thread, which on a 2-core machine beats two intra-op threads on one model (the networks are small).
 *
 * <p>Thread-safe.
 */
public final class TorchRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(TorchRuntime.class);

    private TorchRuntime() {
    }

    /** Loads the engine (once per JVM) and sets PyTorch's intra-op threads to {@code intraOpThreads}. */
    public static synchronized Engine start(int intraOpThreads) {
        Engine engine = Engines.pytorch();
        if (JniUtils.getNumThreads() != intraOpThreads) {
            JniUtils.setNumThreads(intraOpThreads);
        }
        LOG.debug("PyTorch {} with {} intra-op thread(s)", engine.getVersion(), JniUtils.getNumThreads());
        return engine;
    }

    /** A fresh root manager on the CPU, for one model; close it when the model is done. */
    public static NDManager newManager() {
        return NDManager.newBaseManager(Device.cpu(), Engines.PYTORCH);
    }

    /** Turns autograd recording on or off for the calling thread only. */
    static void recordGradients(boolean on) {
        JniUtils.setGradMode(on);
    }

    /** Back-propagates the scalar {@code loss} into the gradients of the tensors that require them. */
    static void backward(NDArray loss) {
        try (NDArray seed = loss.onesLike()) {
            JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
        }
    }

    /** Zeroes the accumulated gradient of {@code parameter} in place. */
    static void zeroGradient(NDArray parameter) {
        JniUtils.zeroGrad((PtNDArray) parameter);
    }
}
