package org.hubdex.localhub.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Front matter parsing and the tags the hub derives from it. */
class ModelCardTest {

    @Test
    void parsesFrontMatterKeepingStringOrListAsWritten() {
        ModelCard card = ModelCard.parse("\uFEFF---\r\nbase_model: org/base\r\ndatasets:\r\n  - d1\r\nlicense: [mit]\r\n"
                + "extra:\r\n  nested: 1\r\ndate: 2024-01-02\r\n---\r\n# Title\n---\nnot front matter\n", "test");
        assertThat(card.frontMatter().get("base_model")).isEqualTo("org/base");
        assertThat(card.frontMatter().get("datasets")).isEqualTo(List.of("d1"));
        assertThat(card.frontMatter().get("extra")).isEqualTo(Map.of("nested", 1));
        assertThat(card.frontMatter().get("date")).isEqualTo("2024-01-02T00:00:00Z");
        assertThat(card.stringOrList("base_model")).containsExactly("org/base");
        assertThat(card.stringOrList("license")).containsExactly("mit");
        assertThat(card.stringOrList("missing")).isEmpty();
    }

    @Test
    void noOrBrokenFrontMatterIsAnEmptyCard() {
        assertThat(ModelCard.parse("# just prose\n", "t").isEmpty()).isTrue();
        assertThat(ModelCard.parse("---\nlicense: mit\n", "t").isEmpty()).isTrue();              // never closed
        assertThat(ModelCard.parse("---\nlicense: [mit\n---\n", "t").isEmpty()).isTrue();        // invalid YAML
        assertThat(ModelCard.parse("---\n- a list\n---\n", "t").isEmpty()).isTrue();             // not a mapping
        assertThat(ModelCard.parse("---\nlicense: mit\nlicense: gpl\n---\n", "t").isEmpty()).isTrue(); // duplicate key
        assertThat(ModelCard.parse("---\n!!java.io.File [x]: 1\n---\n", "t").isEmpty()).isTrue(); // no arbitrary types
    }

    @Test
    void tagsFromAStringBaseModel() {
        ModelCard card = ModelCard.parse("---\nbase_model: org/base\ndatasets: squad\nlicense: mit\nlibrary_name: peft\n"
                + "pipeline_tag: text-generation\ntags: [lora, lora]\n---\n", "t");
        assertThat(ModelTags.derive(card, true)).containsExactly("peft", "safetensors", "text-generation", "lora", "dataset:squad",
                "base_model:org/base", "base_model:finetune:org/base", "license:mit");
    }

    @Test
    void tagsFromAListOfBaseModelsAndAnExplicitRelation() {
        ModelCard merge = ModelCard.parse("---\nbase_model:\n  - a/x\n  - b/y\n---\n", "t");
        assertThat(ModelTags.relation(merge)).hasValue("merge");
        assertThat(ModelTags.derive(merge, false)).containsExactly("base_model:a/x", "base_model:merge:a/x", "base_model:b/y",
                "base_model:merge:b/y");
        ModelCard single = ModelCard.parse("---\nbase_model: [a/x]\n---\n", "t");
        assertThat(ModelTags.relation(single)).hasValue("finetune");
        ModelCard quantized = ModelCard.parse("---\nbase_model: a/x\nbase_model_relation: quantized\n---\n", "t");
        assertThat(ModelTags.derive(quantized, false)).containsExactly("base_model:a/x", "base_model:quantized:a/x");
        ModelCard unknownRelation = ModelCard.parse("---\nbase_model: a/x\nbase_model_relation: cousin\n---\n", "t");
        assertThat(ModelTags.relation(unknownRelation)).hasValue("finetune");
        assertThat(ModelTags.relation(ModelCard.EMPTY)).isEmpty();
    }
}
