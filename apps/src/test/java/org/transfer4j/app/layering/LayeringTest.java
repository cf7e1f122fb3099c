package org.transfer4j.app.layering;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.transfer4j.app.study.StudyLeNet;
import org.transfer4j.train.PlanTrainer;
import org.transfer4j.train.fixture.TrainerThatImportsTheStudy;
import org.transfer4j.transfer.plan.Dl4jTransferLearning;
import org.transfer4j.transfer.plan.NetworkTransfer;

/**
 * The architecture's rules, checked on the compiled production classes of every module; a violating class makes
 * each fail (shown on fixtures).
 */
class LayeringTest {
    static final String[] LIBRARY_AND_UP = {"values", "engine", "training", "reporting", "domain", "api", "advisor", "spark",
            "applications"};

    static String[] with(String[] layers, String... more) {
        String[] all = java.util.Arrays.copyOf(layers, layers.length + more.length);
        System.arraycopy(more, 0, all, layers.length, more.length);
        return all;
    }

    /**
     * Layers point down only: common <- zoo-import, datavec-pipelines (which do not use each other) <- the library
     * (dl4j-transfer), ordered inside: values (the plan, the data spec) < engine (networks, the transfer seam) <
     * training (the loop, data, featurize cache) < reporting and domain adaptation < api (the facade) < advisor
     * <- spark <- the applications (this module).
     */
    static final ArchRule LAYERS = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true) // the fixture check imports two classes; every layer's presence is checked below
            .layer("common").definedBy("org.transfer4j.common..")
            .layer("zoo-import").definedBy("org.transfer4j.zoo..")
            .layer("datavec-pipelines").definedBy("org.transfer4j.data..")
            .layer("values").definedBy("org.transfer4j.plan..")
            .layer("engine").definedBy("org.transfer4j.transfer..", "org.transfer4j.runtime..")
            .layer("training").definedBy("org.transfer4j.train..")
            .layer("reporting").definedBy("org.transfer4j.report..")
            .layer("domain").definedBy("org.transfer4j.domain..")
            .layer("api").definedBy("org.transfer4j.api..")
            .layer("advisor").definedBy("org.transfer4j.advise..")
            .layer("spark").definedBy("org.transfer4j.spark..")
            .layer("applications").definedBy("org.transfer4j.app..")
            .whereLayer("applications").mayNotBeAccessedByAnyLayer()
            .whereLayer("spark").mayOnlyBeAccessedByLayers("applications")
            .whereLayer("advisor").mayOnlyBeAccessedByLayers("spark", "applications")
            .whereLayer("api").mayOnlyBeAccessedByLayers("advisor", "spark", "applications")
            .whereLayer("domain").mayOnlyBeAccessedByLayers("api", "advisor", "spark", "applications")
            .whereLayer("reporting").mayOnlyBeAccessedByLayers("domain", "api", "advisor", "spark", "applications")
            .whereLayer("training").mayOnlyBeAccessedByLayers("reporting", "domain", "api", "advisor", "spark", "applications")
            .whereLayer("engine").mayOnlyBeAccessedByLayers("training", "reporting", "domain", "api", "advisor", "spark",
                    "applications")
            .whereLayer("values").mayOnlyBeAccessedByLayers("engine", "training", "reporting", "domain", "api", "advisor", "spark",
                    "applications")
            .whereLayer("zoo-import").mayOnlyBeAccessedByLayers(LIBRARY_AND_UP)
            .whereLayer("datavec-pipelines").mayOnlyBeAccessedByLayers(LIBRARY_AND_UP)
            .whereLayer("common").mayOnlyBeAccessedByLayers(with(LIBRARY_AND_UP, "zoo-import", "datavec-pipelines"));

    /** No package cycle inside the library or the applications (the commands and the CLI that lists them included). */
    static final ArchRule NO_LIBRARY_CYCLES = slices().matching("org.transfer4j.(*)..").should().beFreeOfCycles();
    static final ArchRule NO_APP_CYCLES = slices().matching("org.transfer4j.app.(*)..").should().beFreeOfCycles();

    /** DL4J's TransferLearning builders and helper have one owner. */
    static final ArchRule ONE_TRANSFER_SEAM = noClasses().that()
            .haveNameNotMatching(Dl4jTransferLearning.class.getName().replace(".", "\\.") + "(\\$.*)?")
            .should().dependOnClassesThat().resideInAPackage("org.deeplearning4j.nn.transferlearning..");

    /** Library code logs through SLF4J; printing is for the applications' command line. */
    static final ArchRule LIBRARY_DOES_NOT_PRINT = noClasses().that().resideOutsideOfPackage("org.transfer4j.app..")
            .should().accessField(System.class, "out").orShould().accessField(System.class, "err");

    static JavaClasses production;

    @BeforeAll
    static void importProduction() {
        // Modules' test-jars (the spark module's cluster fixture) are on the test classpath too: not production.
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("org.transfer4j");
    }

    @Test
    void productionClassesOfEveryModuleAreThere() {
        for (Class<?> c : new Class<?>[] {PlanTrainer.class, StudyLeNet.class, org.transfer4j.zoo.catalogue.Catalogue.class,
                org.transfer4j.plan.Strategy.class, org.transfer4j.api.Transfer.class, org.transfer4j.advise.StrategyAdvisor.class,
                org.transfer4j.report.TrainingReport.class, org.transfer4j.spark.SparkFeaturizer.class,
                org.transfer4j.data.image.ImagePipeline.class, org.transfer4j.common.Json.class}) {
            assertTrue(production.contain(c), c + " is among the checked classes");
        }
    }

    @Test
    void layersPointDownOnly() {
        LAYERS.check(production);
    }

    @Test
    void noPackageCycles() {
        NO_LIBRARY_CYCLES.check(production);
        NO_APP_CYCLES.check(production);
    }

    @Test
    void theCycleRuleFailsOnACircle() {
        // the trainer fixture (org.transfer4j.train) uses a study class (org.transfer4j.app), and an application fixture
        // uses the trainer
        JavaClasses circle = new ClassFileImporter().importClasses(TrainerThatImportsTheStudy.class, StudyLeNet.class,
                org.transfer4j.app.fixture.AppThatUsesTheTrainer.class, org.transfer4j.train.Epochs.class);
        assertTrue(NO_LIBRARY_CYCLES.evaluate(circle).hasViolation(), "train -> app -> train is a cycle");
    }

    @Test
    void oneClassOwnsTransferLearning() {
        ONE_TRANSFER_SEAM.check(production);
    }

    @Test
    void theSeamRuleFailsOnAnotherClass() {
        JavaClasses other = new ClassFileImporter().importClasses(NetworkTransfer.class, Dl4jTransferLearning.class);
        assertFalse(ONE_TRANSFER_SEAM.evaluate(other).hasViolation(), "NetworkTransfer goes through the seam");
        JavaClasses helper = new ClassFileImporter().importClasses(org.transfer4j.train.TrainingTarget.GraphTop.class);
        assertFalse(ONE_TRANSFER_SEAM.evaluate(helper).hasViolation(), "the featurized graph target uses the seam's wrapper");
        JavaClasses dl4j = new ClassFileImporter().importClasses(org.deeplearning4j.nn.transferlearning.TransferLearningHelper.class);
        assertTrue(ONE_TRANSFER_SEAM.evaluate(dl4j).hasViolation(), "a class using DL4J's TransferLearning package is caught");
    }

    @Test
    void libraryModulesDoNotPrint() {
        LIBRARY_DOES_NOT_PRINT.check(production);
    }

    @Test
    void aTrainerThatImportsAStudyFailsTheRule() {
        JavaClasses bad = new ClassFileImporter().importClasses(TrainerThatImportsTheStudy.class, StudyLeNet.class);
        EvaluationResult r = LAYERS.evaluate(bad);
        assertTrue(r.hasViolation(), "the fixture in org.transfer4j.train uses a study class");
        assertTrue(r.getFailureReport().toString().contains("TrainerThatImportsTheStudy"), r.getFailureReport().toString());
        assertFalse(LAYERS.evaluate(new ClassFileImporter().importClasses(PlanTrainer.class, StudyLeNet.class)).hasViolation());
    }
}
