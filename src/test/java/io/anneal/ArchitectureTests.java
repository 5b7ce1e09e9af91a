package io.anneal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package boundaries of docs/architecture.md, checked on the compiled classes. */
class ArchitectureTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.anneal");

    @Test
    void onlyTheTrainingPackageTouchesDl4jOrNd4j() {
        noClasses().that().resideOutsideOfPackage("io.anneal.training..")
                .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..")
                .check(CLASSES);
    }

    @Test
    void trainingDependsOnNothingElseOfOurs() {
        noClasses().that().resideInAPackage("io.anneal.training..")
                .should().dependOnClassesThat().resideInAnyPackage("io.anneal.job..", "io.anneal.execution..",
                        "io.anneal.curve..", "io.anneal.web..", "io.anneal.database..")
                .check(CLASSES);
    }

    @Test
    void jobsKnowNothingOfWorkersCurvesMetricsModelsExperimentsOrTheWebLayer() {
        noClasses().that().resideInAPackage("io.anneal.job..")
                .should().dependOnClassesThat().resideInAnyPackage("io.anneal.execution..", "io.anneal.curve..",
                        "io.anneal.web..", "io.anneal.metrics..", "io.anneal.model..", "io.anneal.experiment..")
                .check(CLASSES);
    }

    @Test
    void metricsDependOnlyOnJobsAndTraining() {
        noClasses().that().resideInAPackage("io.anneal.metrics..")
                .should().dependOnClassesThat().resideInAnyPackage("io.anneal.execution..", "io.anneal.curve..",
                        "io.anneal.web..", "io.anneal.model..")
                .check(CLASSES);
    }

    @Test
    void experimentsBuildOnJobsCurvesAndTrainingTypesOnly() {
        noClasses().that().resideInAPackage("io.anneal.experiment..")
                .should().dependOnClassesThat().resideInAnyPackage("io.anneal.execution..", "io.anneal.model..",
                        "io.anneal.metrics..", "io.anneal.web..")
                .check(CLASSES);
    }

    @Test
    void theModelApiDependsOnlyOnJobsAndTraining() {
        noClasses().that().resideInAPackage("io.anneal.model..")
                .should().dependOnClassesThat().resideInAnyPackage("io.anneal.execution..", "io.anneal.curve..",
                        "io.anneal.metrics..")
                .check(CLASSES);
    }

    @Test
    void curvesDoNotReachIntoExecution() {
        noClasses().that().resideInAPackage("io.anneal.curve..")
                .should().dependOnClassesThat().resideInAnyPackage("io.anneal.execution..")
                .check(CLASSES);
    }

    @Test
    void theWebLayerAndTheDatabaseDependOnNothingElseOfOurs() {
        noClasses().that().resideInAnyPackage("io.anneal.web..", "io.anneal.database..")
                .should().dependOnClassesThat().resideInAnyPackage("io.anneal.job..", "io.anneal.execution..",
                        "io.anneal.curve..", "io.anneal.training..")
                .check(CLASSES);
    }
}
