package org.hubdex.weightspace.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WindowSamplerTest {

    @Test
    void aModelWithinTheBudgetIsKeptWhole() {
        List<List<TokenRange>> selection = WindowSampler.select(new long[] {3, 1, 60}, 64, 16, 1);
        assertThat(selection).containsExactly(List.of(new TokenRange(0, 3)), List.of(new TokenRange(0, 1)),
                List.of(new TokenRange(0, 60)));
    }

    @Test
    void aLargeModelGetsWindowsInEveryLayerWithinTheBudget() {
        long[] layers = {100_000, 5, 2_000_000, 64, 300_000, 1};
        List<List<TokenRange>> selection = WindowSampler.select(layers, 4096, 64, 42);
        long kept = selection.stream().flatMap(List::stream).mapToLong(TokenRange::length).sum();
        assertThat(kept).isLessThanOrEqualTo(4096).isGreaterThan(4096 - 3 * 64);
        for (int i = 0; i < layers.length; i++) {
            List<TokenRange> ranges = selection.get(i);
            assertThat(ranges).as("layer %d", i).isNotEmpty();
            long previousEnd = 0;
            for (TokenRange r : ranges) {
                assertThat(r.start()).isGreaterThanOrEqualTo(previousEnd).isEqualTo(r.start() / 64 * 64);
                assertThat(r.end()).isLessThanOrEqualTo(layers[i]);
                previousEnd = r.end();
            }
        }
        // the biggest layer gets the most windows
        assertThat(selection.get(2).size()).isGreaterThan(selection.get(4).size()).isGreaterThan(selection.get(0).size());
    }

    @Test
    void theSampleDependsOnlyOnTheSeed() {
        long[] layers = {10_000, 20_000, 30_000};
        assertThat(WindowSampler.select(layers, 1024, 64, 7)).isEqualTo(WindowSampler.select(layers, 1024, 64, 7));
        assertThat(WindowSampler.select(layers, 1024, 64, 7)).isNotEqualTo(WindowSampler.select(layers, 1024, 64, 8));
    }

    @Test
    void moreLayersThanWindowsSpreadOneWindowOverEvenlySpacedLayers() {
        long[] layers = new long[1000];
        java.util.Arrays.fill(layers, 100);
        List<List<TokenRange>> selection = WindowSampler.select(layers, 640, 64, 3);
        List<Integer> chosen = new java.util.ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            if (!selection.get(i).isEmpty()) {
                chosen.add(i);
                assertThat(selection.get(i)).hasSize(1);
            }
        }
        assertThat(chosen).hasSize(10);
        for (int j = 1; j < chosen.size(); j++) {
            assertThat(chosen.get(j) - chosen.get(j - 1)).isEqualTo(100);
        }
    }
}
