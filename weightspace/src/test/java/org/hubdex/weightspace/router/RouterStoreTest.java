package org.hubdex.weightspace.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterStoreTest {

    @TempDir
    Path dir;

    @Test
    void aLoadedRouterRoutesExactlyAsTheSavedOne() {
        SyntheticTrees trees = new SyntheticTrees(11, 12, 20);
        for (int t = 0; t < 4; t++) {
            trees.tree("t" + t, 0.2, 6, 3, 0.05, t == 0 ? 0.2 : 0);
        }
        // a second signature, so that the file holds several groups
        SyntheticTrees small = new SyntheticTrees(12, 3, 4);
        small.tree("t9", 1.0, 3, 0, 0.05, 0);
        List<List<TreeMember>> split = trees.split(3, 11);
        List<TreeMember> train = new ArrayList<>(split.get(0));
        small.members.stream().map(m -> new TreeMember(m.modelId(), m.treeId(), m.parentId(),
                new RoutingInput(m.modelId(), List.of(), "small", m.input().matrix()))).forEach(train::add);
        Router router = new RouterTrainer(RouterConfig.DEFAULT.withConfidenceThreshold(0.4)).fit(train);

        router.save(dir);
        Router loaded = Router.load(dir);

        List<RoutingInput> inputs = new ArrayList<>();
        split.get(1).forEach(m -> {
            inputs.add(SyntheticTrees.undocumented(m));
            inputs.add(m.input()); // by card
        });
        for (int i = 0; i < 10; i++) {
            inputs.add(trees.stranger("s/" + i, 0.2));
        }
        inputs.add(new RoutingInput("c/d", List.of("T9/BASE"), null, null));
        assertThat(inputs.stream().map(loaded::route).toList()).isEqualTo(inputs.stream().map(router::route).toList());
        assertThat(inputs.stream().map(router::route).map(Routing::method).distinct())
                .contains(Routing.Method.CARD_BASE_MODEL, Routing.Method.WEIGHTS, Routing.Method.GENERIC);
        assertThat(loaded.config()).isEqualTo(router.config());
        assertThat(loaded.trees()).isEqualTo(router.trees());
        assertThat(loaded.signatures()).containsExactly(SyntheticTrees.LAYER + "[12,20]", "small");
        assertThat(loaded.groups()).isEqualTo(router.groups());
    }

    @Test
    void aRouterWithoutWeightsSavesAndLoads() throws IOException {
        Router router = new RouterTrainer().fit(List.of(new TreeMember("a/b", "t", "a/base",
                new RoutingInput("a/b", List.of(), null, null))));
        router.save(dir);
        String json = Files.readString(dir.resolve(RouterStore.JSON_FILE));
        assertThat(json).contains("\"format\" : \"hubdex-router-v1\"", "\"confidenceThreshold\" : 0.25",
                "\"a/base\" : \"t\"");
        Router loaded = Router.load(dir);
        assertThat(loaded.route(new RoutingInput("x", List.of("a/base"), null, null)).treeId()).contains("t");
    }

    @Test
    void aMissingOrForeignRouterIsAFormatError() throws IOException {
        assertThatThrownBy(() -> Router.load(dir)).isInstanceOf(RouterFormatException.class).hasMessageContaining("missing");
        Files.writeString(dir.resolve("router.json"), "{\"format\": \"hubdex-router-v0\"}");
        assertThatThrownBy(() -> Router.load(dir)).isInstanceOf(RouterFormatException.class)
                .hasMessageContaining("hubdex-router-v0");
    }

    @Test
    void aRouterWhoseCentresAreGoneIsAFormatError() throws IOException {
        SyntheticTrees trees = new SyntheticTrees(13, 3, 4);
        trees.tree("t", 1.0, 2, 0, 0.05, 0);
        new RouterTrainer().fit(trees.members).save(dir);
        Files.delete(dir.resolve(RouterStore.CENTRES_FILE));
        assertThatThrownBy(() -> Router.load(dir)).isInstanceOf(RouterFormatException.class)
                .hasMessageContaining(RouterStore.CENTRES_FILE);
    }
}
