package org.hubdex.weightspace.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.hubdex.weightspace.safetensors.Dtype;
import org.junit.jupiter.api.Test;

class LayerPlannerTest {

    @Test
    void pairsWeightsWithBiasesInModelOrder() {
        LayerPlan plan = LayerPlanner.plan(Checkpoints.smallCnn(10).header());

        assertThat(Checkpoints.names(plan)).containsExactly("features.0", "features.3", "features.6", "classifier.0", "classifier.2");
        Layer conv = plan.layers().get(1);
        assertThat(conv.index()).isEqualTo(1);
        assertThat(conv.weight().name()).isEqualTo("features.3.weight");
        assertThat(conv.bias().orElseThrow().name()).isEqualTo("features.3.bias");
        assertThat(conv.elementCount()).isEqualTo(6 * 8 * 25 + 6);
        assertThat(plan.elementCount()).isEqualTo(2464);
        assertThat(plan.parameterTotal()).isEqualTo(2464);
        assertThat(plan.skipped()).isEmpty();
    }

    @Test
    void skipsBuffersAndUnconvertibleTensorsWithTheirReasonsAndKeepsNormLayers() {
        LayerPlan plan = LayerPlanner.plan(Checkpoints.builder()
                .add("conv1.weight", 4, 3, 3, 3)
                .add("bn1.weight", 4).add("bn1.bias", 4).add("bn1.running_mean", 4).add("bn1.running_var", 4)
                .addRaw("bn1.num_batches_tracked", Dtype.I64, new long[0], new byte[8])
                .addRaw("embeddings.position_ids", Dtype.I64, new long[] {1, 2}, new byte[16])
                .addRaw("attention_mask", Dtype.BOOL, new long[] {2, 2}, new byte[4])
                .add("cls_token", 1, 1, 4)
                .add("empty.weight", 0, 4)
                .header());

        assertThat(Checkpoints.names(plan)).containsExactly("cls_token", "bn1", "conv1");
        assertThat(plan.layers().get(1).bias()).isPresent();
        assertThat(plan.skipped()).extracting(SkippedTensor::name).containsExactlyInAnyOrder("bn1.running_mean",
                "bn1.running_var", "bn1.num_batches_tracked", "embeddings.position_ids", "attention_mask", "empty.weight");
        assertThat(plan.skipped()).filteredOn(s -> s.name().equals("attention_mask")).singleElement()
                .extracting(SkippedTensor::reason).asString().startsWith("BOOL");
        assertThat(plan.skipped()).filteredOn(s -> s.name().equals("bn1.running_var")).singleElement()
                .extracting(SkippedTensor::reason).asString().contains("batch-norm buffer");
        assertThat(plan.parameterTotal()).isEqualTo(4 * 27 + 4 * 4 + 1 + 2 + 4 + 4);
    }

    @Test
    void aBiasWithoutItsWeightIsALayerOfItsOwn() {
        LayerPlan plan = LayerPlanner.plan(Checkpoints.builder().add("head.bias", 3).add("head.scale", 3).header());
        assertThat(Checkpoints.names(plan)).containsExactly("head.bias", "head.scale");
        assertThat(plan.layers()).allSatisfy(l -> assertThat(l.bias()).isEmpty());
    }

    @Test
    void shardsAreOneCheckpointAndABiasMayLiveInAnotherShard() {
        LayerPlan plan = LayerPlanner.plan(List.of(
                Checkpoints.builder().add("layers.0.weight", 4, 4).add("layers.1.bias", 2).header(),
                Checkpoints.builder().add("layers.1.weight", 2, 4).add("layers.0.bias", 4).header()));
        assertThat(Checkpoints.names(plan)).containsExactly("layers.0", "layers.1");
        assertThat(plan.layers().get(0).weight().file()).isZero();
        assertThat(plan.layers().get(0).bias().orElseThrow().file()).isEqualTo(1);
    }

    @Test
    void aTensorInTwoShardsIsRefused() {
        assertThatThrownBy(() -> LayerPlanner.plan(List.of(Checkpoints.builder().add("w", 2).header(),
                Checkpoints.builder().add("w", 2).header())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'w' is in file 0 and in file 1");
    }
}
