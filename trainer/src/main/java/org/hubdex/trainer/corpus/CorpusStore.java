package org.hubdex.trainer.corpus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.SchemaException;
import org.hubdex.schemas.Topic;
import org.hubdex.schemas.avro.WeightTokens;
import org.hubdex.trainer.corpus.internal.DurableFiles;
import org.hubdex.trainer.corpus.internal.EntryPaths;
import org.hubdex.trainer.corpus.internal.IndexLine;
import org.hubdex.trainer.corpus.internal.ModelFactsJson;
import org.hubdex.weightrecords.WeightTokensDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's corpus on disk: one entry per (model, sha), each the {@code hub.weight-tokens} record exactly as
 * received (Avro single-object encoding) and its {@link ModelFacts}; deduplicated, crash-safe, and read back as a
 * stream of {@link CorpusEntry} handles.
 *
 * <pre>
 * &lt;dir&gt;/corpus.json                          format and version of the layout
 * &lt;dir&gt;/index.jsonl                          one line per stored entry, in the order stored: the commit point
 * &lt;dir&gt;/entries/&lt;author&gt;/&lt;name&gt;/&lt;sha&gt;/  tokens.avro, facts.json
 * &lt;dir&gt;/tmp/                                entries being written (removed when a writer opens the corpus)
 * &lt;dir&gt;/.lock                               held by the one writer
 * </pre>
 *
 * <p><b>Crash safety.</b> {@link #put} writes both files into a fresh folder under {@code tmp/}, forces them to the
 * device, renames the folder into place (atomic), forces the parent, and only then appends the entry's line to the
 * index and forces it. An entry exists when its index line does: a crash before the append leaves at most a folder
 * nobody reads (a later {@code put} of the same (model, sha) replaces it, which is what a consumer that did not
 * commit its offset does anyway) and a torn last index line, which the next writer drops. A half-written entry is
 * never visible. When {@code put} returns, the entry is durable: a caller may then commit its source offset.
 *
 * <p><b>Revisions.</b> A newer sha of a model supersedes the older one for training: {@link #entries()} yields each
 * model's current revision only ({@link IndexLine#supersedes}: the later commit time when the hub dated both, else
 * the later stored). The older entries stay on disk and in {@link #allEntries()}: the store must remember them
 * anyway so that a re-delivered old revision is recognised as a duplicate instead of stored again, a retrain can be
 * reproduced from the same files, and a model's history is there to study. They cost little: updates are a small
 * share of a hub's commits.
 *
 * <p><b>Concurrency.</b> One writer per directory ({@link #open}; a second one, in any process, gets {@link
 * CorpusLockedException}); any number of readers ({@link #openReadOnly}) see the entries indexed when they opened.
 * An instance is thread-safe. The index lives in memory (a few hundred bytes per entry).
 *
 * <p>The store never reads a zoo's ground-truth manifest: what it holds comes from its callers, who take it from
 * what a hub serves.
 */
public final class CorpusStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CorpusStore.class);

    /** The layout's name and version, in {@code corpus.json}. */
    public static final String FORMAT = "hubdex-corpus";
    public static final int VERSION = 1;
    static final String TOKENS_FILE = "tokens.avro";
    static final String FACTS_FILE = "facts.json";
    private static final String INDEX_FILE = "index.jsonl";
    private static final String MARKER_FILE = "corpus.json";
    private static final String LOCK_FILE = ".lock";

    /** What {@link #put} did. */
    public enum PutResult {
        /** The entry was written and is durable. */
        STORED,
        /** The (model, sha) was already stored; nothing was written. */
        ALREADY_STORED
    }

    private static final AvroCodec<WeightTokens> CODEC = AvroCodec.of(WeightTokens.class);

    private final Path dir;
    private final Path entriesDir;
    private final Path tmpDir;
    private final boolean writable;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final FileChannel index;
    /** Every stored entry by {@code modelId@sha}, in index order. */
    private final LinkedHashMap<String, IndexLine> all = new LinkedHashMap<>();
    /** The current revision of each model. */
    private final Map<String, IndexLine> current = new HashMap<>();
    private boolean closed;

    private CorpusStore(Path dir, boolean writable, FileChannel lockChannel, FileLock lock) throws IOException {
        this.dir = dir;
        this.entriesDir = dir.resolve("entries");
        this.tmpDir = dir.resolve("tmp");
        this.writable = writable;
        this.lockChannel = lockChannel;
        this.lock = lock;
        Path indexFile = dir.resolve(INDEX_FILE);
        long validLength = replay(indexFile);
        if (writable) {
            this.index = FileChannel.open(indexFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (index.size() > validLength) {
                LOG.warn("corpus {}: dropping a torn last index line ({} bytes) left by a crash; its entry will be stored again when"
                        + " it is re-delivered", dir, index.size() - validLength);
                index.truncate(validLength);
                index.force(true);
            }
            index.position(validLength);
        } else {
            this.index = null;
        }
    }

    /**
     * Opens (creating when needed) the corpus in {@code dir} for writing: takes its lock, removes unfinished writes,
     * reads the index.
     *
     * @throws CorpusLockedException when another writer holds it
     * @throws CorruptCorpusException when {@code corpus.json} or an index line (other than a torn last one) is damaged
     */
    public static CorpusStore open(Path dir) {
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new CorpusLockedException("corpus " + dir + " is held by another writer (an ingestor or a zoo build);"
                        + " stop it, or read with CorpusStore.openReadOnly");
            }
            checkOrWriteMarker(dir);
            Path tmp = dir.resolve("tmp");
            if (Files.exists(tmp)) {
                try (Stream<Path> left = Files.list(tmp)) {
                    long n = left.count();
                    if (n > 0) {
                        LOG.info("corpus {}: removing {} unfinished entry write(s) left by a crash", dir, n);
                    }
                }
                DurableFiles.deleteTree(tmp);
            }
            Files.createDirectories(tmp);
            Files.createDirectories(dir.resolve("entries"));
            CorpusStore store = new CorpusStore(dir, true, lockChannel, lock);
            LOG.info("corpus {}: {} entries ({} models)", dir, store.all.size(), store.current.size());
            return store;
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new CorpusException("cannot open corpus " + dir + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    /**
     * Opens the corpus in {@code dir} for reading, beside a writer if one runs: the entries indexed now. Writes
     * nothing; a torn last index line (a writer that crashed) is ignored.
     */
    public static CorpusStore openReadOnly(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CorpusException("no corpus at " + dir);
        }
        try {
            if (Files.exists(dir.resolve(MARKER_FILE))) {
                checkOrWriteMarker(dir);
            }
            return new CorpusStore(dir, false, null, null);
        } catch (IOException e) {
            throw new CorpusException("cannot open corpus " + dir + ": " + e, e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Whether (model, sha) is stored, current or superseded. */
    public synchronized boolean contains(String modelId, String sha) {
        return all.containsKey(modelId + "@" + sha);
    }

    /**
     * Stores one entry durably, unless its (model, sha) is already stored.
     *
     * @param tokenRecord the {@code hub.weight-tokens} record as received (single-object encoded)
     * @param facts its facts, about the same (model, sha)
     * @throws InvalidEntryException when the record does not decode (or its tensors do not match their shape), names
     *     another (model, sha) than the facts, or these cannot name a folder
     * @throws CorpusException when the disk refuses (the entry is then not stored)
     */
    public synchronized PutResult put(byte[] tokenRecord, ModelFacts facts) {
        checkWritable();
        String where = facts.modelId() + "@" + facts.sha();
        Path target = EntryPaths.entryDir(entriesDir, facts.modelId(), facts.sha());
        if (all.containsKey(where)) {
            return PutResult.ALREADY_STORED;
        }
        checkRecord(tokenRecord, facts, where);
        IndexLine line = IndexLine.of(facts);
        Path tmp = tmpDir.resolve(UUID.randomUUID().toString());
        try {
            Files.createDirectory(tmp);
            DurableFiles.writeNew(tmp.resolve(TOKENS_FILE), tokenRecord);
            DurableFiles.writeNew(tmp.resolve(FACTS_FILE), ModelFactsJson.write(facts));
            DurableFiles.forceDirectory(tmp);
            DurableFiles.createDirectories(entriesDir, target.getParent());
            if (Files.exists(target)) {
                // written before a crash that came before its index line: not an entry, replaced
                LOG.info("corpus: replacing the unindexed folder of {} left by a crash", where);
                DurableFiles.deleteTree(target);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            DurableFiles.forceDirectory(target.getParent());
            DurableFiles.forceDirectory(tmpDir);
            ByteBuffer bytes = ByteBuffer.wrap(line.toJsonLine());
            while (bytes.hasRemaining()) {
                index.write(bytes);
            }
            index.force(true);
        } catch (IOException e) {
            try {
                DurableFiles.deleteTree(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new CorpusException("cannot store " + where + " in " + dir + ": " + e, e);
        }
        remember(line);
        return PutResult.STORED;
    }

    /** Each model's current revision, in the order stored (a snapshot: entries stored later are not in it). */
    public Stream<CorpusEntry> entries() {
        List<CorpusEntry> out = new ArrayList<>();
        synchronized (this) {
            for (IndexLine line : all.values()) {
                if (current.get(line.modelId()) == line) {
                    out.add(entry(line, true));
                }
            }
        }
        return out.stream();
    }

    /** Every stored entry, superseded revisions included, in the order stored (a snapshot). */
    public Stream<CorpusEntry> allEntries() {
        List<CorpusEntry> out = new ArrayList<>();
        synchronized (this) {
            for (IndexLine line : all.values()) {
                out.add(entry(line, current.get(line.modelId()) == line));
            }
        }
        return out.stream();
    }

    /** The entry of (model, sha), current or superseded. */
    public synchronized Optional<CorpusEntry> entry(String modelId, String sha) {
        IndexLine line = all.get(modelId + "@" + sha);
        return line == null ? Optional.empty() : Optional.of(entry(line, current.get(modelId) == line));
    }

    /** Entries training uses: one per model. */
    public synchronized int count() {
        return current.size();
    }

    /** Stored entries, superseded revisions included. */
    public synchronized int storedCount() {
        return all.size();
    }

    /**
     * Current entries stored at or after {@code since}: what a retrain would learn that the previous one (trained on
     * the corpus as of {@code since}) did not. A model updated since counts once, with its new revision.
     */
    public synchronized int countSince(Instant since) {
        int n = 0;
        for (IndexLine line : current.values()) {
            if (!line.ingestedAt().isBefore(since)) {
                n++;
            }
        }
        return n;
    }

    /** Releases the lock. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(index);
        if (lock != null) {
            try {
                lock.release();
            } catch (IOException e) {
                LOG.debug("releasing the corpus lock failed", e);
            }
        }
        closeQuietly(lockChannel);
    }

    @Override
    public String toString() {
        return "CorpusStore[" + dir + (writable ? "" : ", read-only") + "]";
    }

    private CorpusEntry entry(IndexLine line, boolean isCurrent) {
        return new CorpusEntry(line, EntryPaths.entryDir(entriesDir, line.modelId(), line.sha()), isCurrent);
    }

    private void remember(IndexLine line) {
        all.put(line.key(), line);
        IndexLine previous = current.get(line.modelId());
        if (previous == null || line.supersedes(previous)) {
            current.put(line.modelId(), line);
        }
    }

    private void checkWritable() {
        if (closed) {
            throw new IllegalStateException("corpus " + dir + " is closed");
        }
        if (!writable) {
            throw new IllegalStateException("corpus " + dir + " was opened read-only");
        }
    }

    private static void checkRecord(byte[] tokenRecord, ModelFacts facts, String where) {
        WeightTokens record;
        try {
            record = CODEC.decode(Topic.WEIGHT_TOKENS.topicName(), tokenRecord);
            if (record == null) {
                throw new InvalidEntryException("the tokens record of " + where + " is null");
            }
            WeightTokensDecoder.decode(record);
        } catch (SchemaException e) {
            throw new InvalidEntryException("the tokens record of " + where + " does not decode: " + e.getMessage(), e);
        }
        if (!record.getModelId().equals(facts.modelId()) || !record.getSha().equals(facts.sha())) {
            throw new InvalidEntryException("facts of " + where + " do not match the tokens record of " + record.getModelId() + "@"
                    + record.getSha());
        }
    }

    /** Reads the index into memory; returns the length of its complete, valid lines. */
    private long replay(Path indexFile) throws IOException {
        if (!Files.exists(indexFile)) {
            return 0;
        }
        byte[] bytes = Files.readAllBytes(indexFile);
        int start = 0;
        int lineNumber = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            lineNumber++;
            String text = new String(bytes, start, end - start, StandardCharsets.UTF_8);
            boolean last = end >= bytes.length - 1;
            if (end == bytes.length) {
                return start; // no newline: a torn last line
            }
            IndexLine line;
            try {
                line = IndexLine.parse(text, indexFile + " line " + lineNumber);
            } catch (CorruptCorpusException e) {
                if (last) {
                    return start; // a last line cut by a crash can end in a newline only by luck; treat it as torn
                }
                throw e;
            }
            remember(line);
            start = end + 1;
        }
        return start;
    }

    private static void checkOrWriteMarker(Path dir) throws IOException {
        Path marker = dir.resolve(MARKER_FILE);
        String expected = "{\"format\": \"" + FORMAT + "\", \"version\": " + VERSION + "}\n";
        if (!Files.exists(marker)) {
            Path tmp = dir.resolve(MARKER_FILE + ".tmp");
            Files.deleteIfExists(tmp);
            DurableFiles.writeNew(tmp, expected.getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE);
            DurableFiles.forceDirectory(dir);
            return;
        }
        String text = Files.readString(marker);
        com.fasterxml.jackson.databind.JsonNode o;
        try {
            o = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new CorruptCorpusException(marker + " is not valid JSON: " + text.strip(), e);
        }
        if (o == null || !FORMAT.equals(o.path("format").asText()) || o.path("version").asInt(-1) != VERSION) {
            throw new CorruptCorpusException(marker + ": expected format " + FORMAT + " version " + VERSION + ", got " + text.strip()
                    + " (a corpus of another Hubdex version, or not a corpus directory)");
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("close failed", e);
            }
        }
    }
}
