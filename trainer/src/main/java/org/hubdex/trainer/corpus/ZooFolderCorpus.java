package org.hubdex.trainer.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hubdex.localhub.CommitSha;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.Topic;
import org.hubdex.schemas.avro.WeightTokens;
import org.hubdex.trainer.corpus.internal.HubTags;
import org.hubdex.weightrecords.WeightTokensEncoder;
import org.hubdex.weightspace.WeightspaceException;
import org.hubdex.weightspace.safetensors.FileByteRangeSource;
import org.hubdex.weightspace.safetensors.SafetensorsReader;
import org.hubdex.weightspace.tokenize.TokenizedModel;
import org.hubdex.weightspace.tokenize.TokenizerConfig;
import org.hubdex.weightspace.tokenize.WeightFile;
import org.hubdex.weightspace.tokenize.WeightTokenizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development path to a corpus ({@code ops/train --once --zoo DIR}): entries built straight from a zoo's output
 * folder, without Kafka or a hub. Each repository folder {@code DIR/hub/<author>/<name>/} ({@code
 * docs/repo-folder-format.md}) becomes the entry the Kafka path would store for it: its weights tokenized by
 * weightspace's {@link WeightTokenizer} and encoded by {@link WeightTokensEncoder}, its sha the commit the local hub
 * would serve ({@link CommitSha}), {@code config.json} and {@code README.md} read into a {@link RepoCard} with the
 * same caps and parsers as {@link CardFetcher}, dates from {@code .hub.json}, tags as the hub derives them.
 *
 * <p>It reads only {@code DIR/hub/}: never {@code manifest.jsonl}, the zoo's ground truth, which the trainer must
 * not learn from. Folders already stored (same sha) are skipped, so a rerun continues an interrupted build; a folder
 * that cannot be read (no safetensors, corrupt or NaN weights) is logged and counted, and the build goes on.
 *
 * <p>Not thread-safe; one build at a time (the store's lock sees to other processes).
 */
public final class ZooFolderCorpus {

    private static final Logger LOG = LoggerFactory.getLogger(ZooFolderCorpus.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AvroCodec<WeightTokens> CODEC = AvroCodec.of(WeightTokens.class);

    private final CorpusStore store;
    private final WeightTokenizer tokenizer;
    private final int cardMaxChars;
    private final Duration progressInterval;
    private final Clock clock;

    /**
     * @param tokenizer the tokenizer settings ({@link TokenizerConfig#DEFAULT}: what the tokenize job uses by default)
     */
    public ZooFolderCorpus(CorpusStore store, CorpusSettings settings, TokenizerConfig tokenizer, Clock clock) {
        this.store = store;
        this.tokenizer = new WeightTokenizer(tokenizer);
        this.cardMaxChars = settings.cardMaxChars();
        this.progressInterval = settings.progressInterval();
        this.clock = clock;
    }

    /**
     * What a build did.
     *
     * @param repositories repository folders found
     * @param stored entries written
     * @param alreadyStored folders whose (model, sha) the corpus already held
     * @param failed {@code model id: reason} of each folder that could not be read
     * @param elapsed the build's duration
     */
    public record Result(int repositories, int stored, int alreadyStored, List<String> failed, Duration elapsed) {
        public Result {
            failed = List.copyOf(failed);
        }
    }

    /**
     * Adds the repositories of the zoo output folder {@code zooDir} to the corpus.
     *
     * @throws CorpusException when {@code zooDir/hub} is missing or the store fails
     */
    public Result build(Path zooDir) {
        Path hub = zooDir.resolve("hub");
        if (!Files.isDirectory(hub)) {
            throw new CorpusException(zooDir + " is not a zoo output folder: " + hub + " is missing");
        }
        List<Path> repos = repositories(hub);
        LOG.info("zoo corpus: {} repository folders under {} into {}", repos.size(), hub, store.dir());
        long started = System.nanoTime();
        long lastLog = started;
        int stored = 0;
        int already = 0;
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < repos.size(); i++) {
            Path repo = repos.get(i);
            String modelId = hub.relativize(repo).toString().replace('\\', '/');
            try {
                if (add(hub, repo, modelId)) {
                    stored++;
                } else {
                    already++;
                }
            } catch (WeightspaceException | NoWeightsException | UncheckedIOException e) {
                LOG.warn("zoo corpus: {} left out: {}", modelId, e.getMessage());
                failed.add(modelId + ": " + e.getMessage());
            }
            long now = System.nanoTime();
            if (now - lastLog >= progressInterval.toNanos() || i == repos.size() - 1) {
                double seconds = Math.max(1e-9, (now - started) / 1e9);
                LOG.info("zoo corpus: {}/{} repositories ({} stored, {} already stored, {} failed), {} models/s", i + 1, repos.size(),
                        stored, already, failed.size(), String.format("%.1f", (i + 1) / seconds));
                lastLog = now;
            }
        }
        return new Result(repos.size(), stored, already, failed, Duration.ofNanos(System.nanoTime() - started));
    }

    /** Stores one folder's entry; false when its (model, sha) is already stored. */
    private boolean add(Path hub, Path repo, String modelId) {
        String sha = CommitSha.of(repo);
        if (store.contains(modelId, sha)) {
            return false;
        }
        List<String> weightFiles = weightFiles(repo, modelId);
        TokenizedModel model = tokenize(repo, weightFiles, sha);
        WeightTokens record = WeightTokensEncoder.encode(modelId, sha, weightFiles, model, clock.instant());
        String resource = modelId + "@" + sha;
        RepoCard card = RepoCard.of(readPrefix(repo.resolve("config.json"), RepoCard.CONFIG_MAX_BYTES + 1),
                readPrefix(repo.resolve("README.md"), RepoCard.README_MAX_BYTES), cardMaxChars, resource);
        JsonNode attributes = hubAttributes(repo);
        List<String> tags = HubTags.derive(card.frontMatter(), hasSafetensors(repo));
        ModelFacts facts = FactsMapper.fromFolder(modelId, sha, instant(attributes, "createdAt", repo),
                instant(attributes, "lastModified", repo), tags, card,
                new ModelFacts.Source(ModelFacts.SourceKind.ZOO_FOLDER, "hub/" + modelId, ModelFacts.MetadataOrigin.ZOO_FOLDER),
                clock.instant());
        return store.put(CODEC.encode(Topic.WEIGHT_TOKENS.topicName(), record), facts) == CorpusStore.PutResult.STORED;
    }

    private TokenizedModel tokenize(Path repo, List<String> weightFiles, String sha) {
        List<FileByteRangeSource> sources = new ArrayList<>();
        try {
            List<WeightFile> files = new ArrayList<>();
            for (String path : weightFiles) {
                FileByteRangeSource source = FileByteRangeSource.open(repo.resolve(path));
                sources.add(source);
                files.add(new WeightFile(path, source, SafetensorsReader.readHeader(source)));
            }
            return tokenizer.tokenize(files, sha);
        } finally {
            for (FileByteRangeSource s : sources) {
                try {
                    s.close();
                } catch (IOException e) {
                    LOG.debug("closing {} failed", s.resource(), e);
                }
            }
        }
    }

    /** {@code model.safetensors}, else the shards of {@code model.safetensors.index.json} in order. */
    private static List<String> weightFiles(Path repo, String modelId) {
        if (Files.isRegularFile(repo.resolve("model.safetensors"))) {
            return List.of("model.safetensors");
        }
        Path index = repo.resolve("model.safetensors.index.json");
        if (Files.isRegularFile(index)) {
            try {
                JsonNode map = JSON.readTree(index.toFile()).path("weight_map");
                TreeSet<String> shards = new TreeSet<>();
                for (Iterator<JsonNode> it = map.elements(); it.hasNext(); ) {
                    String shard = it.next().asText();
                    if (shard.contains("/") || shard.contains("\\") || shard.startsWith(".") || !Files.isRegularFile(repo.resolve(shard))) {
                        throw new NoWeightsException(modelId + ": the weight index names a missing or unsafe shard " + shard);
                    }
                    shards.add(shard);
                }
                if (!shards.isEmpty()) {
                    return List.copyOf(shards);
                }
            } catch (IOException e) {
                throw new NoWeightsException(modelId + ": model.safetensors.index.json does not read: " + e.getMessage());
            }
        }
        throw new NoWeightsException(modelId + " has no safetensors weights (model.safetensors or a sharded index)");
    }

    private static boolean hasSafetensors(Path repo) {
        return CommitSha.servedFiles(repo).stream().anyMatch(p -> p.getFileName().toString().endsWith(".safetensors"));
    }

    /** The served repository folders {@code hub/<author>/<name>}, sorted by model id. */
    private static List<Path> repositories(Path hub) {
        List<Path> out = new ArrayList<>();
        for (Path author : list(hub)) {
            if (!isRepoName(author)) {
                continue;
            }
            for (Path repo : list(author)) {
                if (isRepoName(repo) && !CommitSha.servedFiles(repo).isEmpty()) {
                    out.add(repo);
                }
            }
        }
        out.sort(null);
        return out;
    }

    private static boolean isRepoName(Path p) {
        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && NAME.matcher(p.getFileName().toString()).matches();
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The first {@code max} bytes of a file, when it exists (what a ranged read of the hub would give). */
    static Optional<byte[]> readPrefix(Path file, int max) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(in.readNBytes(max));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** {@code .hub.json}, the hub-side attributes; an empty object when absent or unreadable (logged). */
    private static JsonNode hubAttributes(Path repo) {
        Path file = repo.resolve(".hub.json");
        if (!Files.isRegularFile(file)) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            return node != null && node.isObject() ? node : JSON.createObjectNode();
        } catch (IOException e) {
            LOG.warn("{} does not read ({}); no dates", file, e.getMessage());
            return JSON.createObjectNode();
        }
    }

    private static Optional<Instant> instant(JsonNode attributes, String field, Path repo) {
        JsonNode v = attributes.get(field);
        if (v == null || !v.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(v.textValue()));
        } catch (DateTimeParseException e) {
            LOG.warn("{}/.hub.json: {} is not an ISO-8601 instant: {}", repo, field, v.textValue());
            return Optional.empty();
        }
    }

    /** A repository folder without readable safetensors weights. */
    static final class NoWeightsException extends CorpusException {
        private static final long serialVersionUID = 1L;

        NoWeightsException(String message) {
            super(message);
        }
    }
}
