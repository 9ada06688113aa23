package org.hubdex.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hubdex.hub.internal.ModelInfoParser;
import org.junit.jupiter.api.Test;

/** Parsing of the hub's documented response shapes, from fixtures (string or list base_model, gated modes, missing safetensors, unknown fields). */
class ModelInfoParsingTest {

    private static List<ModelInfo> page() throws Exception {
        return ModelInfoParser.parseArray(new ByteArrayInputStream(Fixtures.text("models-page.json").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void fullEntryWithManualGateConfigAndSafetensors() throws Exception {
        ModelInfo m = page().get(0);
        assertThat(m.id()).isEqualTo("meta-llama/Llama-3.1-8B");
        assertThat(m.author()).contains("meta-llama");
        assertThat(m.sha()).contains("d04e592bb4f6aa9cfee91e2e20afa771667e1d4b");
        assertThat(m.createdAt()).contains(Instant.parse("2024-07-14T22:20:15Z"));
        assertThat(m.createdAtKnown()).isEqualTo(m.createdAt());
        assertThat(m.lastModified()).contains(Instant.parse("2024-10-16T22:00:37Z"));
        assertThat(m.gated()).isEqualTo(GatedMode.MANUAL);
        assertThat(m.gated().isGated()).isTrue();
        assertThat(m.privateRepo()).isFalse();
        assertThat(m.downloads()).hasValue(1234567);
        assertThat(m.likes()).hasValue(1650);
        assertThat(m.trendingScore()).hasValue(12.0);
        assertThat(m.pipelineTag()).contains("text-generation");
        assertThat(m.libraryName()).contains("transformers");
        assertThat(m.safetensors()).hasValueSatisfying(s -> {
            assertThat(s.parameters()).containsExactly(Map.entry("BF16", 8030261248L));
            assertThat(s.total()).isEqualTo(8030261248L);
        });
        assertThat(m.config()).hasValueSatisfying(c -> {
            assertThat(c.architectures()).containsExactly("LlamaForCausalLM");
            assertThat(c.modelType()).contains("llama");
        });
        assertThat(m.cardData()).hasValueSatisfying(c -> {
            assertThat(c.languages()).containsExactly("en", "de", "fr");
            assertThat(c.licenses()).containsExactly("llama3.1");
            assertThat(c.license()).contains("llama3.1");
            assertThat(c.baseModels()).isEmpty();
            assertThat(c.raw()).containsKey("extra_gated_prompt");
        });
        assertThat(m.fileNames()).contains("model.safetensors.index.json");
        assertThat(m.siblings().get(0).size()).isEmpty();
    }

    @Test
    void fineTuneWithStringBaseModelGatedFalseAndUnknownFields() throws Exception {
        ModelInfo m = page().get(1);
        assertThat(m.gated()).isEqualTo(GatedMode.NONE);
        assertThat(m.cardData().orElseThrow().baseModels()).containsExactly("meta-llama/Llama-3.1-8B");
        assertThat(m.cardData().orElseThrow().datasets()).containsExactly("HuggingFaceH4/ultrachat_200k");
        assertThat(m.baseModels()).hasValueSatisfying(b -> {
            assertThat(b.relation()).contains("finetune");
            assertThat(b.ids()).containsExactly("meta-llama/Llama-3.1-8B");
        });
        assertThat(m.baseModelIds()).containsExactly("meta-llama/Llama-3.1-8B");
        assertThat(m.childrenModelCount()).hasValue(2);
        assertThat(m.usedStorage()).hasValue(16060556376L);
        assertThat(m.safetensors()).as("a listing entry without safetensors").isEmpty();
        assertThat(m.tags()).contains("base_model:finetune:meta-llama/Llama-3.1-8B");
    }

    @Test
    void mergeWithListBaseModelAutoGateAndOffsetDate() throws Exception {
        ModelInfo m = page().get(2);
        assertThat(m.gated()).isEqualTo(GatedMode.AUTO);
        CardData card = m.cardData().orElseThrow();
        assertThat(card.baseModels()).containsExactly("org-a/model-a", "org-b/model-b");
        assertThat(card.baseModelRelation()).contains("merge");
        assertThat(card.licenses()).containsExactly("apache-2.0", "mit");
        assertThat(card.languages()).containsExactly("en");
        assertThat(m.createdAt()).contains(Instant.parse("2025-02-01T00:00:00Z"));
        assertThat(m.safetensors().orElseThrow().total()).as("total missing: the sum of the dtypes").isEqualTo(123);
        assertThat(m.sha()).isEmpty();
        assertThat(m.lastModified()).isEmpty();
        assertThat(m.downloads()).as("absent counters are empty, not 0").isEmpty();
    }

    @Test
    void legacyCreatedAtMeansBefore2022() throws Exception {
        ModelInfo m = page().get(3);
        assertThat(m.id()).isEqualTo("bert-base-uncased");
        assertThat(m.createdAt()).contains(HubDates.LEGACY_CREATED_AT);
        assertThat(HubDates.isLegacyCreatedAt(m.createdAt().orElseThrow())).isTrue();
        assertThat(m.createdAtKnown()).isEmpty();
        assertThat(m.cardData()).isEmpty();
        assertThat(m.safetensors()).isEmpty();
    }

    @Test
    void looselyTypedFieldsAreAbsentAndUnknownGateModesCountAsGated() throws Exception {
        ModelInfo m = page().get(4);
        assertThat(m.id()).isEqualTo("carol/tiny");
        assertThat(m.downloads()).isEmpty();
        assertThat(m.tags()).isEmpty();
        assertThat(m.safetensors()).isEmpty();
        assertThat(m.cardData()).isEmpty();
        assertThat(m.trendingScore()).hasValue(0.5);
        assertThat(m.gated()).isEqualTo(GatedMode.MANUAL);
    }

    @Test
    void modelInfoWithBlobsHasSizesAndLfs() {
        ModelInfo m = ModelInfo.fromJson(Fixtures.text("model-info-blobs.json"));
        assertThat(m.siblings()).hasSize(5);
        Sibling shard = m.sibling("model-00001-of-00002.safetensors").orElseThrow();
        assertThat(shard.size()).hasValue(9942981696L);
        assertThat(shard.blobId()).contains("c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1");
        assertThat(shard.lfs()).hasValueSatisfying(l -> {
            assertThat(l.size()).isEqualTo(9942981696L);
            assertThat(l.sha256()).startsWith("3b7e1f4e");
            assertThat(l.pointerSize()).hasValue(135);
        });
        assertThat(m.sibling("config.json").orElseThrow().lfs()).isEmpty();
        assertThat(m.config().orElseThrow().modelType()).contains("mistral");
    }

    @Test
    void treeEntriesParseFilesDirectoriesAndLfsAndSkipUnknownTypes() throws Exception {
        List<RepoFile> tree = ModelInfoParser.parseTree(new ByteArrayInputStream(Fixtures.text("tree.json").getBytes(StandardCharsets.UTF_8)));
        assertThat(tree).extracting(RepoFile::path)
                .containsExactly(".gitattributes", "unet", "unet/diffusion_pytorch_model.safetensors", "unet/config.json");
        assertThat(tree.get(1).type()).isEqualTo(RepoFile.Type.DIRECTORY);
        RepoFile weights = tree.get(2);
        assertThat(weights.isFile()).isTrue();
        assertThat(weights.size()).isEqualTo(3438167536L);
        assertThat(weights.lfs().orElseThrow().sha256()).startsWith("19da7aaa");
    }

    @Test
    void missingIdOrBadDateIsMalformed() {
        assertThatThrownBy(() -> ModelInfo.fromJson("{\"author\":\"x\"}"))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("no string 'id'");
        assertThatThrownBy(() -> ModelInfo.fromJson("{\"id\":\"a/b\",\"createdAt\":\"yesterday\"}"))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("createdAt").hasMessageContaining("a/b");
        assertThatThrownBy(() -> ModelInfo.fromJson("[1]")).isInstanceOf(MalformedResponseException.class);
        assertThatThrownBy(() -> ModelInfoParser.parseArray(new ByteArrayInputStream("{\"error\":\"x\"}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("array");
    }

    @Test
    void modelIdFallsBackToModelId() {
        assertThat(ModelInfo.fromJson("{\"modelId\":\"legacy-id\"}").id()).isEqualTo("legacy-id");
    }
}
