package org.transfer4j.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.transfer4j.plan.TaskData;
import org.transfer4j.plan.Base;

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
        Advise.Ranking r = new Advise.Ranking(List.of(new Advise.Score("a", "x", false, 10, 0.5, 0.7, 1),
                new Advise.Score("a", "y", false, 10, 0.4, 0.9, 1), new Advise.Score("a", "z", false, 10, 0.45, 0.9, 1),
                new Advise.Score("a", "x", true, 10, -0.2, 0.95, 1)));
        assertEquals(0.5, r.best().logMe());
        assertEquals(-0.2, r.bestOf("a", true).logMe());
        assertTrue(r.table().contains("| 4 | a | x | random (control) | -0.2000 | 0.950 | 10 |"), r.table());
        assertThrows(IllegalArgumentException.class, () -> r.bestOf("b", false));
        // The cut to suggest: the best probe among the pretrained cuts (never the control's), ties to LogME.
        assertEquals("z", r.suggestedCut("a").cut());
        assertThrows(IllegalArgumentException.class, () -> r.suggestedCut("b"));
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
    void aCatalogueLeNetLoadsFromAMirrorAndIsScoredAtItsLayers(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        var catalogue = org.transfer4j.zoo.catalogue.Catalogue.builtIn();
        var entry = catalogue.model("study.lenet.fashion-mnist-0-4");
        java.nio.file.Path file = tmp.resolve("mirror").resolve(entry.weights().path());
        java.nio.file.Files.createDirectories(file.getParent());
        org.deeplearning4j.util.ModelSerializer.writeModel(org.transfer4j.zoo.Architectures.build(
                catalogue.architecture("StudyLeNet"), 5, 3), file.toFile(), false);
        java.nio.file.Path photos = org.transfer4j.common.ColourFolders.write(tmp.resolve("photos"), 6, 2);
        Advise.Ranking r = Advise.candidates(Base.catalogue("study.lenet.fashion-mnist-0-4")).mirror(tmp.resolve("mirror"))
                .examples(12).on(TaskData.folder(photos));
        assertTrue(r.failures().isEmpty(), r.table());
        // The catalogue's blocks pool1, pool2 and the feature layer dense, each with its random control.
        assertEquals(java.util.Set.of("pool1", "pool2", "dense"), r.scores().stream().map(Advise.Score::cut)
                .collect(java.util.stream.Collectors.toSet()), r.table());
        assertEquals(6, r.scores().size(), r.table());
        String m = Advise.candidates(Base.catalogue("study.lenet.fashion-mnist-0-4")).mirror(tmp.resolve("empty"))
                .examples(12).on(TaskData.folder(photos)).failures().get(0).reason();
        assertTrue(m.startsWith("does not load"), m);
    }

    @Test
    void theRandomControlIsSeededSoARankingRepeats(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path h5 = java.nio.file.Path.of("..", "zoo-import", "src", "test", "resources", "keras", "cnn_batchnorm.h5");
        java.nio.file.Path photos = org.transfer4j.common.ColourFolders.write(tmp.resolve("photos"), 4, 1);
        // Seed 22 gave a control whose pooled features are all zero for one class (dead ReLUs): finite, not NaN.
        Advise.Ranking first = Advise.candidates(Base.keras(h5)).examples(8).seed(22).on(TaskData.folder(photos));
        Thread.sleep(5); // an unseeded control would take its seed from the clock
        Advise.Ranking again = Advise.candidates(Base.keras(h5)).examples(8).seed(22).on(TaskData.folder(photos));
        assertEquals(first.scores().stream().map(s -> s.cut() + s.randomControl() + s.logMe()).toList(),
                again.scores().stream().map(s -> s.cut() + s.randomControl() + s.logMe()).toList());
        assertTrue(first.scores().stream().allMatch(s -> Double.isFinite(s.logMe())), first.table());
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
        assertEquals(1, lines.stream().filter(l -> l.contains("not scored")).count(), lines.toString());
        assertEquals(1, r.failures().size(), r.table());
        assertTrue(r.failures().get(0).candidate().contains("missing.h5") && r.failures().get(0).reason().startsWith("does not load"),
                r.table());
        assertTrue(r.table().contains("not scored: keras:"), r.table());
        // The Sequential file (a MultiLayerNetwork) is scored at its layer outputs, with its random control.
        assertTrue(r.scores().size() >= 2 && r.scores().size() % 2 == 0, r.table());
        assertEquals(r.scores().size() / 2, r.scores().stream().filter(Advise.Score::randomControl).count(), r.table());
        // 4 images per class, some held out for validation and test: every cut sees the same training sample.
        int seen = r.scores().get(0).examples();
        assertTrue(seen >= 6 && seen <= 8, r.table());
        assertTrue(r.scores().stream().allMatch(x -> x.examples() == seen && Double.isFinite(x.logMe())
                && x.probeAccuracy() >= 0 && x.probeAccuracy() <= 1), r.table());
        for (int i = 1; i < r.scores().size(); i++) {
            assertTrue(r.scores().get(i - 1).logMe() >= r.scores().get(i).logMe(), "best first:\n" + r.table());
        }
        Advise.Ranking none = Advise.candidates(Base.keras(tmp.resolve("missing.h5"))).on(TaskData.folder(photos));
        assertTrue(none.scores().isEmpty());
        assertThrows(IllegalStateException.class, none::best);
        java.nio.file.Files.createDirectories(tmp.resolve("flat"));
        String noLabels = assertThrows(IllegalArgumentException.class, () -> Advise.candidates(
                Base.tfjs(zoo.resolve("tfjs").resolve("resnet_float32"))).on(TaskData.folder(tmp.resolve("flat")))).getMessage();
        assertTrue(noLabels.contains("no class sub-folders"), noLabels);
    }
}
