package org.hubdex.weightspace.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hubdex.weightspace.router.Routing.Method;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RouterTest {

    private static SyntheticTrees trees;
    private static List<TreeMember> train;
    private static List<TreeMember> heldOut;
    private static Router router;

    @BeforeAll
    static void fit() {
        // six related trees sharing one layer signature, two of them with a far-moved sub-family
        trees = new SyntheticTrees(7, 24, 32);
        for (int t = 0; t < 6; t++) {
            trees.tree("tree" + t, 0.3, 8, 3, 0.06, t < 2 ? 0.2 : 0);
        }
        List<List<TreeMember>> split = trees.split(3, 7);
        train = split.get(0);
        heldOut = split.get(1);
        router = new RouterTrainer().fit(train);
    }

    @Test
    void heldOutMembersRouteByWeightsToTheirTree() {
        int correct = 0;
        for (TreeMember member : heldOut) {
            Routing routing = router.route(SyntheticTrees.undocumented(member));
            if (routing.method() == Method.WEIGHTS && routing.treeId().equals(Optional.of(member.treeId()))) {
                correct++;
            }
        }
        assertThat(heldOut).hasSizeGreaterThan(80);
        assertThat((double) correct / heldOut.size()).isGreaterThanOrEqualTo(0.98);
    }

    @Test
    void aWeightRoutingReportsItsDistanceAndConfidence() {
        TreeMember member = heldOut.get(0);
        Routing routing = router.route(SyntheticTrees.undocumented(member));
        assertThat(routing.distance()).isBetween(0.0, 0.3);
        assertThat(routing.confidence()).isBetween(0.5, 1.0);
    }

    @Test
    void theCardWinsWhenItNamesAKnownModelEvenAgainstTheWeights() {
        TreeMember ofTree0 = heldOut.stream().filter(m -> m.treeId().equals("tree0")).findFirst().orElseThrow();
        RoutingInput documentedAsTree3 = new RoutingInput(ofTree0.modelId(), List.of("tree3/base-ft1"),
                ofTree0.input().layerSignature(), ofTree0.input().matrix());
        Routing routing = router.route(documentedAsTree3);
        assertThat(routing.method()).isEqualTo(Method.CARD_BASE_MODEL);
        assertThat(routing.treeId()).contains("tree3");
        assertThat(routing.confidence()).isEqualTo(1.0);
        // the distance is to the card's tree, far from this model's own: a documented lineage the weights dispute
        assertThat(routing.distance()).isGreaterThan(router.route(SyntheticTrees.undocumented(ofTree0)).distance() * 3);
    }

    @Test
    void cardIdsAreMatchedAsTheHubResolvesThem() {
        for (String named : List.of("TREE2/Base", "https://huggingface.co/tree2/base", " tree2/base/ ")) {
            Routing routing = router.route(new RoutingInput("someone/model", List.of(named), null, null));
            assertThat(routing.method()).as(named).isEqualTo(Method.CARD_BASE_MODEL);
            assertThat(routing.treeId()).contains("tree2");
            assertThat(routing.distance()).isNaN();
        }
    }

    @Test
    void aParentThatIsNoMemberStillRoutesByCard() {
        SyntheticTrees upstream = new SyntheticTrees(3, 4, 6);
        upstream.tree("llama", 1.0, 2, 0, 0.05, 0);
        List<TreeMember> members = new ArrayList<>();
        for (TreeMember m : upstream.members) {
            // the base itself was never tokenized: its fine-tunes name it as their parent
            if (m.parentId() != null) {
                members.add(new TreeMember(m.modelId(), "llama", "meta/Llama-7b", m.input()));
            }
        }
        Router fitted = new RouterTrainer().fit(members);
        Routing routing = fitted.route(new RoutingInput("x/y", List.of("meta/llama-7b"), null, null));
        assertThat(routing.method()).isEqualTo(Method.CARD_BASE_MODEL);
        assertThat(routing.treeId()).contains("llama");
    }

    @Test
    void aParentNamedInTwoTreesIsNotACardRoute() {
        SyntheticTrees upstream = new SyntheticTrees(4, 4, 6);
        upstream.tree("a", 1.0, 1, 0, 0.05, 0).tree("b", 1.0, 1, 0, 0.05, 0);
        List<TreeMember> members = upstream.members.stream()
                .map(m -> new TreeMember(m.modelId(), m.treeId(), "shared/parent", m.input())).toList();
        Router fitted = new RouterTrainer().fit(members);
        assertThat(fitted.route(new RoutingInput("x/y", List.of("shared/parent"), null, null)).method())
                .isEqualTo(Method.GENERIC);
    }

    @Test
    void anUnknownBaseModelFallsBackToTheWeights() {
        TreeMember member = heldOut.get(1);
        RoutingInput in = member.input();
        Routing routing = router.route(new RoutingInput(in.modelId(), List.of("nobody/unknown-base"), in.layerSignature(),
                in.matrix()));
        assertThat(routing.method()).isEqualTo(Method.WEIGHTS);
        assertThat(routing.treeId()).contains(member.treeId());
    }

    @Test
    void aMergeNamingSeveralTreesGoesToTheMajority() {
        Routing routing = router.route(new RoutingInput("m/merge", List.of("tree1/base", "tree4/base", "tree4/base-ft0",
                "unknown/thing"), null, null));
        assertThat(routing.method()).isEqualTo(Method.CARD_BASE_MODEL);
        assertThat(routing.treeId()).contains("tree4");
        assertThat(routing.confidence()).isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void aModelFarFromEveryTreeGoesGeneric() {
        for (int i = 0; i < 10; i++) {
            // an unrelated base of the same layer
            Routing routing = router.route(trees.stranger("stranger/" + i, 1.0));
            assertThat(routing.method()).isEqualTo(Method.GENERIC);
            assertThat(routing.treeId()).isEmpty();
            assertThat(routing.confidence()).isLessThan(0.5);
            assertThat(routing.distance()).isGreaterThan(0.3);
        }
    }

    @Test
    void aLoneTreeStillRejectsAStrangerThroughItsSpread() {
        SyntheticTrees lone = new SyntheticTrees(5, 24, 32);
        lone.tree("only", 1.0, 8, 2, 0.05, 0);
        Router fitted = new RouterTrainer().fit(lone.members);
        assertThat(fitted.route(lone.stranger("s/1", 1.0)).method()).isEqualTo(Method.GENERIC);
        TreeMember member = lone.members.get(lone.members.size() - 1);
        assertThat(fitted.route(SyntheticTrees.undocumented(member)).method()).isEqualTo(Method.WEIGHTS);
    }

    @Test
    void anUnknownSignatureOrNoMatrixGoesGeneric() {
        float[] values = new float[4 * 5];
        ProbeXMatrix other = new ProbeXMatrix("encoder.layer.5.output.dense.weight", new long[] {4, 5}, 4, 5, values);
        Routing unknown = router.route(RoutingInput.of("a/b", List.of(), other));
        assertThat(unknown).isEqualTo(new Routing(Method.GENERIC, Optional.empty(), 0, Double.NaN));
        Routing none = router.route(new RoutingInput("a/c", List.of(), null, null));
        assertThat(none).isEqualTo(new Routing(Method.GENERIC, Optional.empty(), 0, Double.NaN));
    }

    @Test
    void aMatrixOfAKnownSignatureButAnotherSizeIsRefused() {
        RoutingInput in = new RoutingInput("a/b", List.of(), heldOut.get(0).input().layerSignature(),
                new ProbeXMatrix(SyntheticTrees.LAYER, new long[] {2, 3}, 2, 3, new float[6]));
        assertThatThrownBy(() -> router.route(in)).isInstanceOf(RoutingInputMismatchException.class)
                .hasMessageContaining("2x3").hasMessageContaining("24x32");
    }

    @Test
    void aHigherThresholdSendsMoreToTheGenericPath() {
        Router strict = router.withConfidenceThreshold(1.0);
        TreeMember member = heldOut.get(2);
        Routing lenient = router.route(SyntheticTrees.undocumented(member));
        Routing refused = strict.route(SyntheticTrees.undocumented(member));
        assertThat(lenient.method()).isEqualTo(Method.WEIGHTS);
        assertThat(refused.method()).isEqualTo(Method.GENERIC);
        assertThat(refused.confidence()).isEqualTo(lenient.confidence());
        assertThat(refused.distance()).isEqualTo(lenient.distance());
    }

    @Test
    void routingFromManyThreadsAgreesWithOneThread() {
        List<RoutingInput> inputs = heldOut.stream().map(SyntheticTrees::undocumented).toList();
        List<Routing> sequential = inputs.stream().map(router::route).toList();
        List<Routing> parallel = inputs.parallelStream().map(router::route).toList();
        assertThat(parallel).isEqualTo(sequential);
    }

    @Test
    void theRouterKnowsItsTreesAndSignatures() {
        assertThat(router.trees()).containsExactly("tree0", "tree1", "tree2", "tree3", "tree4", "tree5");
        assertThat(router.signatures()).containsExactly(SyntheticTrees.LAYER + "[24,32]");
    }

    @Test
    void contradictoryMembersAreRefused() {
        TreeMember first = train.get(0);
        TreeMember again = new TreeMember(first.modelId().toUpperCase(), "elsewhere", null,
                new RoutingInput(first.modelId().toUpperCase(), List.of(), null, null));
        assertThatThrownBy(() -> new RouterTrainer().fit(List.of(first, again)))
                .isInstanceOf(RouterTrainingException.class).hasMessageContaining("listed twice");

        TreeMember otherShape = new TreeMember("x/y", "tree0", null, new RoutingInput("x/y", List.of(),
                first.input().layerSignature(), new ProbeXMatrix("l", new long[] {2, 3}, 2, 3, new float[6])));
        assertThatThrownBy(() -> new RouterTrainer().fit(List.of(first, otherShape)))
                .isInstanceOf(RouterTrainingException.class).hasMessageContaining("24x32").hasMessageContaining("2x3");

        assertThatThrownBy(() -> new RouterTrainer().fit(List.of())).isInstanceOf(RouterTrainingException.class);
    }

    @Test
    void aGenericRoutingHasNoTreeAndATreeRoutingHasOne() {
        assertThatThrownBy(() -> new Routing(Method.GENERIC, Optional.of("t"), 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Routing(Method.WEIGHTS, Optional.empty(), 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
