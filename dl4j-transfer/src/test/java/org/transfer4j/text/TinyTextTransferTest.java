package org.transfer4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.transfer4j.api.Fit;
import org.transfer4j.api.TextClassifier;
import org.transfer4j.api.TextTransfer;
import org.transfer4j.common.CacheRootProperty;
import org.transfer4j.plan.Strategy;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.source.MavenJarSource;
import org.transfer4j.zoo.text.TextEncoder;

/**
 * TextTransfer's whole path (cached embeddings, the head, fine-tuning a block, scoring) on {@link TinyTextEncoder}:
 * fast, so PIT runs it. The real encoder's run is {@code TextReadmeIT}.
 */
class TinyTextTransferTest {
    @TempDir
    static Path tmp;
    static CacheRootProperty cacheRoot;
    static TextEncoder tiny;
    static TextExamples train;
    static TextExamples test;

    @BeforeAll
    static void setUp() throws Exception {
        cacheRoot = CacheRootProperty.set(tmp.resolve("cache"));
        Path tokenizer = new MavenJarSource(tmp.resolve("m"), tmp.resolve("repo"), "mvn-not-needed")
                .resolve(Catalogue.builtIn().textEncoder("all-minilm-l6-v2")).tokenizer();
        tiny = TinyTextEncoder.create(tokenizer, "tiny-" + System.nanoTime());
        List<String> animals = List.of("cat", "dog", "horse", "cow", "sheep", "goat", "pig", "duck", "goose", "mouse");
        List<String> tools = List.of("hammer", "saw", "drill", "wrench", "chisel", "pliers", "screwdriver", "axe", "file",
                "clamp");
        List<String> a = new ArrayList<>();
        List<String> t = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            a.add(animals.get(i % 10) + " and " + animals.get((i * 3 + 1) % 10));
            t.add(tools.get(i % 10) + " and " + tools.get((i * 7 + 2) % 10));
        }
        TextExamples all = TextExamples.of(Map.of("animals", a, "tools", t), "tiny");
        TextExamples.Split s = all.holdOut(10, 0);
        train = s.train();
        test = s.test();
    }

    @AfterAll
    static void tearDown() {
        cacheRoot.close();
    }

    @Test
    void featureExtractionLearnsAndScoresOnCachedEmbeddings() throws Exception {
        TextExamples none = new TextExamples(List.of(), List.of(), train.classes());
        TextClassifier c = TextTransfer.from(tiny).seed(1)
                .fit(TextData.splits(train, none, test), Fit.epochs(5).progressBar(false));
        TextClassifier.Report r = c.report();
        assertEquals(60, r.trainTexts());
        assertEquals(20, r.testTexts());
        assertTrue(r.testAccuracy() >= 0.8, "separable words: " + r.testAccuracy());
        assertTrue(r.headEpochs().size() >= 30, "at least 300 steps of 2 batches: " + r.headEpochs().size());
        assertTrue(r.fineTuningEpochs().isEmpty());
        assertEquals(r.testAccuracy(), c.score(test, 7)[0], 1e-6, "the whole graph scores what the head scored");
        double[][] p = c.probabilities(List.of("cat and dog", "saw and drill"));
        assertEquals(1.0, p[0][0] + p[0][1], 1e-5);
        assertEquals(List.of("animals", "tools"), c.predict(List.of("cat and dog", "saw and drill")).stream()
                .map(org.transfer4j.api.Prediction::label).toList());
        // A second run reads every embedding from the cache, and the same seed gives the same classifier.
        long files;
        try (var w = Files.walk(tmp.resolve("cache").resolve("text-embeddings"))) {
            files = w.filter(Files::isRegularFile).count();
        }
        long distinct = java.util.stream.Stream.concat(train.texts().stream(), test.texts().stream()).distinct().count();
        assertEquals(distinct, files, "one file per distinct text");
        TextClassifier again = TextTransfer.from(tiny).seed(1)
                .fit(TextData.splits(train, none, test), Fit.epochs(5).progressBar(false));
        assertArrayEquals(p[0], again.probabilities(List.of("cat and dog"))[0], 1e-6);
        // A cut-short cache file (a killed write from another tool) is computed again, not read.
        Path one;
        try (var w = Files.walk(tmp.resolve("cache").resolve("text-embeddings"))) {
            one = w.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        Files.write(one, new byte[3]);
        TextTransfer.from(tiny).seed(1).fit(TextData.splits(train, none, test), Fit.epochs(1).progressBar(false));
        assertEquals(4L * TinyTextEncoder.WIDTH, Files.size(one));
    }

    @Test
    void fineTuningTrainsTheBlocksWeightsAndStopsOnValidation() throws Exception {
        TextExamples.Split s = train.split(0.2, 0, 3);
        TextClassifier c = TextTransfer.from(tiny).seed(2).strategy(Strategy.lastBlocks(1, 0.01, 1.0))
                .fit(TextData.splits(s.train(), s.validation(), test), Fit.epochs(4).patience(2).batchSize(16)
                        .progressBar(false));
        TextClassifier.Report r = c.report();
        assertEquals(1, r.fineTunedBlocks());
        assertFalse(r.fineTuningEpochs().isEmpty());
        assertTrue(r.fineTuningEpochs().size() <= 4);
        double headBest = r.headEpochs().stream().mapToDouble(TextTraining.Epoch::validationAccuracy).max().getAsDouble();
        assertTrue(r.validationAccuracy() >= headBest - 1e-9, "fine-tuning never ends below the trained head: "
                + r.validationAccuracy() + " against " + headBest);
        assertTrue(r.fineTuningEpochs().stream().allMatch(e -> !Double.isNaN(e.validationAccuracy())));
        assertTrue(r.fineTuningEpochs().stream().mapToDouble(TextTraining.Epoch::validationAccuracy).max().getAsDouble()
                <= r.validationAccuracy() + 1e-9, "the best epoch's weights are the ones kept");
        // The block's weights moved; the shared encoder's did not (fine-tuning works on a copy).
        assertEquals(0.001f, tiny.graph().getVariable("blk.w1").getArr().getFloat(0), 0f);
        assertEquals(org.nd4j.autodiff.samediff.VariableType.CONSTANT, tiny.graph().getVariable("blk.w1").getVariableType());
        Path out = c.save(tmp.resolve("saved"));
        assertTrue(Files.size(out.resolve(TextClassifier.GRAPH_FILE)) > 0);
        assertTrue(Files.readString(out.resolve(TextClassifier.MANIFEST_FILE)).contains("\"fineTunedBlocks\" : 1"));
    }

    @Test
    void blockWeightsAreTheBlocksFloatConstantsOnly() {
        var sd = tiny.graph().dup();
        List<String> names = TextGraphs.blockWeights(sd, List.of("blk/")).stream().map(v -> v.name()).sorted().toList();
        assertEquals(List.of("blk.b", "blk.w1", "blk.w2"), names);
        assertTrue(TextGraphs.blockWeights(sd, List.of("other/")).isEmpty());
        INDArray w = TextGraphs.headOnly(TinyTextEncoder.WIDTH, 3, 5).getVariable(TextGraphs.HEAD_WEIGHTS).getArr();
        assertEquals(List.of(8L, 3L), List.of(w.size(0), w.size(1)));
        double limit = Math.sqrt(6.0 / 11);
        assertTrue(w.amaxNumber().doubleValue() <= limit, "Xavier-uniform bound");
        assertNotEquals(0.0, w.sumNumber().doubleValue());
        assertEquals(w, TextGraphs.headOnly(TinyTextEncoder.WIDTH, 3, 5).getVariable(TextGraphs.HEAD_WEIGHTS).getArr(),
                "seeded");
    }
}
