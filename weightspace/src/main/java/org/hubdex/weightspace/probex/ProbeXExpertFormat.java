package org.hubdex.weightspace.probex;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hubdex.weightspace.WeightspaceException;
import org.hubdex.weightspace.safetensors.Dtype;
import org.hubdex.weightspace.safetensors.FileByteRangeSource;
import org.hubdex.weightspace.safetensors.SafetensorsHeader;
import org.hubdex.weightspace.safetensors.SafetensorsReader;
import org.hubdex.weightspace.safetensors.SafetensorsWriter;
import org.hubdex.weightspace.safetensors.TensorEntry;

/**
 * The saved form of a {@link ProbeXExpert}, a folder of two files:
 * <ul>
 *   <li>{@code parameters.safetensors}: the network's tensors (F32, {@code [in, out]} weights, names of
 *       {@link ProbeXNetwork}) and the input scaler's {@code input.center} and {@code input.scale}
 *       ({@code [rows * cols]}); metadata {@code format} and {@code format_version};</li>
 *   <li>{@code expert.json}: {@code format} ({@value #FORMAT}), {@code formatVersion}, the tree, the layer shape,
 *       the vocabulary, every config field, the input scaling and the training summary.</li>
 * </ul>
 * Floats are stored as float32 and the JSON's doubles in their shortest round-tripping form, so a loaded expert
 * is the saved one bit for bit. An unknown format or a newer version fails with {@link ProbeXFormatException}.
 */
final class ProbeXExpertFormat {

    static final String FORMAT = "hubdex-probex-expert";
    static final int VERSION = 1;
    static final String PARAMETERS_FILE = "parameters.safetensors";
    static final String EXPERT_FILE = "expert.json";
    static final String INPUT_CENTER = "input.center";
    static final String INPUT_SCALE = "input.scale";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ProbeXExpertFormat() {
    }

    static void write(ProbeXExpert expert, Path dir) {
        SafetensorsWriter writer = SafetensorsWriter.create().putMetadata("format", FORMAT)
                .putMetadata("format_version", Integer.toString(VERSION));
        Map<String, Shape> shapes = expert.parameterShapes();
        expert.parameterValues().forEach((name, v) -> writer.addTensor(name, Dtype.F32, shapes.get(name).getShape(), v));
        float[] center = expert.scaler().center();
        writer.addTensor(INPUT_CENTER, Dtype.F32, new long[] {center.length}, center);
        writer.addTensor(INPUT_SCALE, Dtype.F32, new long[] {center.length}, expert.scaler().scale());
        writer.write(dir.resolve(PARAMETERS_FILE));
        writeJson(dir.resolve(EXPERT_FILE), describe(expert));
    }

    static ProbeXExpert read(Path dir) {
        JsonNode json;
        try {
            json = JSON.readTree(Files.readAllBytes(dir.resolve(EXPERT_FILE)));
        } catch (NoSuchFileException e) {
            throw new ProbeXFormatException(dir, "no " + EXPERT_FILE + ": not a saved ProbeX expert", e);
        } catch (IOException e) {
            throw new ProbeXFormatException(dir, "cannot read " + EXPERT_FILE + ": " + e.getMessage(), e);
        }
        String format = json.path("format").asText("");
        if (!FORMAT.equals(format)) {
            throw new ProbeXFormatException(dir, EXPERT_FILE + " has format '" + format + "', expected '" + FORMAT + "'");
        }
        int version = json.path("formatVersion").asInt(-1);
        if (version != VERSION) {
            throw new ProbeXFormatException(dir, "format version " + version + " is not one this code reads (" + VERSION
                    + ")");
        }
        try {
            ProbeXConfig config = config(json.get("config"));
            int rows = required(json, "layer").get("rows").asInt();
            int cols = required(json, "layer").get("cols").asInt();
            List<String> vocabulary = new ArrayList<>();
            required(json, "vocabulary").forEach(c -> vocabulary.add(c.asText()));
            InputScaling scaling = InputScaling.valueOf(required(json, "inputScaling").asText());
            TrainingSummary training = training(required(json, "training"));
            Map<String, Shape> shapes = new ProbeXNetwork(rows, cols, config, vocabulary.size()).shapes();
            Map<String, float[]> values = new LinkedHashMap<>();
            float[] center;
            float[] scale;
            Path file = dir.resolve(PARAMETERS_FILE);
            try (FileByteRangeSource source = FileByteRangeSource.open(file)) {
                SafetensorsHeader header = SafetensorsReader.readHeader(source);
                for (Map.Entry<String, Shape> e : shapes.entrySet()) {
                    values.put(e.getKey(), tensor(dir, source, header, e.getKey(), e.getValue().getShape()));
                }
                center = tensor(dir, source, header, INPUT_CENTER, new long[] {(long) rows * cols});
                scale = tensor(dir, source, header, INPUT_SCALE, new long[] {(long) rows * cols});
            }
            return new ProbeXExpert(required(json, "treeId").asText(), config, rows, cols, vocabulary,
                    new InputScaler(scaling, center, scale), values, training);
        } catch (IOException | WeightspaceException | IllegalArgumentException | NullPointerException e) {
            if (e instanceof ProbeXFormatException f) {
                throw f;
            }
            throw new ProbeXFormatException(dir, "cannot load the expert: " + e.getMessage(), e);
        }
    }

    private static float[] tensor(Path dir, FileByteRangeSource source, SafetensorsHeader header, String name,
            long[] shape) {
        TensorEntry entry = header.tensor(name).orElseThrow(() -> new ProbeXFormatException(dir, PARAMETERS_FILE
                + " has no tensor '" + name + "'"));
        if (!Arrays.equals(entry.shape(), shape) || entry.dtype() != Dtype.F32) {
            throw new ProbeXFormatException(dir, "tensor '" + name + "' is " + entry.dtype() + Arrays.toString(entry.shape())
                    + " but the saved configuration needs F32" + Arrays.toString(shape));
        }
        return SafetensorsReader.readFloats(source, header, name);
    }

    private static ObjectNode describe(ProbeXExpert expert) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", VERSION);
        root.put("treeId", expert.treeId());
        ObjectNode layer = root.putObject("layer");
        layer.put("rows", expert.layerShape()[0]);
        layer.put("cols", expert.layerShape()[1]);
        ArrayNode vocabulary = root.putArray("vocabulary");
        expert.categories().forEach(vocabulary::add);
        root.put("inputScaling", expert.inputScaling().name());
        ProbeXConfig c = expert.config();
        ObjectNode config = root.putObject("config");
        config.put("rU", c.rU());
        config.put("rV", c.rV());
        config.put("rT", c.rT());
        config.put("textDim", c.textDim());
        config.put("learningRate", c.learningRate());
        config.put("weightDecay", c.weightDecay());
        config.put("batchSize", c.batchSize());
        config.put("epochs", c.epochs());
        config.put("textTemperature", c.textTemperature());
        config.put("textLossWeight", c.textLossWeight());
        config.put("seed", c.seed());
        config.put("inputScaling", c.inputScaling().name());
        config.put("selection", c.selection().name());
        TrainingSummary t = expert.training();
        ObjectNode training = root.putObject("training");
        training.put("trainModels", t.trainModels());
        training.put("validationModels", t.validationModels());
        training.put("epochsRun", t.epochsRun());
        training.put("bestEpoch", t.bestEpoch());
        training.put("seconds", t.seconds());
        t.bestValidation().ifPresent(v -> {
            ObjectNode m = training.putObject("bestValidation");
            m.put("models", v.models());
            m.put("categoryLoss", v.categoryLoss());
            m.put("textLoss", v.textLoss());
            m.put("loss", v.loss());
            m.put("elementAccuracy", v.elementAccuracy());
            m.put("exactSetAccuracy", v.exactSetAccuracy());
            m.put("textTop1", v.textTop1());
        });
        return root;
    }

    private static ProbeXConfig config(JsonNode c) {
        if (c == null) {
            throw new IllegalArgumentException("no config");
        }
        return new ProbeXConfig(required(c, "rU").asInt(), required(c, "rV").asInt(), required(c, "rT").asInt(),
                required(c, "textDim").asInt(), required(c, "learningRate").asDouble(),
                required(c, "weightDecay").asDouble(), required(c, "batchSize").asInt(), required(c, "epochs").asInt(),
                required(c, "textTemperature").asDouble(), required(c, "textLossWeight").asDouble(),
                required(c, "seed").asLong(), InputScaling.valueOf(required(c, "inputScaling").asText()),
                ModelSelection.valueOf(required(c, "selection").asText()));
    }

    private static TrainingSummary training(JsonNode t) {
        JsonNode v = t.get("bestValidation");
        Optional<ValidationMetrics> best = v == null ? Optional.empty()
                : Optional.of(new ValidationMetrics(required(v, "models").asInt(), required(v, "categoryLoss").asDouble(),
                        required(v, "textLoss").asDouble(), required(v, "loss").asDouble(),
                        required(v, "elementAccuracy").asDouble(), required(v, "exactSetAccuracy").asDouble(),
                        required(v, "textTop1").asDouble()));
        return new TrainingSummary(required(t, "trainModels").asInt(), required(t, "validationModels").asInt(),
                required(t, "epochsRun").asInt(), required(t, "bestEpoch").asInt(), required(t, "seconds").asDouble(),
                best);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(EXPERT_FILE + " lacks '" + field + "'");
        }
        return value;
    }

    private static void writeJson(Path file, ObjectNode json) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
            try {
                JSON.writeValue(temp.toFile(), json);
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new ProbeXException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
