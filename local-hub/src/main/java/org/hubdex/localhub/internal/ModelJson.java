package org.hubdex.localhub.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Renders models as the hub's JSON: {@code _id} and {@code id} first, then the requested fields in
 * the order given; a field the model has no value for (no card, no weights, no pipeline tag) is
 * left out, as the hub does. Stateless apart from the mapper; thread-safe.
 */
public final class ModelJson {

    /** Every field {@code expand} accepts, as the hub lists them; the unsupported ones are accepted and left out. */
    public static final Set<String> EXPAND_FIELDS = Set.of("author", "baseModels", "cardData", "childrenModelCount", "config", "createdAt",
            "disabled", "downloads", "downloadsAllTime", "evalResults", "gated", "gguf", "inference", "inferenceProviderMapping",
            "lastModified", "library_name", "likes", "mask_token", "model-index", "pipeline_tag", "private", "resourceGroup",
            "safetensors", "sha", "siblings", "spaces", "tags", "transformersInfo", "trendingScore", "widgetData", "usedStorage",
            "xetEnabled");

    /** A listing entry without {@code full}/{@code expand}. */
    public static final List<String> LISTING_DEFAULT = List.of("likes", "trendingScore", "private", "downloads", "tags", "pipeline_tag",
            "library_name", "createdAt", "modelId");

    /** A listing entry with {@code full=true}. */
    public static final List<String> LISTING_FULL = List.of("author", "gated", "disabled", "lastModified", "likes", "trendingScore",
            "private", "sha", "downloads", "tags", "pipeline_tag", "library_name", "createdAt", "modelId", "siblings");

    /** Model info without {@code expand}. */
    public static final List<String> INFO_DEFAULT = List.of("private", "pipeline_tag", "library_name", "tags", "downloads", "likes",
            "modelId", "author", "sha", "lastModified", "gated", "disabled", "config", "cardData", "siblings", "spaces", "createdAt",
            "safetensors", "usedStorage", "trendingScore");

    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final ObjectMapper json;

    public ModelJson(ObjectMapper json) {
        this.json = json;
    }

    /** The hub's timestamp form: ISO-8601 UTC with milliseconds and {@code Z}. */
    public static String timestamp(Instant t) {
        return ISO_MILLIS.format(t);
    }

    /**
     * A model as the hub renders it.
     *
     * @param fields the fields after {@code _id} and {@code id}
     * @param blobs whether {@code siblings} carry size, blob id and LFS data
     */
    public ObjectNode render(ModelView v, Collection<String> fields, boolean blobs) {
        Repository r = v.repository();
        ObjectNode o = json.createObjectNode();
        o.put("_id", r.objectId());
        o.put("id", r.id());
        for (String field : fields) {
            switch (field) {
                case "author" -> o.put("author", r.author());
                case "baseModels" -> {
                    List<String> bases = r.baseModels();
                    if (!bases.isEmpty()) {
                        ObjectNode b = o.putObject("baseModels");
                        b.put("relation", ModelTags.relation(r.card()).orElseThrow());
                        ArrayNode models = b.putArray("models");
                        bases.forEach(id -> models.addObject().put("id", id));
                    }
                }
                case "cardData" -> {
                    if (!r.card().isEmpty()) {
                        o.set("cardData", json.valueToTree(r.card().frontMatter()));
                    }
                }
                case "childrenModelCount" -> o.put("childrenModelCount", v.children());
                case "config" -> r.config().ifPresent(c -> o.set("config", c));
                case "createdAt" -> o.put("createdAt", timestamp(r.createdAt()));
                case "lastModified" -> o.put("lastModified", timestamp(r.lastModified()));
                case "disabled" -> o.put("disabled", r.attributes().disabled());
                case "downloads" -> o.put("downloads", r.attributes().downloads());
                case "downloadsAllTime" -> o.put("downloadsAllTime", r.attributes().downloadsAllTime());
                case "gated" -> {
                    Optional<String> g = v.gated();
                    if (g.isPresent()) {
                        o.put("gated", g.get());
                    } else {
                        o.put("gated", false);
                    }
                }
                case "library_name" -> r.libraryName().ifPresent(l -> o.put("library_name", l));
                case "pipeline_tag" -> r.pipelineTag().ifPresent(p -> o.put("pipeline_tag", p));
                case "likes" -> o.put("likes", r.attributes().likes());
                case "modelId" -> o.put("modelId", r.id());
                case "private" -> o.put("private", r.attributes().isPrivate());
                case "safetensors" -> r.safetensors().ifPresent(s -> {
                    ObjectNode st = o.putObject("safetensors");
                    ObjectNode params = st.putObject("parameters");
                    s.parameters().forEach(params::put);
                    st.put("total", s.total());
                });
                case "sha" -> o.put("sha", r.sha());
                case "siblings" -> {
                    ArrayNode siblings = o.putArray("siblings");
                    for (RepoFile f : r.files()) {
                        ObjectNode s = siblings.addObject().put("rfilename", f.path());
                        if (blobs) {
                            s.put("size", f.size());
                            s.put("blobId", f.gitOid());
                            if (f.lfs()) {
                                s.putObject("lfs").put("size", f.size()).put("sha256", f.sha256())
                                        .put("pointerSize", RepoFile.lfsPointer(f.sha256(), f.size()).getBytes(StandardCharsets.UTF_8).length);
                            }
                        }
                    }
                }
                case "spaces" -> o.putArray("spaces");
                case "tags" -> {
                    ArrayNode tags = o.putArray("tags");
                    r.tags().forEach(tags::add);
                }
                case "trendingScore" -> o.put("trendingScore", r.attributes().trendingScore());
                case "usedStorage" -> o.put("usedStorage", r.usedStorage());
                case "xetEnabled" -> o.put("xetEnabled", false);
                default -> {
                    // Known to the hub but not modelled here (gguf, inference, widgetData...): left out, as for a model without them.
                }
            }
        }
        return o;
    }
}
