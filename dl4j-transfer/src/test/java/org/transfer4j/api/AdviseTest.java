package org.transfer4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class AdviseTest {
    @Test
    void cutsAreEvenlySpacedBlocksThenTheFeatureVertex() {
        List<String> blocks = List.of("b1", "b2", "b3", "b4", "b5", "b6");
        assertEquals(List.of("b2", "b4", "feat"), Advise.cuts(blocks, "feat", 3));
        assertEquals(List.of("feat"), Advise.cuts(blocks, "feat", 1));
        assertEquals(List.of("b1", "b2", "b3", "b4", "b5", "feat"), Advise.cuts(blocks, "feat", 6));
        // A block that is the feature vertex is listed once, last.
        assertEquals(List.of("b1", "b2"), Advise.cuts(List.of("b1", "b2"), "b2", 4));
        assertEquals(List.of("feat"), Advise.cuts(List.of(), "feat", 3));
    }

    @Test
    void badSettingsAreQuoted() {
        assertTrue(assertThrows(IllegalArgumentException.class, Advise::candidates).getMessage().contains("got none"));
        Advise a = Advise.candidates(Base.catalogue("nsfwjs.mobilenetv2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.examples(3)).getMessage().contains("got 3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.cutsPerBackbone(0)).getMessage().contains("got 0"));
        assertEquals(a, a.examples(4).cutsPerBackbone(1).randomControls(false).seed(3), "the edges are valid");
    }

    @Test
    void theRankingIsBestFirstAndReadable() {
        Advise.Ranking r = new Advise.Ranking(List.of(new Advise.Score("a", "x", false, 10, 0.5, 1),
                new Advise.Score("a", "x", true, 10, -0.2, 1)));
        assertEquals(0.5, r.best().logMe());
        assertEquals(-0.2, r.bestOf("a", true).logMe());
        assertTrue(r.table().contains("| 2 | a | x | random (control) | -0.2000 | 10 |"), r.table());
        assertThrows(IllegalArgumentException.class, () -> r.bestOf("b", false));
    }

    static org.nd4j.linalg.dataset.DataSet sample(int... perClass) {
        int n = java.util.Arrays.stream(perClass).sum();
        var y = org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, perClass.length);
        int row = 0;
        for (int c = 0; c < perClass.length; c++) {
            for (int i = 0; i < perClass[c]; i++) {
                y.putScalar(row++, c, 1);
            }
        }
        return new org.nd4j.linalg.dataset.DataSet(org.nd4j.linalg.factory.Nd4j.zeros(n, 2), y);
    }

    @Test
    void dataThatCannotBeRankedIsRefusedNamingWhy() {
        List<String> names = List.of("cat", "dog", "eel");
        Advise.checkRankable(sample(2, 2, 0), names);
        Advise.checkRankable(sample(5, 3, 2), names);
        String one = assertThrows(IllegalArgumentException.class, () -> Advise.checkRankable(sample(3, 1, 2), names)).getMessage();
        assertTrue(one.contains("class 'dog' has 1 image") && one.contains("at least 2"), one);
        String single = assertThrows(IllegalArgumentException.class, () -> Advise.checkRankable(sample(4, 0, 0), names)).getMessage();
        assertTrue(single.contains("1 class [cat]") && single.contains("at least 2 classes"), single);
        String none = assertThrows(IllegalArgumentException.class, () -> Advise.checkRankable(sample(0, 0, 0), names)).getMessage();
        assertTrue(none.contains("0 class []"), none);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Advise.checkRankable(sample(2, 1), List.of()))
                .getMessage().contains("class 'class 1'"));
    }

    @Test
    void candidatesThatCannotBeScoredAreListedAndTheDataIsCheckedFirst(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path zoo = java.nio.file.Path.of("..", "zoo-import", "src", "test", "resources");
        java.nio.file.Path photos = org.transfer4j.common.ColourFolders.write(tmp.resolve("photos"), 4, 1);
        int[] steps = {0};
        List<String> lines = new java.util.ArrayList<>();
        org.transfer4j.common.Progress counting = new org.transfer4j.common.Progress() {
            public void step() {
                steps[0]++;
            }

            public void phase(String m) {
            }

            public void log(String m) {
                lines.add(m);
            }
        };
        Advise a = Advise.candidates(Base.keras(tmp.resolve("missing.h5")), Base.keras(zoo.resolve("keras").resolve("cnn_batchnorm.h5")))
                .examples(8).progress(counting);
        Advise.Ranking r = a.on(TaskData.folder(photos));
        assertEquals(4, a.steps(), "two steps per candidate");
        assertEquals(a.steps(), steps[0], "every announced step is reported, scored or not");
        assertEquals(2, lines.stream().filter(l -> l.contains("not scored")).count(), lines.toString());
        assertEquals(2, r.failures().size(), r.failures().toString());
        assertTrue(r.failures().get(0).candidate().contains("missing.h5") && r.failures().get(0).reason().startsWith("does not load"),
                r.failures().toString());
        assertTrue(r.failures().get(1).reason().contains("not a graph"), r.failures().toString());
        assertTrue(r.scores().isEmpty());
        assertThrows(IllegalStateException.class, r::best);
        assertTrue(r.table().contains("not scored: keras:"), r.table());
        java.nio.file.Files.createDirectories(tmp.resolve("flat"));
        String noLabels = assertThrows(IllegalArgumentException.class, () -> Advise.candidates(
                Base.tfjs(zoo.resolve("tfjs").resolve("resnet_float32"))).on(TaskData.folder(tmp.resolve("flat")))).getMessage();
        assertTrue(noLabels.contains("no class sub-folders"), noLabels);
    }
}
