package org.hubdex.weightspace.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackboneConfigTest {

    @Test
    void defaultsAreTheReferenceScaledForCpu() {
        BackboneConfig c = BackboneConfig.defaults();
        assertThat(c.tokenSize()).isEqualTo(128);
        assertThat(c.dModel()).isEqualTo(128);
        assertThat(c.encoderLayers()).isEqualTo(2);
        assertThat(c.decoderLayers()).isEqualTo(2);
        assertThat(c.heads()).isEqualTo(4);
        assertThat(c.mlpRatio()).isEqualTo(4);
        assertThat(c.latentDim()).isEqualTo(64);
        assertThat(c.windowTokens()).isEqualTo(64);
        assertThat(c.haloTokens()).isEqualTo(8);
        assertThat(c.contentTokens()).isEqualTo(48);
        assertThat(c.projectionDim()).isEqualTo(30);
        assertThat(c.gamma()).isEqualTo(0.05);
        assertThat(c.temperature()).isEqualTo(0.1);
        assertThat(c.noiseSigma()).isEqualTo(0.1);
        assertThat(c.eraseProbability()).isZero();
        assertThat(c.learningRate()).isBetween(1e-4, 1e-3);
        assertThat(c.batchSize()).isEqualTo(32);
        assertThat(c.maxSeconds()).as("a time budget of 8-10 minutes").isBetween(8 * 60.0, 10 * 60.0);
        assertThat(c.maxSteps()).isZero();
    }

    @Test
    void toBuilderRoundTrips() {
        BackboneConfig c = BackboneConfig.defaults().toBuilder().optDModel(64).optSeed(7).optEraseProbability(0.5).build();
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(c.dModel()).isEqualTo(64);
        assertThat(c.seed()).isEqualTo(7);
    }

    @Test
    void rejectsInconsistentSizes() {
        BackboneConfig.Builder b = BackboneConfig.builder();
        assertThatThrownBy(() -> b.optHeads(3).build()).hasMessageContaining("divisible");
        assertThatCode(() -> BackboneConfig.builder().optDModel(8).optHeads(1).build()).doesNotThrowAnyException();
        assertThatThrownBy(() -> BackboneConfig.builder().optHaloTokens(32).build()).hasMessageContaining("no content");
        assertThatThrownBy(() -> BackboneConfig.builder().optBatchSize(1).build()).hasMessageContaining("NT-Xent");
        assertThatThrownBy(() -> BackboneConfig.builder().optGamma(1.5).build()).hasMessageContaining("gamma");
        assertThatThrownBy(() -> BackboneConfig.builder().optTemperature(0).build()).hasMessageContaining("temperature");
        assertThatThrownBy(() -> BackboneConfig.builder().optMaxSteps(0).optMaxSeconds(0).build()).hasMessageContaining("budget");
        assertThatThrownBy(() -> BackboneConfig.builder().optLearningRate(Double.NaN).build()).hasMessageContaining("learningRate");
    }
}
