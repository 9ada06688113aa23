package org.hubdex.zoo.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.stream.Stream;
import org.hubdex.zoo.ZooOptions;
import org.hubdex.zoo.ZooOutputConflictException;
import org.hubdex.zoo.ZooPlan;
import org.hubdex.zoo.ZooSummary;

/**
 * {@code zoo.json}: the output folder's identity (format, version, preset, seed), its status ({@code running} while
 * a run writes it, {@code complete} after) and, once complete, the {@link ZooSummary}. A run refuses an output
 * folder that belongs to another preset or seed, or that holds other (non-hidden) files and no {@code zoo.json}.
 * Stateless.
 */
final class ZooJson {

    static final String FORMAT = "hubdex-zoo";
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ZooJson() {
    }

    /** Checks that {@code output} may hold this plan's zoo and marks it {@code running}. */
    static void claim(Path output, ZooPlan plan, ZooOptions options) {
        Path file = output.resolve(OutputLayout.ZOO_JSON);
        try {
            if (Files.exists(file)) {
                JsonNode existing = JSON.readTree(file.toFile());
                String preset = existing.path("preset").asText();
                long seed = existing.path("seed").asLong();
                if (!FORMAT.equals(existing.path("format").asText()) || existing.path("version").asInt() != VERSION) {
                    throw new ZooOutputConflictException(file + " is not a " + FORMAT + " v" + VERSION + " file; choose an"
                            + " empty --out folder");
                }
                if (!preset.equals(plan.preset().id()) || seed != plan.seed()) {
                    throw new ZooOutputConflictException(output + " holds the zoo of preset " + preset + ", seed " + seed
                            + "; resuming it with preset " + plan.preset().id() + ", seed " + plan.seed() + " would mix two"
                            + " populations. Use the same preset and seed to resume, or another --out folder");
                }
            } else if (Files.isDirectory(output)) {
                try (Stream<Path> entries = Files.list(output)) {
                    if (entries.anyMatch(p -> !p.getFileName().toString().startsWith("."))) {
                        throw new ZooOutputConflictException(output + " is not empty and holds no " + OutputLayout.ZOO_JSON
                                + "; choose an empty or new --out folder");
                    }
                }
            }
            ObjectNode node = header(plan, options, "running");
            node.put("startedAt", Instant.now().toString());
            write(file, node);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + file, e);
        }
    }

    /** Marks the zoo complete and records its summary. */
    static void complete(Path output, ZooPlan plan, ZooOptions options, ZooSummary summary) {
        ObjectNode node = header(plan, options, "complete");
        node.put("finishedAt", Instant.now().toString());
        node.set("summary", summary(summary));
        write(output.resolve(OutputLayout.ZOO_JSON), node);
    }

    private static ObjectNode header(ZooPlan plan, ZooOptions options, String status) {
        ObjectNode node = JSON.createObjectNode();
        node.put("format", FORMAT);
        node.put("version", VERSION);
        node.put("preset", plan.preset().id());
        node.put("seed", plan.seed());
        node.put("status", status);
        node.put("plannedModels", plan.models().size());
        node.put("plannedCommits", plan.commits());
        node.put("workers", options.workers());
        node.put("hub", OutputLayout.HUB);
        node.put("updates", OutputLayout.UPDATES);
        node.put("manifest", OutputLayout.MANIFEST);
        return node;
    }

    private static ObjectNode summary(ZooSummary s) {
        ObjectNode node = JSON.createObjectNode();
        node.put("models", s.models());
        node.put("commits", s.commits());
        node.put("commitsThisRun", s.commitsThisRun());
        node.put("elapsedSeconds", Math.round(s.elapsedSeconds() * 10) / 10.0);
        ObjectNode trees = node.putObject("modelsPerTree");
        s.modelsPerTree().forEach(trees::put);
        ObjectNode families = node.putObject("families");
        s.families().forEach((family, f) -> {
            ObjectNode o = families.putObject(family.id());
            o.put("models", f.models());
            putMetric(o, "baseTestAccuracy", f.baseTestAccuracy());
            putMetric(o, "finetuneTestAccuracy", f.finetuneTestAccuracy());
            putMetric(o, "scratchTestAccuracy", f.scratchTestAccuracy());
            o.put("trainSeconds", Math.round(f.trainSeconds()));
        });
        ObjectNode d = node.putObject("finetuneTestAccuracy");
        ZooSummary.Distribution dist = s.finetuneAccuracy();
        d.put("count", dist.count());
        putMetric(d, "min", dist.min());
        putMetric(d, "p10", dist.p10());
        putMetric(d, "median", dist.median());
        putMetric(d, "p90", dist.p90());
        putMetric(d, "max", dist.max());
        putMetric(d, "mean", dist.mean());
        ObjectNode dtypes = node.putObject("dtypes");
        s.dtypes().forEach(dtypes::put);
        ObjectNode cards = node.putObject("cardStyles");
        s.cardStyles().forEach(cards::put);
        return node;
    }

    private static void putMetric(ObjectNode node, String field, double value) {
        if (Double.isNaN(value)) {
            node.putNull(field);
        } else {
            node.put(field, Math.round(value * 10_000) / 10_000.0);
        }
    }

    private static void write(Path file, ObjectNode node) {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.writeString(temp, JSON.writeValueAsString(node) + "\n", StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
