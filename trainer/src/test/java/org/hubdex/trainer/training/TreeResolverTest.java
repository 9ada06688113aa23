package org.hubdex.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TreeResolverTest {

    private final TreeResolver resolver = new TreeResolver(Map.of(
            "lab/base", List.of(),
            "a/child", List.of("lab/base"),
            "b/grandchild", List.of("a/child"),
            "c/orphan", List.of("elsewhere/base-not-crawled"),
            "d/undocumented", List.of(),
            "e/loop1", List.of("e/loop2"),
            "e/loop2", List.of("e/loop1")));

    @Test
    void grandchildrenReachTheRoot() {
        assertThat(resolver.treeOf("b/grandchild")).contains("lab/base");
        assertThat(resolver.treeOf("a/child")).contains("lab/base");
    }

    @Test
    void aBaseNamedByOthersIsItsOwnTree() {
        assertThat(resolver.treeOf("lab/base")).contains("lab/base");
    }

    @Test
    void aParentOutsideTheCorpusStillNamesTheTree() {
        assertThat(resolver.treeOf("c/orphan")).contains("elsewhere/base-not-crawled");
    }

    @Test
    void nothingTiesAnUndocumentedModelOrACycleToATree() {
        assertThat(resolver.treeOf("d/undocumented")).isEmpty();
        assertThat(resolver.treeOf("e/loop1")).isEmpty();
        assertThat(resolver.treeOf("never/seen")).isEmpty();
    }
}
