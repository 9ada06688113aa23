package org.hubdex.hub.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hubdex.hub.InvalidWeightIndexException;
import org.hubdex.hub.ModelInfo;
import org.hubdex.hub.WeightFiles;
import org.hubdex.hub.WeightFiles.WeightLayout;

/**
 * Finds where a repository keeps its safetensors weights, from its file list: {@code
 * model.safetensors}; else {@code model.safetensors.index.json} and the shards it names; else the
 * diffusers locations ({@code unet/}, then {@code transformer/}), single file before index. Shard
 * names are checked against the shard pattern and must stay inside the repository. Stateless.
 */
public final class WeightResolver {

    public static final String SINGLE = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";
    public static final List<String> DIFFUSERS_FOLDERS = List.of("unet/", "transformer/");
    public static final String DIFFUSERS_SINGLE = "diffusion_pytorch_model.safetensors";
    public static final String DIFFUSERS_INDEX = "diffusion_pytorch_model.safetensors.index.json";
    /** The shard file name pattern: prefix, shard number, shard count. */
    public static final Pattern SHARD = Pattern.compile("^(.*?[_-])(\\d{5,6})-of-(\\d{5,6})\\.safetensors$");

    private WeightResolver() {
    }

    /**
     * The weight files of {@code info} at {@code revision}.
     *
     * @param fetchText reads a repository file as bytes (the index JSON)
     * @throws InvalidWeightIndexException when an index is unusable
     */
    public static WeightFiles resolve(ModelInfo info, String revision, Function<String, byte[]> fetchText) {
        Set<String> names = Set.copyOf(info.fileNames());
        if (names.contains(SINGLE)) {
            return single(info, revision, WeightLayout.SINGLE_FILE, SINGLE);
        }
        if (names.contains(INDEX)) {
            return sharded(info, revision, WeightLayout.SHARDED, "", INDEX, names, fetchText);
        }
        for (String folder : DIFFUSERS_FOLDERS) {
            if (names.contains(folder + DIFFUSERS_SINGLE)) {
                return single(info, revision, WeightLayout.DIFFUSERS_SINGLE_FILE, folder + DIFFUSERS_SINGLE);
            }
            if (names.contains(folder + DIFFUSERS_INDEX)) {
                return sharded(info, revision, WeightLayout.DIFFUSERS_SHARDED, folder, folder + DIFFUSERS_INDEX, names, fetchText);
            }
        }
        return new WeightFiles(info.id(), revision, WeightLayout.NONE, List.of(), Optional.empty(), OptionalLong.empty(), Map.of());
    }

    private static WeightFiles single(ModelInfo info, String revision, WeightLayout layout, String path) {
        return new WeightFiles(info.id(), revision, layout, List.of(path), Optional.empty(), OptionalLong.empty(), Map.of());
    }

    private static WeightFiles sharded(ModelInfo info, String revision, WeightLayout layout, String folder, String indexPath,
            Set<String> names, Function<String, byte[]> fetch) {
        String where = info.id() + "@" + revision + ":" + indexPath;
        Index index = parseIndex(fetch.apply(indexPath), where);
        Map<String, String> weightMap = new LinkedHashMap<>();
        TreeMap<Integer, String> shards = new TreeMap<>();
        Integer count = null;
        for (Map.Entry<String, String> e : index.weightMap().entrySet()) {
            String shard = e.getValue();
            Matcher m = checkShardName(shard, where);
            int n = Integer.parseInt(m.group(2));
            int of = Integer.parseInt(m.group(3));
            if (count == null) {
                count = of;
            } else if (count != of) {
                throw new InvalidWeightIndexException(where + ": shards disagree on their count: '" + shard + "' says " + of
                        + ", an earlier one " + count, null, null, null, null);
            }
            if (n < 1 || n > of) {
                throw new InvalidWeightIndexException(where + ": shard '" + shard + "' has number " + n + ", expected 1 to " + of,
                        null, null, null, null);
            }
            String path = folder + shard;
            String previous = shards.putIfAbsent(n, path);
            if (previous != null && !previous.equals(path)) {
                throw new InvalidWeightIndexException(where + ": two shard names share number " + n + ": '" + previous + "' and '" + path + "'",
                        null, null, null, null);
            }
            weightMap.put(e.getKey(), path);
        }
        if (shards.isEmpty()) {
            throw new InvalidWeightIndexException(where + ": weight_map is empty, expected tensor names mapped to shard files", null, null, null, null);
        }
        List<String> missing = new ArrayList<>();
        for (String p : shards.values()) {
            if (!names.contains(p)) {
                missing.add(p);
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidWeightIndexException(where + ": the index names shards the repository does not have: " + missing,
                    null, null, null, null);
        }
        List<String> files = new ArrayList<>(shards.values());
        files.sort(Comparator.comparingInt(p -> Integer.parseInt(matcher(p.substring(folder.length())).group(2))));
        return new WeightFiles(info.id(), revision, layout, files, Optional.of(indexPath), index.totalSize(), weightMap);
    }

    /**
     * Checks one shard file name of an index: the shard pattern, and nothing that leaves the repository.
     *
     * @throws InvalidWeightIndexException naming the shard and the rule
     */
    public static Matcher checkShardName(String shard, String where) {
        if (shard.contains("..") || shard.startsWith("/") || shard.contains("://") || shard.contains("\\")) {
            throw new InvalidWeightIndexException(where + ": shard name '" + shard + "' tries to leave the repository"
                    + " ('..', a leading '/', '://' or '\\')", null, null, null, null);
        }
        Matcher m = matcher(shard);
        if (!m.matches()) {
            throw new InvalidWeightIndexException(where + ": shard name '" + shard + "' does not match " + SHARD.pattern()
                    + " (e.g. model-00001-of-00003.safetensors)", null, null, null, null);
        }
        return m;
    }

    private static Matcher matcher(String shard) {
        Matcher m = SHARD.matcher(shard);
        m.matches();
        return m;
    }

    /** A parsed index: tensor name to shard file name, and {@code metadata.total_size} when given. */
    public record Index(Map<String, String> weightMap, OptionalLong totalSize) {
    }

    /** Parses {@code {"metadata":{"total_size":N},"weight_map":{tensor: shard}}}. */
    public static Index parseIndex(byte[] json, String where) {
        JsonNode root;
        try {
            root = ModelInfoParser.JSON.readTree(json);
        } catch (IOException e) {
            throw new InvalidWeightIndexException(where + ": the index is not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), null, null, null, e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidWeightIndexException(where + ": the index must be a JSON object with a weight_map", null, null, null, null);
        }
        JsonNode wm = root.get("weight_map");
        if (wm == null || !wm.isObject()) {
            throw new InvalidWeightIndexException(where + ": the index has no weight_map object", null, null, null, null);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : wm.properties()) {
            if (!e.getValue().isTextual()) {
                throw new InvalidWeightIndexException(where + ": weight_map['" + e.getKey() + "'] is " + e.getValue().getNodeType()
                        + ", expected a shard file name", null, null, null, null);
            }
            map.put(e.getKey(), e.getValue().asText());
        }
        OptionalLong total = OptionalLong.empty();
        JsonNode meta = root.get("metadata");
        if (meta != null && meta.isObject() && meta.path("total_size").canConvertToLong() && meta.path("total_size").isNumber()) {
            total = OptionalLong.of(meta.get("total_size").asLong());
        }
        return new Index(map, total);
    }
}
