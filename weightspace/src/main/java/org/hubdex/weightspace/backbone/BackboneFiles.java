package org.hubdex.weightspace.backbone;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hubdex.weightspace.safetensors.Dtype;
import org.hubdex.weightspace.safetensors.FileByteRangeSource;
import org.hubdex.weightspace.safetensors.SafetensorsException;
import org.hubdex.weightspace.safetensors.SafetensorsHeader;
import org.hubdex.weightspace.safetensors.SafetensorsReader;
import org.hubdex.weightspace.safetensors.SafetensorsWriter;
import org.hubdex.weightspace.safetensors.TensorEntry;

/**
 * The on-disk form of a backbone, a folder of two files:
 *
 * <ul>
 *   <li>{@value #WEIGHTS}: every parameter as F32 under its {@link ParameterLayout} name (loadable as a PyTorch
 *       {@code state_dict}), plus {@value #INPUT_SCALE} {@code [2]} = the {@link InputScale}'s mean and std (kept
 *       here rather than in JSON so their bits survive exactly); metadata {@code format=pt} and
 *       {@code hubdex.format}.
 *   <li>{@value #CONFIG}: {@code {"format": "hubdex-backbone-v1", "config": {...BackboneConfig...}}}.
 * </ul>
 *
 * <p>Stateless; thread-safe.
 */
final class BackboneFiles {

    static final String FORMAT = "hubdex-backbone-v1";
    static final String WEIGHTS = "backbone.safetensors";
    static final String CONFIG = "backbone.json";
    static final String INPUT_SCALE = "input_scale";
    static final String FORMAT_KEY = "hubdex.format";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What a backbone folder holds. */
    record Contents(BackboneConfig config, InputScale scale, Map<String, float[]> values) {
    }

    private BackboneFiles() {
    }

    static void write(Path dir, BackboneConfig config, InputScale scale, ParameterLayout layout, Map<String, float[]> values) {
        try {
            Files.createDirectories(dir);
            SafetensorsWriter writer = SafetensorsWriter.create().putMetadata("format", "pt").putMetadata(FORMAT_KEY, FORMAT);
            for (ParameterLayout.Spec spec : layout.specs()) {
                writer.addTensor(spec.name(), Dtype.F32, spec.shape(), values.get(spec.name()));
            }
            writer.addTensor(INPUT_SCALE, Dtype.F32, new long[] {2}, new float[] {scale.mean(), scale.std()});
            writer.write(dir.resolve(WEIGHTS));
            ObjectNode root = JSON.createObjectNode();
            root.put("format", FORMAT);
            root.set("config", JSON.valueToTree(config));
            Path tmp = Files.createTempFile(dir, CONFIG, ".tmp");
            try {
                JSON.writeValue(tmp.toFile(), root);
                Files.move(tmp, dir.resolve(CONFIG), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the backbone to " + dir, e);
        }
    }

    static Contents read(Path dir) {
        BackboneConfig config = readConfig(dir.resolve(CONFIG));
        ParameterLayout layout = new ParameterLayout(config);
        Path weights = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(weights)) {
            throw new BackboneFormatException("no " + WEIGHTS + " in " + dir);
        }
        try (FileByteRangeSource source = FileByteRangeSource.open(weights)) {
            SafetensorsHeader header = SafetensorsReader.readHeader(source);
            String format = header.metadata().get(FORMAT_KEY);
            if (!FORMAT.equals(format)) {
                throw new BackboneFormatException(weights + " has " + FORMAT_KEY + " '" + format + "', expected " + FORMAT);
            }
            Map<String, float[]> values = new LinkedHashMap<>();
            for (ParameterLayout.Spec spec : layout.specs()) {
                values.put(spec.name(), tensor(source, header, spec.name(), spec.shape(), weights));
            }
            float[] s = tensor(source, header, INPUT_SCALE, new long[] {2}, weights);
            InputScale scale;
            try {
                scale = new InputScale(s[0], s[1]);
            } catch (IllegalArgumentException e) {
                throw new BackboneFormatException(weights + ": " + e.getMessage(), e);
            }
            int expected = layout.specs().size() + 1;
            if (header.tensors().size() != expected) {
                throw new BackboneFormatException(weights + " holds " + header.tensors().size() + " tensors; the configuration in "
                        + CONFIG + " has " + expected);
            }
            return new Contents(config, scale, values);
        } catch (BackboneFormatException e) {
            throw e;
        } catch (SafetensorsException | UncheckedIOException e) {
            throw new BackboneFormatException("cannot read " + weights + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BackboneFormatException("cannot read " + weights + ": " + e, e);
        }
    }

    private static float[] tensor(FileByteRangeSource source, SafetensorsHeader header, String name, long[] shape, Path file) {
        TensorEntry entry = header.tensor(name).orElseThrow(() -> new BackboneFormatException(file + " has no tensor " + name));
        if (!Arrays.equals(entry.shape(), shape)) {
            throw new BackboneFormatException(file + ": tensor " + name + " has shape " + Arrays.toString(entry.shape())
                    + ", the configuration needs " + Arrays.toString(shape));
        }
        return SafetensorsReader.readFloats(source, header, name);
    }

    private static BackboneConfig readConfig(Path file) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
            String format = root.path("format").asText("");
            if (!FORMAT.equals(format)) {
                throw new BackboneFormatException(file + " has format '" + format + "', expected " + FORMAT);
            }
            return JSON.treeToValue(root.required("config"), BackboneConfig.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new BackboneFormatException("no " + CONFIG + " at " + file, e);
        } catch (IOException | ClassCastException | IllegalArgumentException e) {
            throw new BackboneFormatException("cannot read the backbone configuration " + file + ": " + e.getMessage(), e);
        }
    }
}
