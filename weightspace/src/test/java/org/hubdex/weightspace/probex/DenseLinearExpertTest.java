package org.hubdex.weightspace.probex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.hubdex.weightspace.engine.Autograd;
import org.hubdex.weightspace.engine.Engines;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DenseLinearExpertTest {

    @BeforeAll
    static void engine() {
        Engines.pytorch();
        Autograd.intraOpThreads(1);
    }

    @Test
    void learnsALinearlyReadableTreeAndRefusesOtherShapes() {
        SyntheticTree tree = new SyntheticTree(11, 36, 20, 6, 16, 0.5, 1.0);
        List<ProbeXExample> train = tree.models("train", 120);
        List<ProbeXExample> validation = tree.models("val", 30);
        List<ProbeXExample> test = tree.models("test", 60);
        DenseLinearExpert dense = DenseLinearExpert.train("synthetic", train, validation,
                ProbeXConfig.defaults().withEpochs(60));
        MultiLabelMetrics held = HeldOut.score(dense, test);
        assertThat(held.elementAccuracy()).isGreaterThan(0.85);
        assertThat(dense.categories()).hasSize(6);
        assertThat(dense.bestEpoch()).isBetween(1, 60);
        assertThat(dense.predict(test.get(0).matrix()).keySet()).containsExactlyElementsOf(dense.categories());
        ProbeXMatrix other = new ProbeXMatrix("w", new long[] {20, 36}, 20, 36, new float[720]);
        assertThatThrownBy(() -> dense.predict(other)).isInstanceOf(LayerShapeMismatchException.class);
    }
}
