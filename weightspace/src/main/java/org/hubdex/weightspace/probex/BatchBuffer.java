package org.hubdex.weightspace.probex;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A direct buffer that batches are packed into, allocated once per training run or prediction call. Creating an
 * NDArray from a Java {@code float[]} makes DJL allocate a fresh direct buffer each time, which only a garbage
 * collection gives back; an NDArray created from a direct buffer uses it in place on the CPU (and copies it to a
 * GPU), so the array made from one {@link #pack} must be closed before the next pack overwrites the buffer.
 *
 * <p>Not thread-safe: one per thread.
 */
final class BatchBuffer {

    private final ByteBuffer buffer;
    private final int rowLength;

    BatchBuffer(int maxRows, int rowLength) {
        this.rowLength = rowLength;
        this.buffer = ByteBuffer.allocateDirect(Math.multiplyExact(Math.multiplyExact(maxRows, rowLength), Float.BYTES))
                .order(ByteOrder.nativeOrder());
    }

    /** Rows {@code order[from] .. order[from + count - 1]} of {@code rows}, back to back, ready for {@code create}. */
    ByteBuffer pack(float[][] rows, int[] order, int from, int count) {
        buffer.clear();
        FloatBuffer floats = buffer.asFloatBuffer();
        for (int k = 0; k < count; k++) {
            floats.put(rows[order[from + k]], 0, rowLength);
        }
        buffer.limit(count * rowLength * Float.BYTES);
        return buffer;
    }
}
