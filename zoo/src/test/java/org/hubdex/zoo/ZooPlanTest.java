package org.hubdex.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.hubdex.weightspace.safetensors.Dtype;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ZooPlanTest {

    private static final Logger LOG = LoggerFactory.getLogger(ZooPlanTest.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");

    @Test
    void theSameSeedGivesTheSamePlan() {
        long seed = System.nanoTime();
        LOG.info("seed {}", seed);
        assertThat(ZooPlan.create(ZooPreset.STANDARD, seed)).isEqualTo(ZooPlan.create(ZooPreset.STANDARD, seed));
        assertThat(ZooPlan.create(ZooPreset.TINY, seed)).isEqualTo(ZooPlan.create(ZooPreset.TINY, seed));
    }

    @Test
    void anotherSeedGivesAnotherPlan() {
        ZooPlan one = ZooPlan.create(ZooPreset.STANDARD, 1);
        ZooPlan two = ZooPlan.create(ZooPreset.STANDARD, 2);
        assertThat(one).isNotEqualTo(two);
        assertThat(one.models().stream().map(PlannedModel::classes).toList())
                .isNotEqualTo(two.models().stream().map(PlannedModel::classes).toList());
        assertThat(one.models().stream().map(m -> m.recipe().learningRate()).toList())
                .isNotEqualTo(two.models().stream().map(m -> m.recipe().learningRate()).toList());
    }

    @Test
    void standardHasAtLeastSixTreesAndSixHundredModels() {
        ZooPlan plan = ZooPlan.create(ZooPreset.STANDARD, 1);
        assertThat(plan.models()).hasSizeGreaterThanOrEqualTo(600);
        assertThat(plan.modelsPerTree()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(plan.models().stream().filter(m -> m.depth() == 2)).isNotEmpty();
        assertThat(plan.models().stream().filter(m -> m.role() == ModelRole.SCRATCH)).hasSizeGreaterThanOrEqualTo(3);
        assertThat(plan.models().stream().filter(m -> m.role() == ModelRole.BASE).map(PlannedModel::family).distinct())
                .containsExactlyInAnyOrder(Family.values());
    }

    @Test
    void onlyTheSmallCnnsBasesTrainOverParameterized() {
        for (ZooPreset preset : ZooPreset.values()) {
            for (PlannedModel m : ZooPlan.create(preset, 3).models()) {
                boolean smallBase = m.role() == ModelRole.BASE && m.family() == Family.CNN_SMALL;
                assertThat(m.recipe().expansion()).as(m.id()).isEqualTo(smallBase ? 4 : 1);
            }
        }
    }

    @Test
    void tinyHasAFewTreesAndAboutThirtyModels() {
        ZooPlan plan = ZooPlan.create(ZooPreset.TINY, 1);
        assertThat(plan.models()).hasSize(30);
        assertThat(plan.modelsPerTree()).hasSizeBetween(3, 8);
        assertThat(plan.models().stream().map(PlannedModel::storeAs).distinct())
                .containsExactlyInAnyOrder(Dtype.F32, Dtype.F16, Dtype.BF16);
        assertThat(plan.models().stream().filter(m -> m.update().isPresent())).isNotEmpty();
        assertThat(plan.models().stream().filter(m -> m.depth() == 2)).isNotEmpty();
    }

    @Test
    void treesAreConsistent() {
        for (ZooPreset preset : ZooPreset.values()) {
            ZooPlan plan = ZooPlan.create(preset, 7);
            Map<String, PlannedModel> seen = new HashMap<>();
            for (PlannedModel model : plan.models()) {
                assertThat(seen).as("ids are unique").doesNotContainKey(model.id());
                assertThat(NAME.matcher(model.author()).matches() && NAME.matcher(model.name()).matches())
                        .as("hub name rules: %s", model.id()).isTrue();
                if (model.role() == ModelRole.FINETUNE) {
                    PlannedModel parent = seen.get(model.parent().orElseThrow());
                    assertThat(parent).as("parent of %s planned before it", model.id()).isNotNull();
                    assertThat(model.family()).isEqualTo(parent.family());
                    assertThat(model.activation()).isEqualTo(parent.activation());
                    assertThat(model.tree()).isEqualTo(parent.tree());
                    assertThat(model.depth()).isEqualTo(parent.depth() + 1);
                    assertThat(model.createdAt()).isAfter(parent.createdAt());
                } else {
                    assertThat(model.tree()).isEqualTo(model.id());
                    assertThat(model.depth()).isZero();
                }
                if (model.role() == ModelRole.BASE) {
                    assertThat(model.classes()).hasSize(10);
                } else {
                    assertThat(model.classes()).hasSizeBetween(2, 6);
                }
                model.update().ifPresent(u -> assertThat(u.lastModified()).isAfter(model.createdAt()));
                seen.put(model.id(), model);
            }
        }
    }

    @Test
    void aboutHalfTheCardsAreDocumented() {
        ZooPlan plan = ZooPlan.create(ZooPreset.STANDARD, 3);
        var nonBase = plan.models().stream().filter(m -> m.role() != ModelRole.BASE).toList();
        Map<CardStyle, Long> counts = new HashMap<>();
        nonBase.forEach(m -> counts.merge(m.cardStyle(), 1L, Long::sum));
        LOG.info("card styles of {} non-base models: {}", nonBase.size(), counts);
        double documented = counts.getOrDefault(CardStyle.DOCUMENTED, 0L) / (double) nonBase.size();
        assertThat(documented).isBetween(0.42, 0.58);
        for (CardStyle undocumented : new CardStyle[] {CardStyle.NO_CARD, CardStyle.NO_BASE_MODEL, CardStyle.VAGUE}) {
            assertThat(counts.getOrDefault(undocumented, 0L) / (double) nonBase.size())
                    .as("share of %s", undocumented).isBetween(0.10, 0.24);
        }
        assertThat(plan.models().stream().filter(m -> m.role() == ModelRole.BASE))
                .allMatch(m -> m.cardStyle() == CardStyle.DOCUMENTED);
    }

    @Test
    void aShareOfModelsIsStoredInHalfPrecision() {
        ZooPlan plan = ZooPlan.create(ZooPreset.STANDARD, 4);
        long half = plan.models().stream().filter(m -> m.storeAs() != Dtype.F32).count();
        assertThat(half / (double) plan.models().size()).isBetween(0.2, 0.4);
        assertThat(plan.commits()).isGreaterThan(plan.models().size());
    }

    @Test
    void fineTunesMakeEnoughStepsToTrainTheirNewHead() {
        ZooPlan plan = ZooPlan.create(ZooPreset.STANDARD, 5);
        for (PlannedModel m : plan.models()) {
            if (m.role() == ModelRole.FINETUNE) {
                int images = Math.min(m.recipe().samplesPerClass(), 6000) * m.numClasses();
                int steps = m.recipe().epochs() * ((images + m.recipe().batchSize() - 1) / m.recipe().batchSize());
                assertThat(steps).as("steps of %s", m.id()).isGreaterThanOrEqualTo(ZooPreset.STANDARD.sizes().minChildSteps());
            }
        }
    }
}
