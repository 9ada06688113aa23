package org.hubdex.weightspace.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HaloWindowsTest {

    @Test
    void aShortSequenceIsOneWindowAllContent() {
        assertThat(HaloWindows.plan(5, 64, 8)).containsExactly(new HaloWindows.Window(0, 5, 0, 5));
        assertThat(HaloWindows.plan(64, 64, 8)).containsExactly(new HaloWindows.Window(0, 64, 0, 64));
    }

    @Test
    void everyTokenIsContentOnceWithHaloContextInsideFullWindows() {
        for (int n : new int[] {65, 100, 112, 113, 1000, 4099}) {
            List<HaloWindows.Window> plan = HaloWindows.plan(n, 64, 8);
            int[] seen = new int[n];
            for (HaloWindows.Window w : plan) {
                assertThat(w.count()).isEqualTo(64);
                assertThat(w.from()).isBetween(0, n - 64);
                assertThat(w.contentFrom()).isGreaterThanOrEqualTo(w.from());
                assertThat(w.contentFrom() + w.contentCount()).isLessThanOrEqualTo(w.from() + w.count());
                assertThat(w.contentCount()).isBetween(1, 48);
                // context of at least the halo on each side, except where the sequence ends
                assertThat(w.contentFrom() - w.from()).isGreaterThanOrEqualTo(Math.min(8, w.contentFrom()));
                int after = w.from() + w.count() - (w.contentFrom() + w.contentCount());
                assertThat(after).isGreaterThanOrEqualTo(Math.min(8, n - (w.contentFrom() + w.contentCount())));
                for (int t = w.contentFrom(); t < w.contentFrom() + w.contentCount(); t++) {
                    seen[t]++;
                }
            }
            for (int t = 0; t < n; t++) {
                assertThat(seen[t]).as("token %d of %d", t, n).isEqualTo(1);
            }
            assertThat(plan).hasSize((n + 47) / 48);
        }
    }

    @Test
    void noTokensIsAnError() {
        assertThatThrownBy(() -> HaloWindows.plan(0, 64, 8)).isInstanceOf(IllegalArgumentException.class);
    }
}
