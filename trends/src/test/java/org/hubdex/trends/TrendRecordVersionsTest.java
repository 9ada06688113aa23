package org.hubdex.trends;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.avro.TrendKind;
import org.hubdex.schemas.avro.TrendRecord;
import org.junit.jupiter.api.Test;

/** A TrendRecord written with the released v1 schema (before the alert evidence fields) reads with v2's defaults. */
class TrendRecordVersionsTest {

    @Test
    void aVersion1RecordReadsWithoutTheEvidenceFields() throws IOException {
        Schema v1;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("org/hubdex/schemas/released/TrendRecord/v1.avsc")) {
            v1 = new Schema.Parser().parse(in);
        }
        GenericRecord old = new GenericData.Record(v1);
        old.put("kind", new GenericData.EnumSymbol(v1.getField("kind").schema(), "ALERT"));
        old.put("dimension", "tree");
        old.put("value", "org/root");
        old.put("windowStart", 0L);
        old.put("windowEnd", 3_600_000L);
        old.put("windowSizeMs", 3_600_000L);
        old.put("count", 9L);
        old.put("baseline", 2.0);
        old.put("factor", 4.5);
        old.put("emittedAt", 5L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long fp = SchemaNormalization.parsingFingerprint64(v1);
        out.write(new byte[] {(byte) 0xC3, 0x01});
        for (int i = 0; i < 8; i++) {
            out.write((int) (fp >>> (8 * i)) & 0xff);
        }
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(v1).write(old, enc);
        enc.flush();

        TrendRecord read = AvroCodec.of(TrendRecord.class).decode("hub.trends", out.toByteArray());
        assertThat(read.getKind()).isEqualTo(TrendKind.ALERT);
        assertThat(read.getCount()).isEqualTo(9);
        assertThat(read.getFactor()).isEqualTo(4.5);
        assertThat(read.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(3_600_000L));
        assertThat(read.getBaselineWindows()).isNull();
        assertThat(read.getThresholdFactor()).isNull();
        assertThat(read.getMinCount()).isNull();
    }
}
