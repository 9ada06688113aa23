package org.hubdex.weightspace.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hubdex.weightspace.WeightspaceException;
import org.hubdex.weightspace.safetensors.Dtype;
import org.hubdex.weightspace.safetensors.FileByteRangeSource;
import org.hubdex.weightspace.safetensors.SafetensorsHeader;
import org.hubdex.weightspace.safetensors.SafetensorsReader;
import org.hubdex.weightspace.safetensors.SafetensorsWriter;
import org.hubdex.weightspace.safetensors.TensorEntry;

/**
 * A router on disk: {@code router.json} (format version, settings, card index, per signature and tree the
 * member count, spread and centre tensor names) and {@code centres.safetensors} (the centres as float32,
 * {@code [rows, cols]}, exactly as held in memory). Doubles go through JSON's shortest round-trip form, so a
 * loaded router decides bit for bit as the saved one. The centres are written first and the JSON last, each
 * by an atomic move, so a folder with a {@code router.json} has its centres.
 */
final class RouterStore {

    static final String FORMAT = "hubdex-router-v1";
    static final String JSON_FILE = "router.json";
    static final String CENTRES_FILE = "centres.safetensors";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RouterStore() {
    }

    static void save(Router router, Path dir) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.set("config", JSON.valueToTree(router.config()));
        ObjectNode cards = root.putObject("cards");
        router.cards().entries().forEach(cards::put);
        ArrayNode signatures = root.putArray("signatures");
        SafetensorsWriter centres = SafetensorsWriter.create().putMetadata("format", FORMAT);
        List<SignatureGroup> groups = router.groups();
        for (int g = 0; g < groups.size(); g++) {
            SignatureGroup group = groups.get(g);
            ObjectNode node = signatures.addObject();
            node.put("signature", group.signature()).put("rows", group.rows()).put("cols", group.cols());
            ArrayNode trees = node.putArray("trees");
            for (int t = 0; t < group.trees().size(); t++) {
                TreeCentres tree = group.trees().get(t);
                ObjectNode treeNode = trees.addObject();
                treeNode.put("tree", tree.treeId()).put("members", tree.members()).put("spread", tree.spread());
                ArrayNode names = treeNode.putArray("centres");
                for (int c = 0; c < tree.centreCount(); c++) {
                    String name = "s" + g + ".t" + t + ".c" + c;
                    centres.addTensor(name, Dtype.F32, new long[] {group.rows(), group.cols()}, tree.centre(c));
                    names.add(name);
                }
            }
        }
        try {
            Files.createDirectories(dir);
            centres.write(dir.resolve(CENTRES_FILE));
            Path temp = Files.createTempFile(dir, "." + JSON_FILE, ".tmp");
            try {
                JSON.writeValue(temp.toFile(), root);
                Files.move(temp, dir.resolve(JSON_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the router to " + dir, e);
        }
    }

    static Router load(Path dir) {
        Path jsonFile = dir.resolve(JSON_FILE);
        JsonNode root;
        try {
            root = JSON.readTree(jsonFile.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new RouterFormatException("no router at " + dir + ": " + jsonFile + " is missing", e);
        } catch (IOException e) {
            throw new RouterFormatException("cannot read " + jsonFile + ": " + e.getMessage(), e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText(null))) {
            throw new RouterFormatException(jsonFile + " is not a " + FORMAT + " router (format "
                    + (root == null ? "missing" : root.path("format").asText("missing")) + ")");
        }
        try {
            RouterConfig config = JSON.treeToValue(required(root, "config", jsonFile), RouterConfig.class);
            Map<String, String> cards = new HashMap<>();
            required(root, "cards", jsonFile).fields().forEachRemaining(e -> cards.put(e.getKey(), e.getValue().asText()));
            List<SignatureGroup> groups = readGroups(required(root, "signatures", jsonFile), dir.resolve(CENTRES_FILE), jsonFile);
            return new Router(config, new CardIndex(cards), groups);
        } catch (IOException e) {
            throw new RouterFormatException("cannot read " + jsonFile + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new RouterFormatException(jsonFile + " is inconsistent: " + e.getMessage(), e);
        }
    }

    private static List<SignatureGroup> readGroups(JsonNode signatures, Path centresFile, Path jsonFile) {
        List<SignatureGroup> groups = new ArrayList<>();
        if (signatures.isEmpty()) {
            return groups;
        }
        try (FileByteRangeSource source = FileByteRangeSource.open(centresFile)) {
            SafetensorsHeader header = SafetensorsReader.readHeader(source);
            for (JsonNode node : signatures) {
                String signature = required(node, "signature", jsonFile).asText();
                int rows = required(node, "rows", jsonFile).asInt();
                int cols = required(node, "cols", jsonFile).asInt();
                List<TreeCentres> trees = new ArrayList<>();
                for (JsonNode tree : required(node, "trees", jsonFile)) {
                    List<float[]> centres = new ArrayList<>();
                    for (JsonNode name : required(tree, "centres", jsonFile)) {
                        centres.add(readCentre(source, header, name.asText(), rows, cols, centresFile));
                    }
                    trees.add(new TreeCentres(required(tree, "tree", jsonFile).asText(),
                            required(tree, "members", jsonFile).asInt(), required(tree, "spread", jsonFile).asDouble(),
                            centres.toArray(float[][]::new)));
                }
                groups.add(new SignatureGroup(signature, rows, cols, trees));
            }
        } catch (UncheckedIOException e) {
            throw new RouterFormatException("cannot read " + centresFile + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new RouterFormatException("cannot close " + centresFile, e);
        } catch (RouterFormatException e) {
            throw e;
        } catch (WeightspaceException e) {
            throw new RouterFormatException(centresFile + " is not a valid centres file: " + e.getMessage(), e);
        }
        return groups;
    }

    private static float[] readCentre(FileByteRangeSource source, SafetensorsHeader header, String name, int rows, int cols,
            Path centresFile) {
        TensorEntry tensor = header.tensor(name)
                .orElseThrow(() -> new RouterFormatException(centresFile + " has no centre " + name));
        if (tensor.dtype() != Dtype.F32 || !Arrays.equals(tensor.shape(), new long[] {rows, cols})) {
            throw new RouterFormatException(centresFile + ": centre " + name + " is " + tensor.dtype()
                    + Arrays.toString(tensor.shape()) + ", expected F32[" + rows + ", " + cols + "]");
        }
        return SafetensorsReader.readFloats(source, header, name);
    }

    private static JsonNode required(JsonNode node, String field, Path jsonFile) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new RouterFormatException(jsonFile + ": missing field '" + field + "'");
        }
        return value;
    }
}
