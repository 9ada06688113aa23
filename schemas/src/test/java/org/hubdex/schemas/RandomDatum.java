package org.hubdex.schemas;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.util.Utf8;

/**
 * Random generic data for any schema, so a test can write records with a released schema for which
 * no Java class exists any more. Strings are {@link Utf8} so that the values compare equal to what
 * Avro's generic reader returns. Not thread-safe; one instance per seed.
 */
final class RandomDatum {
    private final Random random;

    RandomDatum(long seed) {
        this.random = new Random(seed);
    }

    Object next(Schema schema) {
        return switch (schema.getType()) {
            case RECORD -> {
                GenericData.Record record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), next(field.schema()));
                }
                yield record;
            }
            case ENUM -> new GenericData.EnumSymbol(schema,
                    schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size())));
            case ARRAY -> {
                int n = random.nextInt(4);
                GenericData.Array<Object> items = new GenericData.Array<>(n, schema);
                for (int i = 0; i < n; i++) {
                    items.add(next(schema.getElementType()));
                }
                yield items;
            }
            case MAP -> {
                int n = random.nextInt(4);
                Map<Utf8, Object> map = new HashMap<>();
                for (int i = 0; i < n; i++) {
                    map.put(new Utf8("k" + i + "-" + random.nextInt(1000)), next(schema.getValueType()));
                }
                yield map;
            }
            case UNION -> {
                List<Schema> branches = schema.getTypes();
                yield next(branches.get(random.nextInt(branches.size())));
            }
            case FIXED -> {
                byte[] bytes = new byte[schema.getFixedSize()];
                random.nextBytes(bytes);
                yield new GenericData.Fixed(schema, bytes);
            }
            case STRING -> new Utf8("s" + Long.toString(random.nextLong(), 36));
            case BYTES -> {
                byte[] bytes = new byte[random.nextInt(32)];
                random.nextBytes(bytes);
                yield ByteBuffer.wrap(bytes);
            }
            case INT -> random.nextInt();
            case LONG -> random.nextLong() >> 20; // keeps timestamp-millis within Instant's range
            case FLOAT -> random.nextFloat() * 2 - 1;
            case DOUBLE -> random.nextGaussian();
            case BOOLEAN -> random.nextBoolean();
            case NULL -> null;
        };
    }
}
