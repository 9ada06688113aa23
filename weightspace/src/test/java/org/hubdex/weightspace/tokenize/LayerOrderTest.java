package org.hubdex.weightspace.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LayerOrderTest {

    /** Shuffles {@code expected} (several seeds) and checks that sorting restores it. */
    private static void assertOrder(List<String> expected) {
        for (long seed = 1; seed <= 5; seed++) {
            List<String> shuffled = new ArrayList<>(expected);
            Collections.shuffle(shuffled, new Random(seed));
            assertThat(LayerOrder.INSTANCE.sort(shuffled)).as("seed %d", seed).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void zooCnnFeaturesBeforeClassifierWhichTheFileOrderReverses() {
        assertOrder(List.of("features.0", "features.3", "features.6", "classifier.0", "classifier.2"));
    }

    @Test
    void numericSegmentsCompareByValue() {
        assertOrder(List.of("layers.0", "layers.2", "layers.4", "layers.10", "layers.100"));
        assertThat(LayerOrder.INSTANCE.compare("h.9.mlp", "h.10.attn")).isNegative();
    }

    @Test
    void timmVitInForwardOrder() {
        assertOrder(List.of("patch_embed.proj", "cls_token", "pos_embed",
                "blocks.0.norm1", "blocks.0.attn.qkv", "blocks.0.attn.proj", "blocks.0.norm2", "blocks.0.mlp.fc1", "blocks.0.mlp.fc2",
                "blocks.1.norm1", "blocks.1.attn.qkv", "blocks.1.attn.proj", "blocks.1.norm2", "blocks.1.mlp.fc1", "blocks.1.mlp.fc2",
                "norm", "head"));
    }

    @Test
    void llamaInForwardOrder() {
        assertOrder(List.of("model.embed_tokens",
                "model.layers.0.input_layernorm", "model.layers.0.self_attn.q_proj", "model.layers.0.self_attn.k_proj",
                "model.layers.0.self_attn.v_proj", "model.layers.0.self_attn.o_proj", "model.layers.0.post_attention_layernorm",
                "model.layers.0.mlp.gate_proj", "model.layers.0.mlp.up_proj", "model.layers.0.mlp.down_proj",
                "model.layers.1.input_layernorm", "model.norm", "lm_head"));
    }

    @Test
    void bertAndGpt2InForwardOrder() {
        assertOrder(List.of("bert.embeddings.word_embeddings", "bert.embeddings.position_embeddings",
                "bert.embeddings.token_type_embeddings", "bert.embeddings.LayerNorm",
                "bert.encoder.layer.0.attention.self.query", "bert.encoder.layer.0.attention.self.key",
                "bert.encoder.layer.0.attention.self.value", "bert.encoder.layer.0.attention.output.dense",
                "bert.encoder.layer.0.intermediate.dense", "bert.encoder.layer.0.output.dense",
                "bert.encoder.layer.1.attention.self.query", "bert.pooler.dense", "classifier"));
        assertOrder(List.of("wte", "wpe", "h.0.ln_1", "h.0.attn.c_attn", "h.0.attn.c_proj", "h.0.ln_2", "h.0.mlp.c_fc",
                "h.0.mlp.c_proj", "h.2.ln_1", "h.11.ln_1", "ln_f"));
    }

    @Test
    void unknownNamesSortNaturallyAndDeterministically() {
        assertOrder(List.of("block.conv2", "block.conv10", "block.gamma", "block.x"));
        assertThat(LayerOrder.INSTANCE.compare("a.b", "a.b.c")).isNegative();
        assertThat(LayerOrder.INSTANCE.compare("same", "same")).isZero();
    }
}
