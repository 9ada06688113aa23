package org.hubdex.zoo.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import org.hubdex.weightspace.safetensors.Dtype;
import org.hubdex.weightspace.safetensors.FileByteRangeSource;
import org.hubdex.weightspace.safetensors.HalfFloats;
import org.hubdex.weightspace.safetensors.SafetensorsHeader;
import org.hubdex.weightspace.safetensors.SafetensorsReader;
import org.hubdex.weightspace.safetensors.TensorEntry;
import org.hubdex.zoo.ZooException;

/** Reads published weights back and rounds weights to their storage dtype. Stateless and thread-safe. */
public final class WeightsIo {

    private WeightsIo() {
    }

    /**
     * The tensors of {@code file} as float32, checked against {@code network}'s names and shapes except for the
     * tensors in {@code skip} (a fine-tune's head, which it replaces).
     */
    public static LinkedHashMap<String, float[]> read(Path file, Network network, java.util.Set<String> skip) {
        LinkedHashMap<String, float[]> weights = new LinkedHashMap<>();
        try (FileByteRangeSource source = FileByteRangeSource.open(file)) {
            SafetensorsHeader header = SafetensorsReader.readHeader(source);
            for (ParamSpec spec : network.params()) {
                if (skip.contains(spec.name())) {
                    continue;
                }
                TensorEntry entry = header.tensor(spec.name()).orElseThrow(() -> new ZooException(file + " has no tensor "
                        + spec.name() + " that a " + network.family().id() + " needs"));
                if (!Arrays.equals(entry.shape(), spec.shape())) {
                    throw new ZooException(file + ": tensor " + spec.name() + " has shape " + Arrays.toString(entry.shape())
                            + ", expected " + Arrays.toString(spec.shape()));
                }
                weights.put(spec.name(), SafetensorsReader.readFloats(source, header, spec.name()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read weights " + file, e);
        }
        return weights;
    }

    /** {@code weights} rounded to what {@code dtype} stores (round to nearest even), as float32; copies. */
    public static LinkedHashMap<String, float[]> roundTo(LinkedHashMap<String, float[]> weights, Dtype dtype) {
        LinkedHashMap<String, float[]> rounded = new LinkedHashMap<>();
        weights.forEach((name, values) -> {
            float[] copy = values.clone();
            if (dtype == Dtype.F16) {
                for (int i = 0; i < copy.length; i++) {
                    copy[i] = HalfFloats.fromF16(HalfFloats.toF16(copy[i]));
                }
            } else if (dtype == Dtype.BF16) {
                for (int i = 0; i < copy.length; i++) {
                    copy[i] = HalfFloats.fromBf16(HalfFloats.toBf16(copy[i]));
                }
            }
            rounded.put(name, copy);
        });
        return rounded;
    }
}
