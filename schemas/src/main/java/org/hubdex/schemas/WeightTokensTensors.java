package org.hubdex.schemas;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.hubdex.schemas.avro.ProbeXLayer;
import org.hubdex.schemas.avro.TokenDtype;
import org.hubdex.schemas.avro.WeightTokens;

/**
 * Reads the byte fields of a {@code hub.weight-tokens} record back into arrays, checking them against the
 * shape the record declares: the reference decoder of the layout documented in this module's README
 * (little-endian, row-major; tokens {@code [n, s]} as float16 or float32, mask one byte per value,
 * positions int32 {@code [n, 3]}). The embedder and the trainer use it; a service in another language
 * follows the README.
 *
 * <p>Stateless and thread-safe.
 */
public final class WeightTokensTensors {

    private WeightTokensTensors() {
    }

    /**
     * The record's tokens, mask and positions.
     *
     * @throws MalformedWeightTokensException when a byte field's length does not match {@code tokenCount} and
     *     {@code tokenSize}
     */
    public static TokenTensor decode(WeightTokens record) {
        int n = record.getTokenCount();
        int size = record.getTokenizerConfig().getTokenSize();
        if (n < 0 || size < 1) {
            throw new MalformedWeightTokensException(where(record) + ": tokenCount " + n + " and tokenSize " + size
                    + " are not a shape");
        }
        long values = (long) n * size;
        if (values > Integer.MAX_VALUE) {
            throw new MalformedWeightTokensException(where(record) + ": " + values + " values do not fit one array");
        }
        check(record, "tokens", record.getTokens(), values * width(record.getTokenDtype()));
        check(record, "mask", record.getMask(), values);
        check(record, "positions", record.getPositions(), 12L * n);
        float[] tokens = toFloats(record.getTokens(), record.getTokenDtype(), (int) values);
        byte[] mask = new byte[(int) values];
        record.getMask().duplicate().get(mask);
        int[] positions = new int[3 * n];
        record.getPositions().duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(positions);
        return new TokenTensor(n, size, tokens, mask, positions);
    }

    /** The ProbeX matrix of a record as float32 {@code [rows, cols]}, row-major. */
    public static float[] probeXValues(ProbeXLayer layer) {
        long count = (long) layer.getRows() * layer.getCols();
        if (layer.getRows() < 0 || layer.getCols() < 0 || layer.getValues().remaining() != count * width(layer.getDtype())) {
            throw new MalformedWeightTokensException("ProbeX layer " + layer.getLayerName() + " is " + layer.getRows() + "x"
                    + layer.getCols() + " " + layer.getDtype() + " but has " + layer.getValues().remaining() + " bytes");
        }
        return toFloats(layer.getValues(), layer.getDtype(), (int) count);
    }

    /** Bytes per value of a token dtype. */
    public static int width(TokenDtype dtype) {
        return dtype == TokenDtype.FLOAT16 ? 2 : 4;
    }

    /** IEEE 754 binary16 to binary32, exactly (every half value, subnormals, infinities and NaN included). */
    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13)); // infinity or NaN (payload kept)
        }
        if (exponent != 0) {
            return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
        }
        float magnitude = mantissa * 0x1.0p-24f; // zero or subnormal: mantissa x 2^-24, exact in float32
        return sign == 0 ? magnitude : -magnitude;
    }

    private static void check(WeightTokens record, String field, ByteBuffer bytes, long expected) {
        if (bytes.remaining() != expected) {
            throw new MalformedWeightTokensException(where(record) + ": field " + field + " has " + bytes.remaining()
                    + " bytes, expected " + expected + " for " + record.getTokenCount() + " tokens of "
                    + record.getTokenizerConfig().getTokenSize() + " " + record.getTokenDtype());
        }
    }

    private static String where(WeightTokens record) {
        return record.getModelId() + "@" + record.getSha();
    }

    private static float[] toFloats(ByteBuffer bytes, TokenDtype dtype, int count) {
        ByteBuffer le = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[count];
        if (dtype == TokenDtype.FLOAT16) {
            for (int i = 0; i < count; i++) {
                out[i] = halfToFloat(le.getShort());
            }
        } else {
            le.asFloatBuffer().get(out);
        }
        return out;
    }
}
