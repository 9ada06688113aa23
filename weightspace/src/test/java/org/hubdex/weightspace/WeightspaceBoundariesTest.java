package org.hubdex.weightspace;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * {@code weightspace} is the science as a plain library: every stage (Flink job, embedder, trainer)
 * embeds it, so it must not pull in the stage technologies. A dependency on Kafka, Flink,
 * Elasticsearch or an HTTP client belongs in the stage module that calls this library.
 */
class WeightspaceBoundariesTest {

    private static final JavaClasses WEIGHTSPACE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.hubdex.weightspace");

    @Test
    void weightspaceUsesNoStageTechnology() {
        ArchRule rule = noClasses().that().resideInAPackage("org.hubdex.weightspace..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.kafka..", "org.apache.flink..", "co.elastic..", "org.elasticsearch..",
                        "java.net.http..", "org.apache.http..", "org.hubdex.schemas..", "org.hubdex.stack..");
        rule.check(WEIGHTSPACE);
    }

    /**
     * ONNX Runtime and the Hugging Face tokenizers are how one encoder runs its model; keeping them inside it
     * lets the encoder change runtime (or model) without touching any caller.
     */
    @Test
    void onlyTheMiniLmEncoderUsesItsRuntime() {
        ArchRule rule = noClasses().that().resideInAPackage("org.hubdex.weightspace..")
                .and().doNotHaveFullyQualifiedName("org.hubdex.weightspace.text.MiniLmTextEncoder")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "ai.onnxruntime..", "ai.djl.huggingface..", "dev.langchain4j..");
        rule.check(WEIGHTSPACE);
    }

    @Test
    void theImporterSeesTheModulesClasses() {
        // the rule above is only meaningful if the importer found the module's classes
        org.assertj.core.api.Assertions.assertThat(WEIGHTSPACE.contain("org.hubdex.weightspace.engine.Engines")).isTrue();
        org.assertj.core.api.Assertions.assertThat(WEIGHTSPACE.contain("org.hubdex.weightspace.text.MiniLmTextEncoder"))
                .isTrue();
    }
}
