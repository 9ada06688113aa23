package org.hubdex.weightspace.probex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeXConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        ProbeXConfig c = ProbeXConfig.defaults();
        assertThat(c.learningRate()).isEqualTo(1e-3);
        assertThat(c.weightDecay()).isEqualTo(1e-5);
        assertThat(c.batchSize()).isEqualTo(128);
        assertThat(c.textDim()).isEqualTo(384);
        assertThat(c.selection()).isEqualTo(ModelSelection.VALIDATION_LOSS);
        assertThat(List.of(c.rU(), c.rV(), c.rT(), c.epochs())).containsExactly(64, 64, 64, 200);
        assertThat(c.textTemperature()).isEqualTo(0.07);
        assertThat(c.textLossWeight()).isEqualTo(0.1);
        assertThat(c.inputScaling()).isEqualTo(InputScaling.TREE_CENTERED);
        ProbeXConfig paper = ProbeXConfig.paper();
        assertThat(List.of(paper.rU(), paper.rV(), paper.rT(), paper.epochs())).containsExactly(128, 128, 128, 500);
        assertThat(paper.inputScaling()).isEqualTo(InputScaling.NONE);
    }

    @Test
    void withersChangeOneThingAndKeepTheRest() {
        ProbeXConfig c = ProbeXConfig.defaults().withRanks(8, 4, 2).withEpochs(3).withSeed(9);
        assertThat(c.rU()).isEqualTo(8);
        assertThat(c.rV()).isEqualTo(4);
        assertThat(c.rT()).isEqualTo(2);
        assertThat(c.epochs()).isEqualTo(3);
        assertThat(c.seed()).isEqualTo(9);
        assertThat(c.learningRate()).isEqualTo(ProbeXConfig.defaults().learningRate());
        assertThat(c.inputScaling()).isEqualTo(ProbeXConfig.defaults().inputScaling());
    }

    @Test
    void rejectsValuesThatCannotTrain() {
        ProbeXConfig d = ProbeXConfig.defaults();
        assertThatThrownBy(() -> d.withRanks(0, 4, 4)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rU");
        assertThatThrownBy(() -> d.withEpochs(0)).hasMessageContaining("epochs");
        assertThatThrownBy(() -> d.withText(0, 1)).hasMessageContaining("textTemperature");
        assertThatThrownBy(() -> d.withText(1, -1)).hasMessageContaining("textLossWeight");
        assertThatThrownBy(() -> d.withOptimizer(Double.NaN, 0, 8)).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> d.withOptimizer(1e-3, -1e-5, 8)).hasMessageContaining("weightDecay");
        assertThatThrownBy(() -> d.withRanks(4096, 4096, 4096)).hasMessageContaining("lower the ranks");
        assertThatThrownBy(() -> d.withInputScaling(null)).isInstanceOf(NullPointerException.class);
    }
}
