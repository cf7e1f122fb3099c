package org.transfer4j.app.pretrained;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.transfer4j.app.cli.Transfer4jCli;

class PretrainedStudyOptionsTest {
    private static void refused(Consumer<PretrainedStudyOptions> change, String quoted) {
        PretrainedStudyOptions o = new PretrainedStudyOptions();
        change.accept(o);
        var e = assertThrows(IllegalArgumentException.class, o::validate);
        assertTrue(e.getMessage().contains(quoted), e.getMessage());
    }

    @Test
    void defaultsAreValidAndBadValuesAreQuoted() {
        assertDoesNotThrow(() -> new PretrainedStudyOptions().validate());
        refused(o -> o.size = 31, "got 31");
        refused(o -> o.size = 513, "got 513");
        refused(o -> o.kValues = List.of(10, 0), "got [10, 0]");
        refused(o -> o.kValues = List.of(), "got []");
        refused(o -> o.seeds = List.of(), "got []");
        refused(o -> o.fineTuneBlocks = 0, "got 0");
        refused(o -> o.minEpochs = 0, "got 0, 100, 32");
        refused(o -> o.minSteps = -1, "got 8, -1, 32");
        refused(o -> o.linearMinSteps = -1, "linear-min-steps must be >= 0, got -1");
        refused(o -> o.batchSize = 0, "got 8, 100, 0");
        refused(o -> o.learningRate = 1, "lr 1.0");
        refused(o -> o.backboneLearningRate = 0, "backbone-lr 0.0");
        refused(o -> o.learningRate = 0, "lr 0.0");
        refused(o -> o.backboneLearningRate = 1, "backbone-lr 1.0");
        refused(o -> o.l2 = -1, "got -1.0");
        refused(o -> o.testLimit = -1, "got -1");
        refused(o -> o.parallel = -2, "got -2");
        // The edges themselves are valid.
        PretrainedStudyOptions edge = new PretrainedStudyOptions();
        edge.size = 32;
        edge.kValues = List.of(1);
        edge.fineTuneBlocks = 1;
        edge.minEpochs = 1;
        edge.minSteps = 0;
        edge.batchSize = 1;
        edge.l2 = 0;
        edge.testLimit = 0;
        edge.parallel = 0;
        assertDoesNotThrow(edge::validate);
        edge.size = 512;
        edge.learningRate = 0.999;
        edge.backboneLearningRate = 1e-9;
        assertDoesNotThrow(edge::validate);
    }

    @Test
    void defaultCutsAreAThirdTwoThirdsTheNextToLastAndTheLastBlock() {
        List<String> blocks = List.of("b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8");
        assertEquals(List.of("b3", "b6", "b7", "b8"), PretrainedStudy.defaultCuts(blocks));
        // With few blocks the picks coincide; each cut is listed once.
        assertEquals(List.of("b1", "b2"), PretrainedStudy.defaultCuts(List.of("b0", "b1", "b2")));
    }

    @Test
    void methodsAreTheFloorTheBaselineEveryCutFineTuningAndGradual() {
        List<Method> m = PretrainedStudy.methods(List.of("x", "y"), 2);
        assertEquals(List.of(Method.Kind.PIXELS_LINEAR, Method.Kind.SCRATCH, Method.Kind.FEATURE_EXTRACTION,
                Method.Kind.FEATURE_EXTRACTION, Method.Kind.FINE_TUNING, Method.Kind.GRADUAL_UNFREEZING),
                m.stream().map(Method::kind).toList());
        assertEquals("feature extraction at y", m.get(3).label());
        assertEquals("fine-tuning the last 2 blocks", m.get(4).label());
        assertTrue(m.get(2).transfers() && m.get(5).transfers() && !m.get(0).transfers() && !m.get(1).transfers());
        assertThrows(IllegalArgumentException.class, () -> new Method(Method.Kind.FEATURE_EXTRACTION, null, 0));
        assertThrows(IllegalArgumentException.class, () -> new Method(Method.Kind.FINE_TUNING, "x", 1));
    }

    @Test
    void theCommandLineRefusesABadValueWithOneLine() {
        assertEquals(2, Transfer4jCli.run("pretrained-study", new String[] {"--size", "8"}));
    }

    @Test
    void rowsOfAnyRankKeepTheirShape() {
        var a = org.nd4j.linalg.factory.Nd4j.arange(24).reshape(4, 3, 2);
        var r = PretrainedStudy.rows(a, new int[] {2, 0});
        assertEquals(List.of(2L, 3L, 2L), java.util.Arrays.stream(r.shape()).boxed().toList());
        assertEquals(a.get(org.nd4j.linalg.indexing.NDArrayIndex.point(2)), r.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)));
        assertEquals(a.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)), r.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1)));
    }
}
