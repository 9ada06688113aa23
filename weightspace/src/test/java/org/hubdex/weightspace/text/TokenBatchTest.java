package org.hubdex.weightspace.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenBatchTest {

    @Test
    void padsOnTheRightToTheLongestWithMaskZero() {
        TokenBatch batch = TokenBatch.pad(
                List.of(new long[] {101, 7, 102}, new long[] {101, 8, 9, 10, 102}),
                List.of(new long[] {0, 0, 0}, new long[] {0, 0, 0, 1, 1}));
        assertThat(batch.size()).isEqualTo(2);
        assertThat(batch.length()).isEqualTo(5);
        assertThat(batch.shape()).containsExactly(2, 5);
        assertThat(batch.ids()).containsExactly(101, 7, 102, 0, 0, 101, 8, 9, 10, 102);
        assertThat(batch.attentionMask()).containsExactly(1, 1, 1, 0, 0, 1, 1, 1, 1, 1);
        assertThat(batch.typeIds()).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 1, 1);
    }

    @Test
    void rejectsEmptyAndMismatchedInput() {
        assertThatThrownBy(() -> TokenBatch.pad(List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenBatch.pad(List.of(new long[0]), List.of(new long[0])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence 0 is empty");
        assertThatThrownBy(() -> TokenBatch.pad(List.of(new long[] {1, 2}), List.of(new long[] {0})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 ids but 1 type ids");
    }
}
