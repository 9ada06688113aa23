package org.hubdex.weightspace.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainingWindowsTest {

    @Test
    void drawsContiguousWindowsInsideTheirModelsWeightedBySquareRootLength() {
        TokenSequence small = SyntheticModels.noise(16, 4, 1, 1);
        TokenSequence big = SyntheticModels.noise(1600, 4, 1, 2);
        TrainingWindows windows = new TrainingWindows(List.of(small, big), 64);
        assertThat(windows.windowsPerEpoch()).isEqualTo(1 + 25);
        SplittableRandom random = new SplittableRandom(9);
        Map<TokenSequence, Integer> counts = new HashMap<>();
        int draws = 22_000;
        for (int i = 0; i < draws; i++) {
            TrainingWindows.Draw d = windows.next(random);
            counts.merge(d.sequence(), 1, Integer::sum);
            if (d.sequence() == small) {
                assertThat(d.from()).isZero();
                assertThat(d.count()).isEqualTo(16);
            } else {
                assertThat(d.count()).isEqualTo(64);
                assertThat(d.from()).isBetween(0, 1600 - 64);
            }
        }
        // sqrt(16) : sqrt(1600) = 4 : 40, so the small model gets 1/11 of the draws
        assertThat(counts.get(small) / (double) draws).isBetween(0.08, 0.102);
    }
}
