package org.hubdex.weightspace.tokenize;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hubdex.weightspace.safetensors.ByteRangeSource;
import org.hubdex.weightspace.safetensors.Dtype;
import org.hubdex.weightspace.safetensors.SafetensorsHeader;
import org.hubdex.weightspace.safetensors.SafetensorsReader;
import org.hubdex.weightspace.safetensors.SafetensorsWriter;

/** Test checkpoints built in memory; values are {@code base + i * 0.001} so every value is recognisable. */
final class Checkpoints {

    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final SafetensorsWriter writer = SafetensorsWriter.create();

    static Checkpoints builder() {
        return new Checkpoints();
    }

    Checkpoints add(String name, long... shape) {
        return add(name, Dtype.F32, shape);
    }

    Checkpoints add(String name, Dtype dtype, long... shape) {
        return add(name, dtype, shape, values(name, shape));
    }

    Checkpoints add(String name, Dtype dtype, long[] shape, float[] values) {
        shapes.put(name, shape);
        writer.addTensor(name, dtype, shape, values);
        return this;
    }

    Checkpoints addRaw(String name, Dtype dtype, long[] shape, byte[] bytes) {
        shapes.put(name, shape);
        writer.addRaw(name, dtype, shape, bytes);
        return this;
    }

    byte[] bytes() {
        return writer.toBytes();
    }

    WeightFile file(String path) {
        ByteRangeSource source = ByteRangeSource.ofBytes(bytes(), path);
        SafetensorsHeader header = SafetensorsReader.readHeader(source);
        return new WeightFile(path, source, header);
    }

    SafetensorsHeader header() {
        return file("model.safetensors").header();
    }

    /** The values {@link #add(String, long...)} stores for a tensor of that name and shape. */
    static float[] values(String name, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float base = (Math.abs(name.hashCode()) % 1000) / 10f;
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = base + i * 0.001f;
        }
        return v;
    }

    /** The zoo's small CNN for {@code classes} classes, tensors added in the reverse of model order. */
    static Checkpoints smallCnn(int classes) {
        return builder()
                .add("classifier.2.weight", classes, 20).add("classifier.2.bias", classes)
                .add("classifier.0.weight", 20, 36).add("classifier.0.bias", 20)
                .add("features.6.weight", 4, 6, 2, 2).add("features.6.bias", 4)
                .add("features.3.weight", 6, 8, 5, 5).add("features.3.bias", 6)
                .add("features.0.weight", 8, 1, 5, 5).add("features.0.bias", 8);
    }

    static List<String> names(LayerPlan plan) {
        return plan.layers().stream().map(Layer::name).toList();
    }
}
