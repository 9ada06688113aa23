package org.hubdex.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.hubdex.schemas.avro.TokenDtype;
import org.hubdex.schemas.avro.WeightTokens;
import org.junit.jupiter.api.Test;

class WeightTokensTensorsTest {

    @Test
    void decodesTheSampleRecordsTokensMaskAndPositions() {
        WeightTokens record = SampleRecords.weightTokens(); // 2 tokens of 4 values, the second padded after 2

        TokenTensor tensor = WeightTokensTensors.decode(record);

        assertThat(tensor.tokenCount()).isEqualTo(2);
        assertThat(tensor.tokenSize()).isEqualTo(4);
        assertThat(tensor.values()).containsExactly(-0.03f, -0.02f, -0.01f, 0f, 0.01f, 0.02f, 0f, 0f);
        assertThat(tensor.mask()).containsExactly(1, 1, 1, 1, 1, 1, 0, 0);
        assertThat(tensor.positions()).containsExactly(0, 0, 0, 1, 1, 0);
        assertThat(WeightTokensTensors.probeXValues(record.getProbeX())).hasSize(6)
                .containsExactly(1f, 1.0009765625f, 1.001953125f, 1.0029296875f, 1.00390625f, 1.0048828125f);
        assertThat(record.getTokens().remaining()).as("decoding does not consume the buffers").isEqualTo(32);
    }

    @Test
    void everyHalfValueWidensExactly() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = WeightTokensTensors.halfToFloat((short) bits);
            int sign = bits >>> 15;
            int exponent = (bits >>> 10) & 0x1f;
            int mantissa = bits & 0x3ff;
            if (exponent == 0x1f) {
                assertThat(mantissa == 0 ? Float.isInfinite(f) : Float.isNaN(f)).as("bits %04x", bits).isTrue();
                continue;
            }
            double magnitude = exponent == 0 ? mantissa * Math.pow(2, -24) : (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
            assertThat((double) f).as("bits %04x", bits).isEqualTo(sign == 1 ? -magnitude : magnitude);
            assertThat(Float.floatToRawIntBits(f) >>> 31).as("sign of %04x", bits).isEqualTo(sign);
        }
    }

    @Test
    void fieldsThatDoNotMatchTheDeclaredShapeAreRefused() {
        WeightTokens record = SampleRecords.weightTokens();
        record.setPositions(ByteBuffer.allocate(20));
        assertThatThrownBy(() -> WeightTokensTensors.decode(record)).isInstanceOf(MalformedWeightTokensException.class)
                .hasMessageContaining("field positions has 20 bytes, expected 24");

        WeightTokens half = SampleRecords.weightTokens();
        half.setTokenDtype(TokenDtype.FLOAT16); // 32 bytes of float32 data declared as float16: 16 expected
        assertThatThrownBy(() -> WeightTokensTensors.decode(half)).isInstanceOf(MalformedWeightTokensException.class)
                .hasMessageContaining("field tokens has 32 bytes, expected 16");
    }
}
