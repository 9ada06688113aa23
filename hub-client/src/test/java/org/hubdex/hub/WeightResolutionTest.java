package org.hubdex.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hubdex.hub.WeightFiles.WeightLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Finding the weights: single file, sharded index, diffusers locations, nothing; shard names checked. */
class WeightResolutionTest {

    private static final String SHA = "fedcba9876543210fedcba9876543210fedcba98";

    private FakeHub hub;
    private FakeTime time;
    private HubClient client;

    @BeforeEach
    void setUp() {
        hub = FakeHub.start();
        time = new FakeTime();
        client = TestClients.client(hub, time);
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    private void info(String... files) {
        String siblings = List.of(files).stream().map(f -> "{\"rfilename\":\"" + f + "\"}").collect(Collectors.joining(","));
        hub.on("/api/models/org/model", FakeHub.json("{\"id\":\"org/model\",\"sha\":\"" + SHA + "\",\"siblings\":[" + siblings + "]}"));
    }

    private void index(String path, String json) {
        hub.on("/org/model/resolve/" + SHA + "/" + path, FakeHub.json(json));
    }

    private WeightFiles resolve() {
        return client.resolveWeights("org/model", Optional.empty(), Optional.empty());
    }

    @Test
    void singleFile() {
        info("config.json", "model.safetensors", "model.safetensors.index.json");
        WeightFiles w = resolve();
        assertThat(w.layout()).isEqualTo(WeightLayout.SINGLE_FILE);
        assertThat(w.files()).containsExactly("model.safetensors");
        assertThat(w.revision()).as("pinned to the sha").isEqualTo(SHA);
        assertThat(hub.requests()).as("no index read").hasSize(1);
    }

    @Test
    void shardedThroughTheIndex() {
        info("model.safetensors.index.json", "model-00002-of-00002.safetensors", "model-00001-of-00002.safetensors");
        index("model.safetensors.index.json", "{\"metadata\":{\"total_size\":123456},\"weight_map\":{"
                + "\"lm_head.weight\":\"model-00002-of-00002.safetensors\",\"embed.weight\":\"model-00001-of-00002.safetensors\","
                + "\"layers.0.w\":\"model-00001-of-00002.safetensors\"}}");
        WeightFiles w = resolve();
        assertThat(w.layout()).isEqualTo(WeightLayout.SHARDED);
        assertThat(w.files()).containsExactly("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors");
        assertThat(w.indexPath()).contains("model.safetensors.index.json");
        assertThat(w.totalSize()).hasValue(123456);
        assertThat(w.weightMap()).containsEntry("lm_head.weight", "model-00002-of-00002.safetensors").hasSize(3);
        assertThat(hub.requests().get(1).uri().getPath()).isEqualTo("/org/model/resolve/" + SHA + "/model.safetensors.index.json");
    }

    @Test
    void diffusersSingleAndSharded() {
        info("model_index.json", "unet/config.json", "unet/diffusion_pytorch_model.safetensors");
        WeightFiles unet = resolve();
        assertThat(unet.layout()).isEqualTo(WeightLayout.DIFFUSERS_SINGLE_FILE);
        assertThat(unet.files()).containsExactly("unet/diffusion_pytorch_model.safetensors");

        info("transformer/diffusion_pytorch_model.safetensors.index.json", "transformer/diffusion_pytorch_model-00001-of-00002.safetensors",
                "transformer/diffusion_pytorch_model-00002-of-00002.safetensors");
        index("transformer/diffusion_pytorch_model.safetensors.index.json", "{\"weight_map\":{"
                + "\"a\":\"diffusion_pytorch_model-00001-of-00002.safetensors\",\"b\":\"diffusion_pytorch_model-00002-of-00002.safetensors\"}}");
        WeightFiles tr = resolve();
        assertThat(tr.layout()).isEqualTo(WeightLayout.DIFFUSERS_SHARDED);
        assertThat(tr.files()).containsExactly("transformer/diffusion_pytorch_model-00001-of-00002.safetensors",
                "transformer/diffusion_pytorch_model-00002-of-00002.safetensors");
        assertThat(tr.totalSize()).isEmpty();
    }

    @Test
    void noSafetensors() {
        info("pytorch_model.bin", "config.json");
        WeightFiles w = resolve();
        assertThat(w.layout()).isEqualTo(WeightLayout.NONE);
        assertThat(w.found()).isFalse();
        assertThat(w.files()).isEmpty();
    }

    @Test
    void aKnownModelInfoWithFilesSavesTheInfoRequest() {
        ModelInfo known = ModelInfo.fromJson("{\"id\":\"org/model\",\"sha\":\"" + SHA + "\",\"siblings\":[{\"rfilename\":\"model.safetensors\"}]}");
        WeightFiles w = client.resolveWeights("org/model", Optional.empty(), Optional.of(known));
        assertThat(w.layout()).isEqualTo(WeightLayout.SINGLE_FILE);
        assertThat(hub.requests()).isEmpty();
        assertThatThrownBy(() -> client.resolveWeights("other/model", Optional.empty(), Optional.of(known)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil-00001-of-00001.safetensors", "/abs/model-00001-of-00001.safetensors",
            "http://x.example/model-00001-of-00001.safetensors", "model-1-of-2.safetensors", "pytorch_model.bin",
            "model-00003-of-00002.safetensors"})
    void unsafeOrMalformedShardNamesAreRejected(String shard) {
        info("model.safetensors.index.json", shard);
        index("model.safetensors.index.json", "{\"weight_map\":{\"a\":\"" + shard + "\"}}");
        assertThatThrownBy(this::resolve).isInstanceOf(InvalidWeightIndexException.class).hasMessageContaining(shard);
    }

    @Test
    void inconsistentOrMissingShardsAndBadIndexesAreRejected() {
        info("model.safetensors.index.json", "model-00001-of-00002.safetensors", "model-00002-of-00003.safetensors");
        index("model.safetensors.index.json", "{\"weight_map\":{\"a\":\"model-00001-of-00002.safetensors\",\"b\":\"model-00002-of-00003.safetensors\"}}");
        assertThatThrownBy(this::resolve).isInstanceOf(InvalidWeightIndexException.class).hasMessageContaining("disagree");

        info("model.safetensors.index.json", "model-00001-of-00002.safetensors");
        index("model.safetensors.index.json", "{\"weight_map\":{\"a\":\"model-00001-of-00002.safetensors\",\"b\":\"model-00002-of-00002.safetensors\"}}");
        assertThatThrownBy(this::resolve).isInstanceOf(InvalidWeightIndexException.class).hasMessageContaining("does not have");

        for (String bad : List.of("[]", "{\"weight_map\":[]}", "{\"weight_map\":{\"a\":1}}", "not json", "{\"weight_map\":{}}")) {
            info("model.safetensors.index.json");
            index("model.safetensors.index.json", bad);
            assertThatThrownBy(this::resolve).as(bad).isInstanceOf(InvalidWeightIndexException.class);
        }
    }

    @Test
    void theShardPatternMatchesTheNotes() {
        assertThat(org.hubdex.hub.internal.WeightResolver.SHARD.pattern()).isEqualTo("^(.*?[_-])(\\d{5,6})-of-(\\d{5,6})\\.safetensors$");
    }
}
