package org.hubdex.zoo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.hubdex.zoo.CardStyle;
import org.hubdex.zoo.ModelRole;
import org.hubdex.zoo.PlannedModel;
import org.hubdex.zoo.ZooPlan;
import org.hubdex.zoo.ZooPreset;
import org.junit.jupiter.api.Test;

class CardWriterTest {

    private static final ZooPlan PLAN = ZooPlan.create(ZooPreset.STANDARD, 11);

    @Test
    void documentedCardsNameTheBaseModelTheDatasetAndEveryClass() {
        List<PlannedModel> documented = PLAN.models().stream()
                .filter(m -> m.cardStyle() == CardStyle.DOCUMENTED && m.role() == ModelRole.FINETUNE).toList();
        assertThat(documented).hasSizeGreaterThan(100);
        for (PlannedModel model : documented) {
            String card = card(model);
            assertThat(card).startsWith("---\n").contains("base_model: " + model.parent().orElseThrow())
                    .contains("fashion_mnist").contains("license: " + model.license());
            for (int c : model.classes()) {
                assertThat(mentions(card, c)).as("%s names class %d in:%n%s", model.id(), c, card).isTrue();
            }
        }
    }

    @Test
    void theWordingVaries() {
        long distinctFirstSentences = PLAN.models().stream().filter(m -> m.cardStyle() == CardStyle.DOCUMENTED)
                .map(m -> card(m).split("\n\n")[2])
                .map(description -> description.substring(0, Math.min(14, description.length())))
                .distinct().count();
        assertThat(distinctFirstSentences).isGreaterThan(5);
    }

    @Test
    void vagueCardsSayNothingAboutTheClassesAndOthersLackTheBaseModel() {
        for (PlannedModel model : PLAN.models()) {
            if (model.cardStyle() == CardStyle.VAGUE) {
                String card = card(model).toLowerCase(Locale.ROOT);
                // the body after the title (the repository name itself may well say what it classifies)
                String body = card.substring(card.indexOf("\n", card.indexOf("\n# ") + 1));
                for (int c = 0; c < 10; c++) {
                    for (String word : CardWriter.NAMES.get(c)) {
                        assertThat(body).as("%s", model.id()).doesNotContain(word.toLowerCase(Locale.ROOT));
                    }
                }
            }
            if (model.cardStyle() == CardStyle.NO_BASE_MODEL) {
                assertThat(card(model)).doesNotContain("base_model").doesNotContain("fashion-lab/");
            }
            if (model.cardStyle() == CardStyle.NO_CARD) {
                assertThat(CardWriter.card(model, facts(model))).isEmpty();
            }
        }
    }

    @Test
    void baseCardsNameAllTenClasses() {
        PlannedModel base = PLAN.models().get(0);
        assertThat(base.role()).isEqualTo(ModelRole.BASE);
        String card = card(base);
        assertThat(card).doesNotContain("base_model");
        for (int c = 0; c < 10; c++) {
            assertThat(mentions(card, c)).isTrue();
        }
    }

    private static boolean mentions(String card, int label) {
        String lower = card.toLowerCase(Locale.ROOT);
        return CardWriter.NAMES.get(label).stream().anyMatch(w -> lower.contains(w.toLowerCase(Locale.ROOT)));
    }

    private static String card(PlannedModel model) {
        return CardWriter.card(model, facts(model)).orElseThrow();
    }

    private static CardWriter.Facts facts(PlannedModel model) {
        return new CardWriter.Facts(model.recipe(), model.recipe().epochs(), 0.93, 1);
    }

}
