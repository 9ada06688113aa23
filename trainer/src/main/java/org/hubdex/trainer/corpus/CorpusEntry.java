package org.hubdex.trainer.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.SchemaException;
import org.hubdex.schemas.Topic;
import org.hubdex.schemas.avro.WeightTokens;
import org.hubdex.trainer.corpus.internal.IndexLine;
import org.hubdex.trainer.corpus.internal.ModelFactsJson;
import org.hubdex.weightrecords.DecodedTokens;
import org.hubdex.weightrecords.WeightTokensDecoder;

/**
 * One stored (model, sha) of a {@link CorpusStore}: a handle that reads its files when asked, so that streaming a
 * corpus of millions of entries holds one entry's tokens at a time. Entries are immutable once indexed, so a handle
 * stays valid while the store keeps writing; {@code current} is as of the moment the handle was made.
 *
 * <p>Thread-safe (it holds no mutable state).
 */
public final class CorpusEntry {

    private static final AvroCodec<WeightTokens> CODEC = AvroCodec.of(WeightTokens.class);

    private final IndexLine line;
    private final Path dir;
    private final boolean current;

    CorpusEntry(IndexLine line, Path dir, boolean current) {
        this.line = line;
        this.dir = dir;
        this.current = current;
    }

    public String modelId() {
        return line.modelId();
    }

    public String sha() {
        return line.sha();
    }

    /** When the entry was stored. */
    public Instant ingestedAt() {
        return line.ingestedAt();
    }

    /** The revision's commit time as the hub reported it, when known (what decides which revision is current). */
    public Optional<Instant> lastModified() {
        return line.lastModified();
    }

    /** Whether this is the model's current revision, the one training uses; false when a newer sha supersedes it. */
    public boolean current() {
        return current;
    }

    /** The entry's folder. */
    public Path dir() {
        return dir;
    }

    /**
     * The entry's facts ({@code facts.json}).
     *
     * @throws CorruptCorpusException when the file is missing or does not read as facts
     */
    public ModelFacts facts() {
        Path file = dir.resolve(CorpusStore.FACTS_FILE);
        return ModelFactsJson.read(read(file), file.toString());
    }

    /** The {@code hub.weight-tokens} record as received: Avro single-object encoding ({@code tokens.avro}). */
    public byte[] tokenRecordBytes() {
        return read(dir.resolve(CorpusStore.TOKENS_FILE));
    }

    /**
     * The tokens record.
     *
     * @throws CorruptCorpusException when the file does not decode
     */
    public WeightTokens tokenRecord() {
        Path file = dir.resolve(CorpusStore.TOKENS_FILE);
        try {
            return CODEC.decode(Topic.WEIGHT_TOKENS.topicName(), read(file));
        } catch (SchemaException e) {
            throw new CorruptCorpusException(file + " does not decode as a WeightTokens record: " + e.getMessage(), e);
        }
    }

    /** The tokens as the backbone and ProbeX read them. */
    public DecodedTokens decodedTokens() {
        try {
            return WeightTokensDecoder.decode(tokenRecord());
        } catch (SchemaException e) {
            throw new CorruptCorpusException(dir.resolve(CorpusStore.TOKENS_FILE) + ": " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CorruptCorpusException(file + " is missing: the entry is indexed but its file is gone", e);
        } catch (IOException e) {
            throw new CorpusException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "CorpusEntry[" + line.key() + (current ? "" : ", superseded") + "]";
    }
}
