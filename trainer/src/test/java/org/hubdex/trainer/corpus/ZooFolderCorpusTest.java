package org.hubdex.trainer.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.hubdex.localhub.CommitSha;
import org.hubdex.schemas.avro.WeightTokens;
import org.hubdex.weightspace.safetensors.Dtype;
import org.hubdex.weightspace.safetensors.SafetensorsWriter;
import org.hubdex.weightspace.tokenize.TokenizerConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zoo path on a hand-made zoo folder: a documented base, an undocumented fine-tune, a sharded one, one without weights. */
class ZooFolderCorpusTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path zoo;
    @TempDir
    Path corpus;

    @BeforeEach
    void zooFolder() throws IOException {
        Path base = Files.createDirectories(zoo.resolve("hub/fashion-lab/cnn-base"));
        TestRecords.writeSafetensors(base.resolve("model.safetensors"), 1);
        Files.writeString(base.resolve("config.json"), "{\"id2label\": {\"0\": \"T-shirt/top\", \"1\": \"Trouser\", \"2\": \"Bag\"}}");
        Files.writeString(base.resolve("README.md"), "---\nlicense: mit\ndatasets: fashion_mnist\ntags:\n- cnn\n"
                + "pipeline_tag: image-classification\nlibrary_name: pytorch\n---\n\n# cnn-base\n\nThree classes.\n");
        Files.writeString(base.resolve(".hub.json"), "{\"createdAt\": \"2024-01-18T13:33:02Z\", \"lastModified\": \"2024-01-19T10:00:00Z\"}");

        Path ft = Files.createDirectories(zoo.resolve("hub/kenji-t/cnn-ft"));
        TestRecords.writeSafetensors(ft.resolve("model.safetensors"), 2);
        Files.writeString(ft.resolve("config.json"), "{\"id2label\": {\"0\": \"LABEL_0\", \"1\": \"LABEL_1\"}}");
        Files.writeString(ft.resolve(".hub.json"), "{\"createdAt\": \"2022-03-02T23:29:04.000Z\"}"); // the hub's legacy placeholder

        Path sharded = Files.createDirectories(zoo.resolve("hub/kenji-t/mlp-sharded"));
        SafetensorsWriter.create().addTensor("fc1.weight", Dtype.F32, new long[] {4, 8}, TestRecords.values(32, 5))
                .write(sharded.resolve("model-00001-of-00002.safetensors"));
        SafetensorsWriter.create().addTensor("fc2.weight", Dtype.F32, new long[] {2, 4}, TestRecords.values(8, 6))
                .write(sharded.resolve("model-00002-of-00002.safetensors"));
        Files.writeString(sharded.resolve("model.safetensors.index.json"), "{\"metadata\": {\"total_size\": 160}, \"weight_map\": "
                + "{\"fc2.weight\": \"model-00002-of-00002.safetensors\", \"fc1.weight\": \"model-00001-of-00002.safetensors\"}}");
        Files.writeString(sharded.resolve("README.md"), "---\nbase_model: fashion-lab/cnn-base\n---\n");

        Path pickle = Files.createDirectories(zoo.resolve("hub/kenji-t/pickle-only"));
        Files.write(pickle.resolve("pytorch_model.bin"), new byte[64]);

        // ground truth the corpus must never read: if it did, these lies would show
        Files.writeString(zoo.resolve("manifest.jsonl"), "{\"id\":\"kenji-t/cnn-ft\",\"classNames\":[\"Sandal\",\"Coat\"]}\n"
                + "{\"id\":\"fashion-lab/cnn-base\",\"classNames\":[\"Lie\",\"Lie\",\"Lie\"]}\n");
    }

    private ZooFolderCorpus.Result build(CorpusStore store) {
        CorpusSettings settings = CorpusSettings.fromEnvironment(Map.of());
        return new ZooFolderCorpus(store, settings, TokenizerConfig.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC)).build(zoo);
    }

    @Test
    void eachRepositoryBecomesTheEntryTheKafkaPathWouldStore() throws IOException {
        try (CorpusStore store = CorpusStore.open(corpus)) {
            ZooFolderCorpus.Result result = build(store);
            assertThat(result.repositories()).isEqualTo(4);
            assertThat(result.stored()).isEqualTo(3);
            assertThat(result.failed()).singleElement().asString().startsWith("kenji-t/pickle-only").contains("no safetensors");

            Path baseDir = zoo.resolve("hub/fashion-lab/cnn-base");
            CorpusEntry base = store.entry("fashion-lab/cnn-base", CommitSha.of(baseDir)).orElseThrow();
            ModelFacts f = base.facts();
            assertThat(f.classNames()).containsExactly("T-shirt/top", "Trouser", "Bag");
            assertThat(f.author()).contains("fashion-lab");
            assertThat(f.createdAt()).contains(Instant.parse("2024-01-18T13:33:02Z"));
            assertThat(f.lastModified()).contains(Instant.parse("2024-01-19T10:00:00Z"));
            assertThat(f.tags()).containsExactly("pytorch", "safetensors", "image-classification", "cnn", "dataset:fashion_mnist",
                    "license:mit");
            assertThat(f.pipelineTag()).contains("image-classification");
            assertThat(f.libraryName()).contains("pytorch");
            assertThat(f.datasets()).containsExactly("fashion_mnist");
            assertThat(f.license()).contains("mit");
            assertThat(f.baseModels()).isEmpty();
            assertThat(f.cardText()).contains("# cnn-base\n\nThree classes.");
            assertThat(f.documented()).isEqualTo(new ModelFacts.Documented(true, false, true));
            assertThat(f.source()).isEqualTo(new ModelFacts.Source(ModelFacts.SourceKind.ZOO_FOLDER, "hub/fashion-lab/cnn-base",
                    ModelFacts.MetadataOrigin.ZOO_FOLDER));
            assertThat(f.ingestedAt()).isEqualTo(NOW);
            WeightTokens tokens = base.tokenRecord();
            assertThat(tokens.getSha()).isEqualTo(CommitSha.of(baseDir));
            assertThat(base.decodedTokens().tokens().values()).as("the tokenizer's output, unchanged")
                    .containsExactly(TestRecords.tokenized(1, CommitSha.of(baseDir)).tokens());

            ModelFacts ft = store.entry("kenji-t/cnn-ft", CommitSha.of(zoo.resolve("hub/kenji-t/cnn-ft"))).orElseThrow().facts();
            assertThat(ft.classNames()).as("placeholders, and never the manifest's names").isEmpty();
            assertThat(ft.documented()).isEqualTo(new ModelFacts.Documented(false, false, false));
            assertThat(ft.cardText()).isEmpty();
            assertThat(ft.createdAt()).as("the legacy placeholder is no date").isEmpty();
            assertThat(ft.tags()).containsExactly("safetensors");

            CorpusEntry sharded = store.entries().filter(e -> e.modelId().equals("kenji-t/mlp-sharded")).findFirst().orElseThrow();
            assertThat(sharded.tokenRecord().getWeightFiles()).containsExactly("model-00001-of-00002.safetensors",
                    "model-00002-of-00002.safetensors");
            assertThat(sharded.decodedTokens().layers()).extracting(org.hubdex.weightrecords.LayerSummary::name)
                    .containsExactly("fc1.weight", "fc2.weight");
            assertThat(sharded.facts().baseModels()).containsExactly("fashion-lab/cnn-base");
            assertThat(sharded.facts().tags()).contains("base_model:fashion-lab/cnn-base", "base_model:finetune:fashion-lab/cnn-base");
            assertThat(sharded.facts().documented()).isEqualTo(new ModelFacts.Documented(true, true, false));
        }
    }

    @Test
    void aRerunStoresNothingTwiceAndAChangedFolderIsANewRevision() throws IOException {
        try (CorpusStore store = CorpusStore.open(corpus)) {
            build(store);
        }
        Path ft = zoo.resolve("hub/kenji-t/cnn-ft");
        String oldSha = CommitSha.of(ft);
        Files.writeString(ft.resolve("config.json"), "{\"id2label\": {\"0\": \"Sandal\", \"1\": \"Coat\"}}");
        try (CorpusStore store = CorpusStore.open(corpus)) {
            ZooFolderCorpus.Result again = build(store);
            assertThat(again.alreadyStored()).isEqualTo(2);
            assertThat(again.stored()).isEqualTo(1);
            assertThat(store.storedCount()).isEqualTo(4);
            assertThat(store.count()).isEqualTo(3);
            List<CorpusEntry> revisions = store.allEntries().filter(e -> e.modelId().equals("kenji-t/cnn-ft")).toList();
            assertThat(revisions).extracting(CorpusEntry::sha).containsExactly(oldSha, CommitSha.of(ft));
            assertThat(revisions.get(1).current()).isTrue();
            assertThat(revisions.get(1).facts().classNames()).containsExactly("Sandal", "Coat");
        }
    }
}
