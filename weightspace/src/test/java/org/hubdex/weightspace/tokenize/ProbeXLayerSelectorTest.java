package org.hubdex.weightspace.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProbeXLayerSelectorTest {

    private static ProbeXLayerSelector.Choice choose(Checkpoints checkpoint, TokenizerConfig config) {
        return ProbeXLayerSelector.choose(LayerPlanner.plan(checkpoint.header()), config);
    }

    private static String chosen(Checkpoints checkpoint) {
        return ((ProbeXLayerSelector.Chosen) choose(checkpoint, TokenizerConfig.DEFAULT)).layer().name();
    }

    @Test
    void zooCnnReadsItsHiddenFullyConnectedLayerNotTheHead() {
        assertThat(chosen(Checkpoints.smallCnn(10))).isEqualTo("classifier.0");
        assertThat(chosen(Checkpoints.smallCnn(3))).as("same layer whatever the head").isEqualTo("classifier.0");
    }

    @Test
    void mlpReadsItsMiddleHiddenLayer() {
        assertThat(chosen(Checkpoints.builder().add("layers.0.weight", 128, 784).add("layers.2.weight", 64, 128)
                .add("layers.4.weight", 10, 64))).isEqualTo("layers.2");
    }

    @Test
    void transformersReadTheMiddleAttentionOutputProjection() {
        Checkpoints vit = Checkpoints.builder().add("patch_embed.proj.weight", 48, 1, 7, 7).add("cls_token", 1, 1, 48)
                .add("pos_embed", 1, 17, 48).add("head.weight", 10, 48);
        for (int b = 0; b < 3; b++) {
            vit.add("blocks." + b + ".attn.qkv.weight", 144, 48).add("blocks." + b + ".attn.proj.weight", 48, 48)
                    .add("blocks." + b + ".mlp.fc1.weight", 96, 48).add("blocks." + b + ".mlp.fc2.weight", 48, 96);
        }
        assertThat(chosen(vit)).isEqualTo("blocks.1.attn.proj");
    }

    @Test
    void aConfiguredPatternWins() {
        TokenizerConfig config = TokenizerConfig.builder().optProbeXLayer("features\\.3").build();
        assertThat(((ProbeXLayerSelector.Chosen) choose(Checkpoints.smallCnn(10), config)).layer().name()).isEqualTo("features.3");
        TokenizerConfig nothing = TokenizerConfig.builder().optProbeXLayer("^decoder").build();
        assertThat(choose(Checkpoints.smallCnn(10), nothing)).isInstanceOf(ProbeXLayerSelector.NoLayer.class);
    }

    @Test
    void aHeadAloneIsNoProbeXLayer() {
        assertThat(choose(Checkpoints.builder().add("head.weight", 10, 48).add("head.bias", 10), TokenizerConfig.DEFAULT))
                .isInstanceOfSatisfying(ProbeXLayerSelector.NoLayer.class, n -> assertThat(n.reason()).contains("head"));
    }

    @Test
    void aLayerOverTheSizeLimitGivesWayToTheNearestUnderIt() {
        Checkpoints mlp = Checkpoints.builder().add("l.0.weight", 8, 8).add("l.1.weight", 8, 8).add("l.2.weight", 40, 40)
                .add("l.3.weight", 8, 8).add("l.4.weight", 2, 8);
        TokenizerConfig small = TokenizerConfig.builder().optMaxProbeXElements(100).build();
        assertThat(chosen(mlp)).isEqualTo("l.2");
        assertThat(((ProbeXLayerSelector.Chosen) choose(mlp, small)).layer().name()).isEqualTo("l.1");
        assertThat(choose(mlp, TokenizerConfig.builder().optMaxProbeXElements(10).build()))
                .isInstanceOf(ProbeXLayerSelector.NoLayer.class);
    }
}
