package org.hubdex.weightspace.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KMeansTest {

    @Test
    void oneCentreIsTheMean() {
        float[][] centres = KMeans.fit(List.of(new float[] {1, 2}, new float[] {3, 6}, new float[] {5, 1}), 1, 10, 0);
        assertThat(centres).hasDimensions(1, 2);
        assertThat(centres[0]).containsExactly(3f, 3f);
    }

    @Test
    void separatedClustersAreFound() {
        Random random = new Random(1);
        float[][] truth = {{0, 0, 0}, {10, 0, 0}, {0, 10, 10}};
        List<float[]> points = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            float[] c = truth[i % 3];
            points.add(new float[] {c[0] + (float) random.nextGaussian() * 0.1f, c[1] + (float) random.nextGaussian() * 0.1f,
                    c[2] + (float) random.nextGaussian() * 0.1f});
        }
        float[][] centres = KMeans.fit(points, 3, 50, 42);
        List<float[]> sorted = new ArrayList<>(List.of(centres));
        sorted.sort(Comparator.<float[]>comparingDouble(c -> c[0]).thenComparingDouble(c -> c[1]));
        // sorted by x then y: {0,0,0}, {0,10,10}, {10,0,0}
        assertThat(sorted.get(0)[1]).isBetween(-0.2f, 0.2f);
        assertThat(sorted.get(1)[1]).isBetween(9.8f, 10.2f);
        assertThat(sorted.get(2)[0]).isBetween(9.8f, 10.2f);
    }

    @Test
    void theSameSeedGivesTheSameCentres() {
        Random random = new Random(2);
        List<float[]> points = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            points.add(new float[] {(float) random.nextGaussian(), (float) random.nextGaussian()});
        }
        assertThat(KMeans.fit(points, 4, 20, 9)).isDeepEqualTo(KMeans.fit(points, 4, 20, 9));
    }

    @Test
    void moreClustersThanPointsIsRefused() {
        assertThatThrownBy(() -> KMeans.fit(List.of(new float[] {1}), 2, 10, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
