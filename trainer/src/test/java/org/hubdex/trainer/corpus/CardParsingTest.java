package org.hubdex.trainer.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** config.json to class names, README.md to front matter and card text: the parsing both corpus paths share. */
class CardParsingTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void classNamesFollowTheOutputOrderOfId2label() {
        String config = "{\"architectures\": [\"Cnn\"], \"id2label\": {\"10\": \"k\", \"2\": \"c\", \"0\": \"a\", \"1\": \"b\", \"3\": \"d\","
                + " \"4\": \"e\", \"5\": \"f\", \"6\": \"g\", \"7\": \"h\", \"8\": \"i\", \"9\": \"j\"}}";
        assertThat(ClassNames.fromConfig(utf8(config), "c")).containsExactly("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k");
        assertThat(ClassNames.fromConfig(utf8("{\"id2label\": {\"0\": \" Ankle boot \", \"1\": \"T-shirt/top\"}}"), "c"))
                .containsExactly("Ankle boot", "T-shirt/top");
    }

    @Test
    void placeholdersMissingOrUnusableLabelsAreNoClassNames() {
        for (String config : new String[] {
            "{\"id2label\": {\"0\": \"LABEL_0\", \"1\": \"LABEL_1\"}}",
            "{\"id2label\": {\"0\": \"Shirt\", \"1\": \"LABEL_1\"}}",   // half named: the order cannot be trusted
            "{\"id2label\": {\"0\": \"label_0\"}}",
            "{\"id2label\": {\"0\": \"Shirt\", \"2\": \"Bag\"}}",       // a gap
            "{\"id2label\": {\"1\": \"Shirt\", \"2\": \"Bag\"}}",       // not from 0
            "{\"id2label\": {\"a\": \"Shirt\"}}",
            "{\"id2label\": {\"0\": \"\"}}",
            "{\"id2label\": {\"0\": 5}}",
            "{\"id2label\": {}}",
            "{\"id2label\": [\"Shirt\"]}",
            "{\"architectures\": [\"Cnn\"]}",
            "{not json",
            "[]",
            ""}) {
            assertThat(ClassNames.fromConfig(utf8(config), "c")).as(config).isEmpty();
        }
    }

    @Test
    void theCardTextIsTheMarkdownAfterTheFrontMatter() {
        String readme = "---\nlicense: apache-2.0\nbase_model: fashion-lab/cnn-s1\nbase_model_relation: finetune\ndatasets:\n- fashion_mnist\n"
                + "tags:\n- image-classification\n- cnn\npipeline_tag: image-classification\nlibrary_name: pytorch\n---\n\n# cnn-4\n\nSorts shirts.\n";
        ReadmeCard card = ReadmeCard.parse(utf8(readme), 1000, "r");
        assertThat(card.text()).contains("# cnn-4\n\nSorts shirts.");
        CardFrontMatter fm = card.frontMatter();
        assertThat(fm.baseModels()).containsExactly("fashion-lab/cnn-s1");
        assertThat(fm.baseModelRelation()).contains("finetune");
        assertThat(fm.datasets()).containsExactly("fashion_mnist");
        assertThat(fm.license()).contains("apache-2.0");
        assertThat(fm.tags()).containsExactly("image-classification", "cnn");
        assertThat(fm.pipelineTag()).contains("image-classification");
        assertThat(fm.libraryName()).contains("pytorch");
    }

    @Test
    void cardsWithoutUsableFrontMatterAreAllText() {
        assertThat(ReadmeCard.parse(utf8("# Plain\n\nNo front matter."), 100, "r"))
                .isEqualTo(new ReadmeCard(CardFrontMatter.EMPTY, Optional.of("# Plain\n\nNo front matter.")));
        ReadmeCard unclosed = ReadmeCard.parse(utf8("---\nlicense: mit\n# never closed"), 100, "r");
        assertThat(unclosed.frontMatter()).isEqualTo(CardFrontMatter.EMPTY);
        assertThat(unclosed.text()).contains("---\nlicense: mit\n# never closed");
        ReadmeCard notYaml = ReadmeCard.parse(utf8("---\nlicense: [mit\n---\nText"), 100, "r");
        assertThat(notYaml.frontMatter()).isEqualTo(CardFrontMatter.EMPTY);
        assertThat(notYaml.text()).contains("Text");
        ReadmeCard onlyFrontMatter = ReadmeCard.parse(utf8("---\nlicense: mit\n---\n\n  \n"), 100, "r");
        assertThat(onlyFrontMatter.text()).isEmpty();
        assertThat(onlyFrontMatter.frontMatter().license()).contains("mit");
    }

    @Test
    void aByteOrderMarkCrlfLinesAndStringOrListFieldsAreRead() {
        ReadmeCard card = ReadmeCard.parse(utf8("\uFEFF---\r\nlicense:\r\n- mit\r\n- apache-2.0\r\nbase_model:\r\n- a/x\r\n- b/y\r\n"
                + "datasets: fashion_mnist\r\n---\r\nBody\r\n"), 100, "r");
        assertThat(card.frontMatter().licenses()).containsExactly("mit", "apache-2.0");
        assertThat(card.frontMatter().baseModels()).containsExactly("a/x", "b/y");
        assertThat(card.frontMatter().datasets()).containsExactly("fashion_mnist");
        assertThat(card.text()).contains("Body");
    }

    @Test
    void theCardTextIsCappedAtACharacterBoundary() {
        String emoji = "\uD83D\uDC55"; // a shirt, two chars
        ReadmeCard card = ReadmeCard.parse(utf8("---\nlicense: mit\n---\nab" + emoji + "cd"), 3, "r");
        assertThat(card.text()).contains("ab");
        assertThat(ReadmeCard.parse(utf8("abcdef"), 4, "r").text()).contains("abcd");
        assertThat(ReadmeCard.parse(utf8("abcdef"), 0, "r").text()).isEmpty();
    }

    @Test
    void aRepoCardSaysWhatExists() {
        RepoCard none = RepoCard.of(Optional.empty(), Optional.empty(), 100, "r");
        assertThat(none.hasConfig()).isFalse();
        assertThat(none.readme()).isEmpty();
        assertThat(none.frontMatter()).isEqualTo(CardFrontMatter.EMPTY);
        byte[] huge = new byte[RepoCard.CONFIG_MAX_BYTES + 1];
        RepoCard tooLarge = RepoCard.of(Optional.of(huge), Optional.of(utf8("x")), 100, "r");
        assertThat(tooLarge.hasConfig()).isTrue();
        assertThat(tooLarge.classNames()).isEmpty();
        assertThat(tooLarge.readme().orElseThrow().text()).contains("x");
    }
}
