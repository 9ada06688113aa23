package org.hubdex.zoo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** DJL stays an implementation detail: the public package speaks in the zoo's own types. */
class ZooBoundariesTest {

    private static final JavaClasses ZOO = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.hubdex.zoo");

    @Test
    void djlTypesStayInTheInternalPackage() {
        noClasses().that().resideInAPackage("org.hubdex.zoo").should().dependOnClassesThat()
                .resideInAnyPackage("ai.djl..").check(ZOO);
    }

    @Test
    void theImporterSeesTheModulesClasses() {
        assertThat(ZOO.contain("org.hubdex.zoo.ZooGenerator")).isTrue();
        assertThat(ZOO.contain("org.hubdex.zoo.internal.ModelTrainer")).isTrue();
    }
}
