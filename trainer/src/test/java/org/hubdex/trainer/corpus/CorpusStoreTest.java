package org.hubdex.trainer.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hubdex.trainer.corpus.TestRecords.T0;
import static org.hubdex.trainer.corpus.TestRecords.bytes;
import static org.hubdex.trainer.corpus.TestRecords.facts;
import static org.hubdex.trainer.corpus.TestRecords.sha;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.hubdex.weightrecords.DecodedTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusStoreTest {

    @TempDir
    Path dir;

    private static Instant at(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    @Test
    void anEntryReadsBackAsStoredAndASecondPutOfItsShaWritesNothing() throws IOException {
        byte[] record = bytes("org/m", sha(1), 1);
        ModelFacts facts = facts("org/m", sha(1), Optional.of(at(1)), at(2));
        try (CorpusStore store = CorpusStore.open(dir)) {
            assertThat(store.put(record, facts)).isEqualTo(CorpusStore.PutResult.STORED);
            assertThat(store.put(bytes("org/m", sha(1), 99), facts("org/m", sha(1), Optional.empty(), at(9))))
                    .isEqualTo(CorpusStore.PutResult.ALREADY_STORED);
            assertThat(store.contains("org/m", sha(1))).isTrue();
            assertThat(store.count()).isEqualTo(1);
        }
        try (CorpusStore reopened = CorpusStore.open(dir)) {
            CorpusEntry entry = reopened.entries().findFirst().orElseThrow();
            assertThat(entry.facts()).isEqualTo(facts);
            assertThat(entry.tokenRecordBytes()).as("the record's bytes as received").isEqualTo(record);
            DecodedTokens decoded = entry.decodedTokens();
            assertThat(decoded.tokens().values()).containsExactly(TestRecords.tokenized(1, sha(1)).tokens());
            assertThat(entry.dir()).isEqualTo(dir.resolve("entries/org/m/" + sha(1)));
            assertThat(reopened.put(record, facts)).as("dedup survives a restart").isEqualTo(CorpusStore.PutResult.ALREADY_STORED);
            assertThat(reopened.storedCount()).isEqualTo(1);
        }
        try (Stream<Path> files = Files.list(dir.resolve("entries/org/m"))) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void aNewerShaSupersedesTheOlderForTrainingWhateverOrderTheyArriveIn() {
        try (CorpusStore store = CorpusStore.open(dir)) {
            // the newer commit arrives first, the older one (a late replay) second
            store.put(bytes("org/a", sha(2), 2), facts("org/a", sha(2), Optional.of(at(20)), at(30)));
            store.put(bytes("org/a", sha(1), 1), facts("org/a", sha(1), Optional.of(at(10)), at(31)));
            // no commit times: the one stored later wins
            store.put(bytes("org/b", sha(3), 3), facts("org/b", sha(3), Optional.empty(), at(32)));
            store.put(bytes("org/b", sha(4), 4), facts("org/b", sha(4), Optional.empty(), at(33)));

            assertThat(store.entries().map(e -> e.modelId() + "@" + e.sha())).containsExactly("org/a@" + sha(2), "org/b@" + sha(4));
            assertThat(store.count()).isEqualTo(2);
            assertThat(store.storedCount()).isEqualTo(4);
            assertThat(store.allEntries().filter(e -> !e.current()).map(CorpusEntry::sha)).containsExactlyInAnyOrder(sha(1), sha(3));
            assertThat(store.entry("org/a", sha(1)).orElseThrow().facts().sha()).as("kept on disk").isEqualTo(sha(1));
            assertThat(store.countSince(at(31))).as("org/b's new sha; org/a's current one is older").isEqualTo(1);
            assertThat(store.countSince(at(30))).isEqualTo(2);
        }
        try (CorpusStore reopened = CorpusStore.openReadOnly(dir)) {
            assertThat(reopened.entries().map(CorpusEntry::sha)).containsExactly(sha(2), sha(4));
        }
    }

    @Test
    void aCrashMidWriteLeavesNoHalfEntryAndTheEntryIsStoredAgainOnRedelivery() throws IOException {
        try (CorpusStore store = CorpusStore.open(dir)) {
            store.put(bytes("org/a", sha(1), 1), facts("org/a", sha(1), Optional.empty(), at(1)));
        }
        // what crashes leave: a write in tmp/ (files half there), and an entry folder renamed into place but whose index
        // line never made it, or made it only in part
        Path half = Files.createDirectories(dir.resolve("tmp/4f1c"));
        Files.write(half.resolve("tokens.avro"), new byte[] {(byte) 0xC3, 0x01, 7});
        Path orphan = Files.createDirectories(dir.resolve("entries/org/b/" + sha(2)));
        Files.write(orphan.resolve("tokens.avro"), bytes("org/b", sha(2), 7));
        Files.writeString(dir.resolve("index.jsonl"), "{\"modelId\":\"org/b\",\"sha\":\"" + sha(2) + "\",\"ingest",
                StandardOpenOption.APPEND);

        try (CorpusStore store = CorpusStore.openReadOnly(dir)) {
            assertThat(store.entries().map(CorpusEntry::modelId)).as("a reader ignores the torn line").containsExactly("org/a");
        }
        try (CorpusStore store = CorpusStore.open(dir)) {
            assertThat(store.entries().map(CorpusEntry::modelId)).containsExactly("org/a");
            assertThat(store.contains("org/b", sha(2))).isFalse();
            assertThat(dir.resolve("tmp/4f1c")).doesNotExist();
            assertThat(Files.readString(dir.resolve("index.jsonl"))).as("the torn line is dropped").doesNotContain("org/b").endsWith("\n");

            ModelFacts b = facts("org/b", sha(2), Optional.empty(), at(3));
            assertThat(store.put(bytes("org/b", sha(2), 2), b)).isEqualTo(CorpusStore.PutResult.STORED);
            assertThat(store.entry("org/b", sha(2)).orElseThrow().facts()).isEqualTo(b);
        }
        try (CorpusStore store = CorpusStore.open(dir)) {
            assertThat(store.entries().map(CorpusEntry::modelId)).containsExactly("org/a", "org/b");
            assertThat(store.entry("org/b", sha(2)).orElseThrow().tokenRecordBytes()).isEqualTo(bytes("org/b", sha(2), 2));
        }
    }

    @Test
    void damagedFilesFailWithTheirName() throws IOException {
        try (CorpusStore store = CorpusStore.open(dir)) {
            store.put(bytes("org/a", sha(1), 1), facts("org/a", sha(1), Optional.empty(), at(1)));
            store.put(bytes("org/b", sha(2), 2), facts("org/b", sha(2), Optional.empty(), at(2)));
        }
        Path factsFile = dir.resolve("entries/org/a/" + sha(1) + "/facts.json");
        Files.writeString(factsFile, "{\"format\": \"hubdex-corpus-facts\", \"version\": 1, \"modelId\": ");
        Path otherFacts = dir.resolve("entries/org/b/" + sha(2) + "/facts.json");
        Files.writeString(otherFacts, Files.readString(otherFacts).replace("\"version\" : 1", "\"version\" : 7"));
        try (CorpusStore store = CorpusStore.open(dir)) {
            CorpusEntry a = store.entry("org/a", sha(1)).orElseThrow();
            assertThatThrownBy(a::facts).isInstanceOf(CorruptCorpusException.class).hasMessageContaining(factsFile.toString())
                    .hasMessageContaining("not valid JSON");
            assertThatThrownBy(() -> store.entry("org/b", sha(2)).orElseThrow().facts()).isInstanceOf(CorruptCorpusException.class)
                    .hasMessageContaining("version 7");
            assertThat(a.decodedTokens().modelId()).as("the tokens are still readable").isEqualTo("org/a");
        }

        // a damaged line in the middle of the index is not a crash: refuse to guess
        List<String> lines = Files.readAllLines(dir.resolve("index.jsonl"), StandardCharsets.UTF_8);
        Files.write(dir.resolve("index.jsonl"), List.of("{not json", lines.get(1)), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CorpusStore.open(dir)).isInstanceOf(CorruptCorpusException.class).hasMessageContaining("index.jsonl line 1");

        Files.writeString(dir.resolve("corpus.json"), "{\"format\": \"hubdex-corpus\", \"version\": 2}");
        assertThatThrownBy(() -> CorpusStore.open(dir)).isInstanceOf(CorruptCorpusException.class).hasMessageContaining("version 1");
    }

    @Test
    void entriesThatCannotBeRightAreRefusedAndNothingIsWritten() throws IOException {
        try (CorpusStore store = CorpusStore.open(dir)) {
            assertThatThrownBy(() -> store.put(bytes("org/a", sha(1), 1), facts("org/a", sha(2), Optional.empty(), at(1))))
                    .isInstanceOf(InvalidEntryException.class).hasMessageContaining("do not match");
            assertThatThrownBy(() -> store.put("{\"modelId\":\"org/a\"}".getBytes(StandardCharsets.UTF_8),
                    facts("org/a", sha(1), Optional.empty(), at(1)))).isInstanceOf(InvalidEntryException.class)
                    .hasMessageContaining("does not decode");
            assertThatThrownBy(() -> store.put(bytes("../etc", sha(1), 1), facts("../etc", sha(1), Optional.empty(), at(1))))
                    .isInstanceOf(InvalidEntryException.class).hasMessageContaining("model id");
            assertThat(store.count()).isZero();
        }
        assertThat(Files.size(dir.resolve("index.jsonl"))).isZero();
        try (Stream<Path> tmp = Files.list(dir.resolve("tmp")); Stream<Path> entries = Files.list(dir.resolve("entries"))) {
            assertThat(tmp).isEmpty();
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void oneWriterAtATimeAndReadersBesideIt() {
        try (CorpusStore writer = CorpusStore.open(dir)) {
            assertThatThrownBy(() -> CorpusStore.open(dir)).isInstanceOf(CorpusLockedException.class);
            writer.put(bytes("org/a", sha(1), 1), facts("org/a", sha(1), Optional.empty(), at(1)));
            try (CorpusStore reader = CorpusStore.openReadOnly(dir)) {
                assertThat(reader.count()).isEqualTo(1);
                assertThatThrownBy(() -> reader.put(bytes("org/b", sha(2), 2), facts("org/b", sha(2), Optional.empty(), at(2))))
                        .isInstanceOf(IllegalStateException.class);
            }
        }
        try (CorpusStore again = CorpusStore.open(dir)) {
            assertThat(again.count()).as("the lock is released on close").isEqualTo(1);
        }
    }

    @Test
    void aModelIdWithoutNamespaceIsStoredUnderUnderscore() {
        try (CorpusStore store = CorpusStore.open(dir)) {
            ModelFacts f = new ModelFacts("gpt2", sha(5), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
                    Optional.empty(), List.of(), List.of(), Optional.empty(), List.of(), Optional.empty(),
                    new ModelFacts.Documented(false, false, false),
                    new ModelFacts.Source(ModelFacts.SourceKind.KAFKA, "t/0/1", ModelFacts.MetadataOrigin.HUB_MODEL_INFO), at(1));
            store.put(bytes("gpt2", sha(5), 5), f);
            CorpusEntry e = store.entries().findFirst().orElseThrow();
            assertThat(e.dir()).isEqualTo(dir.resolve("entries/_/gpt2/" + sha(5)));
            assertThat(e.facts()).as("empty optionals and lists round-trip").isEqualTo(f);
        }
    }
}
