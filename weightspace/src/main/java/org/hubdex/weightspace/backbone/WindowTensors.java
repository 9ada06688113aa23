package org.hubdex.weightspace.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link WindowBatch} as tensors in one {@link NDManager} (the step's or the call's scope): {@code input
 * [n,T,s]}, {@code positionCode [n,T,d]}, {@code keyBias [n,1,1,T]}, {@code tokenValid [n,T,1]} and, for losses,
 * {@code target} and {@code mask [n,T,s]}.
 *
 * @param target null when made {@link #forEncoding}
 * @param mask null when made {@link #forEncoding}
 */
record WindowTensors(NDArray input, NDArray positionCode, NDArray keyBias, NDArray tokenValid, NDArray target,
        NDArray mask) {

    /** Everything, for training and validation. */
    static WindowTensors forLoss(WindowBatch b, NDManager scope, Staging staging) {
        int n = b.size();
        int t = b.length();
        int s = b.tokenSize();
        return new WindowTensors(
                staging.create(scope, "input", b.input, n * t * s, new Shape(n, t, s)),
                staging.create(scope, "code", b.positionCode, n * t * b.modelWidth(), new Shape(n, t, b.modelWidth())),
                staging.create(scope, "keyBias", b.keyBias, n * t, new Shape(n, 1, 1, t)),
                staging.create(scope, "valid", b.tokenValid, n * t, new Shape(n, t, 1)),
                staging.create(scope, "target", b.target, n * t * s, new Shape(n, t, s)),
                staging.create(scope, "mask", b.mask, n * t * s, new Shape(n, t, s)));
    }

    /** What the encoder needs, for inference. */
    static WindowTensors forEncoding(WindowBatch b, NDManager scope, Staging staging) {
        int n = b.size();
        int t = b.length();
        int s = b.tokenSize();
        return new WindowTensors(
                staging.create(scope, "input", b.input, n * t * s, new Shape(n, t, s)),
                staging.create(scope, "code", b.positionCode, n * t * b.modelWidth(), new Shape(n, t, b.modelWidth())),
                staging.create(scope, "keyBias", b.keyBias, n * t, new Shape(n, 1, 1, t)),
                staging.create(scope, "valid", b.tokenValid, n * t, new Shape(n, t, 1)),
                null, null);
    }

    /**
     * How Java arrays become tensors. {@link #direct()} keeps one direct buffer per slot and size, reused from step
     * to step: creating a tensor from a Java array makes DJL allocate a fresh direct buffer each time, which only
     * a garbage collection returns, gigabytes over a long run; a tensor made from a direct buffer uses it in place,
     * so the buffer is only refilled once the previous step's tensors are closed. Not thread-safe: one per training
     * loop. {@link #copying()} lets DJL copy (thread-safe; for inference calls).
     */
    static final class Staging {
        private final Map<String, ByteBuffer> buffers;

        private Staging(Map<String, ByteBuffer> buffers) {
            this.buffers = buffers;
        }

        static Staging direct() {
            return new Staging(new HashMap<>());
        }

        static Staging copying() {
            return new Staging(null);
        }

        NDArray create(NDManager scope, String slot, float[] values, int count, Shape shape) {
            if (buffers == null) {
                return scope.create(FloatBuffer.wrap(values, 0, count), shape, DataType.FLOAT32);
            }
            ByteBuffer buffer = buffers.get(slot);
            if (buffer == null || buffer.capacity() != count * Float.BYTES) {
                buffer = ByteBuffer.allocateDirect(count * Float.BYTES).order(ByteOrder.nativeOrder());
                buffers.put(slot, buffer);
            }
            buffer.clear();
            buffer.asFloatBuffer().put(values, 0, count);
            return scope.create(buffer, shape, DataType.FLOAT32);
        }
    }
}
