package io.anneal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The module layout of docs/architecture.md: Spring Modulith verifies that modules depend only on the
 * modules they declare and never on another module's internals, and that they form no cycle; only the
 * training module's internals touch Deeplearning4j, ND4J or JavaCPP. A fixture with deliberate
 * violations shows both checks fail when they should.
 */
class ModularityTests {

    private static final ApplicationModules MODULES = ApplicationModules.of(AnnealApplication.class);
    private static final Path DOCS = Path.of("docs", "modules");

    @Test
    void modulesDependOnlyOnWhatTheyDeclareAndNeverOnInternals() {
        MODULES.verify();
    }

    @Test
    void onlyTheTrainingModulesInternalsTouchDeeplearning4j() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.anneal");
        confinesDeeplearning4jTo("io.anneal").check(classes);
    }

    @Test
    void aModuleReachingIntoAnotherModulesInternalsFailsVerification() {
        ApplicationModules fixture = ApplicationModules.of("io.anneal.fixture.boundary", location -> true);
        assertThatThrownBy(fixture::verify).hasMessageContaining("LeakyJobs")
                .hasMessageContaining("training.internal");
    }

    @Test
    void aJobClassImportingNd4jFailsTheLibraryRule() {
        JavaClasses fixture = new ClassFileImporter().importPackages("io.anneal.fixture.boundary");
        assertThatThrownBy(() -> confinesDeeplearning4jTo("io.anneal.fixture.boundary").check(fixture))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Nd4jInJobs");
    }

    /**
     * Writes the module diagrams and holds docs/modules to them: a change of the layout must
     * come with its diagram ({@code -Danneal.docs.update=true} rewrites docs/modules).
     */
    @Test
    void theModuleDiagramInDocsIsCurrent() throws IOException {
        Path generated = Path.of("target", "spring-modulith-docs");
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(generated.toString()))
                .writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
        if (Boolean.getBoolean("anneal.docs.update")) {
            Files.createDirectories(DOCS);
            try (var files = Files.list(generated)) {
                for (Path file : files.toList()) {
                    Files.copy(file, DOCS.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        assertThat(sortedLines(DOCS.resolve("components.puml"))).as("docs/modules/components.puml; regenerate "
                + "with ./mvnw test -Dtest=ModularityTests -Danneal.docs.update=true")
                .isEqualTo(sortedLines(generated.resolve("components.puml")));
    }

    /** The diagram's lines in order: the Documenter lists modules and relations in no stable order. */
    private static List<String> sortedLines(Path file) throws IOException {
        return Files.readAllLines(file).stream().sorted().toList();
    }

    private static ArchRule confinesDeeplearning4jTo(String base) {
        return noClasses().that().resideOutsideOfPackage(base + ".training.internal..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.deeplearning4j..", "org.nd4j..", "org.bytedeco..");
    }
}
