package org.transfer4j.app.layering;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
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
 * Layers point down only: common <- zoo-import, datavec-pipelines (which do not use each other) <- the
 * library (dl4j-transfer) <- the applications (this module). Checked on the compiled production
 * classes of every module; a violating class makes it fail (shown on a fixture).
 */
class LayeringTest {
    static final String[] LIBRARY = {"org.transfer4j.api..", "org.transfer4j.transfer..", "org.transfer4j.train..",
            "org.transfer4j.domain..", "org.transfer4j.report..", "org.transfer4j.report..", "org.transfer4j.runtime.."};

    static final ArchRule LAYERS = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true) // the fixture check imports two classes; every layer's presence is checked below
            .layer("common").definedBy("org.transfer4j.common..")
            .layer("zoo-import").definedBy("org.transfer4j.zoo..")
            .layer("datavec-pipelines").definedBy("org.transfer4j.data..")
            .layer("library").definedBy(LIBRARY)
            .layer("applications").definedBy("org.transfer4j.app..")
            .whereLayer("applications").mayNotBeAccessedByAnyLayer()
            .whereLayer("library").mayOnlyBeAccessedByLayers("applications")
            .whereLayer("zoo-import").mayOnlyBeAccessedByLayers("library", "applications")
            .whereLayer("datavec-pipelines").mayOnlyBeAccessedByLayers("library", "applications")
            .whereLayer("common").mayOnlyBeAccessedByLayers("zoo-import", "datavec-pipelines", "library", "applications");

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
                org.transfer4j.data.image.ImagePipeline.class, org.transfer4j.common.Json.class}) {
            assertTrue(production.contain(c), c + " is among the checked classes");
        }
    }

    @Test
    void layersPointDownOnly() {
        LAYERS.check(production);
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
