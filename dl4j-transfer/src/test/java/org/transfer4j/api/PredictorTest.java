package org.transfer4j.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.transfer4j.common.CacheRootProperty;
import org.transfer4j.common.ColourFolders;
import org.transfer4j.data.image.AugmentationSpec;
import org.transfer4j.data.image.BadImageException;
import org.transfer4j.data.image.ImageFolder;
import org.transfer4j.data.image.ImagePipeline;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.plan.Base;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TaskData;
import org.transfer4j.report.EvaluationReport;
import org.transfer4j.train.Nets;

/**
 * A saved model predicts image files, folders and in-memory images with the labels and probabilities the network gives
 * on the training pipeline's own batches, for a channels-last base (a Keras file) and a channels-first one (a DL4J
 * architecture); bad files come back with their reasons and do not stop the batch.
 */
class PredictorTest {
    @TempDir
    Path tmp;

    private CacheRootProperty cache;

    @BeforeEach
    void privateCache() {
        cache = CacheRootProperty.set(tmp.resolve("cache"));
    }

    @AfterEach
    void restoreCache() {
        cache.close();
    }

    private TransferResult trained(String kind, Path photos) throws Exception {
        Base base = kind.equals("keras")
                ? Base.keras(Path.of("..", "zoo-import", "src", "test", "resources", "keras", "cnn_batchnorm.h5"))
                : Base.architecture("LeNet");
        Transfer t = Transfer.from(base).learningRate(1e-2).strategy(Strategy.featureExtraction());
        return t.fit(TaskData.folder(photos),
                Fit.epochs(2).patience(2).batchSize(8).progressBar(false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"keras", "architecture"})
    void aSavedModelPredictsAsTheNetworkDoesOnThePipelinesBatches(String kind) throws Exception {
        Path photos = ColourFolders.write(tmp.resolve("photos"), 10, 3);
        TransferResult r = trained(kind, photos);
        assertEquals(kind.equals("keras") ? ImagePreprocessing.Layout.NHWC : ImagePreprocessing.Layout.NCHW,
                r.preprocessing().layout());
        Path run = r.save(tmp.resolve("run"));

        // The reference: the network itself on the evaluation pipeline's batches of the whole folder, in folder order.
        ImageFolder folder = ImageFolder.scan(photos);
        List<double[]> expected = new ArrayList<>();
        try (ImagePipeline p = ImagePipeline.of(folder, r.preprocessing(), AugmentationSpec.none(),
                ImagePipeline.Options.evaluation(7))) {
            while (p.hasNext()) {
                DataSet b = p.next();
                INDArray out = Nets.output(r.network(), b.getFeatures());
                for (int i = 0; i < b.numExamples(); i++) {
                    expected.add(out.getRow(i).toDoubleVector());
                }
            }
        }
        for (Path where : List.of(run, run.resolve("model"), run.resolve("model").resolve("model.zip"))) {
            Predictor p = Predictor.load(where).topK(3).batchSize(5);
            assertEquals(ColourFolders.CLASSES, p.classes());
            List<Prediction> got = p.predictFolder(photos);
            assertEquals(expected.size(), got.size());
            for (int i = 0; i < got.size(); i++) {
                Prediction g = got.get(i);
                assertEquals(photos.resolve(folder.samples().get(i).path()).toString(), g.source());
                double[] e = expected.get(i);
                int best = 0;
                for (int c = 1; c < e.length; c++) {
                    best = e[c] > e[best] ? c : best;
                }
                assertEquals(p.classes().get(best), g.label(), g.source());
                for (Prediction.Score s : g.top()) {
                    assertEquals(e[p.classes().indexOf(s.label())], s.probability(), 1e-5, g.source() + " " + s.label());
                }
                assertEquals(3, g.top().size());
                assertTrue(g.top().get(0).probability() >= g.top().get(1).probability());
            }
        }
        // The in-memory result predicts the same, and an image in memory as its PNG file.
        assertSame(r.predictor(), r.predictor(), "the inference copy is made once");
        Predictor live = r.predictor().topK(1);
        Path one = photos.resolve(folder.samples().get(4).path());
        Prediction fromFile = live.predict(one);
        Prediction fromImage = live.predict(ImageIO.read(one.toFile()));
        assertEquals(1, fromFile.top().size());
        assertEquals(fromFile.label(), fromImage.label());
        assertEquals(fromFile.probability(), fromImage.probability(), 1e-6);
        assertEquals("image 0", fromImage.source());
    }

    @ParameterizedTest
    @ValueSource(strings = {"keras"})
    void badFilesArePredictedWithTheirReasonsAndTheRestAsUsual(String kind) throws Exception {
        Path photos = ColourFolders.write(tmp.resolve("photos"), 10, 5);
        Predictor p = trained(kind, photos).predictor();
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        Files.copy(photos.resolve("red").resolve("img0.png"), inbox.resolve("a-good.png"));
        Files.write(inbox.resolve("b-empty.png"), new byte[0]);
        Files.writeString(inbox.resolve("c-text.jpg"), "not a picture at all");
        BufferedImage tiny = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(tiny, "png", inbox.resolve("d-tiny.png").toFile());
        byte[] broken = Files.readAllBytes(inbox.resolve("a-good.png"));
        Files.write(inbox.resolve("e-cut.png"), java.util.Arrays.copyOf(broken, 60));
        Files.copy(photos.resolve("blue").resolve("img1.png"), inbox.resolve("f-good.png"));
        Files.writeString(inbox.resolve("notes.txt"), "ignored: not an image extension");

        List<Prediction> got = p.predictFolder(inbox);
        List<String> names = got.stream().map(g -> Path.of(g.source()).getFileName().toString()).toList();
        assertEquals(List.of("a-good.png", "b-empty.png", "c-text.jpg", "d-tiny.png", "e-cut.png", "f-good.png"), names);
        assertTrue(got.get(0).ok() && got.get(5).ok());
        Prediction red = p.predict(photos.resolve("red").resolve("img0.png"));
        Prediction blue = p.predict(photos.resolve("blue").resolve("img1.png"));
        assertEquals(red.label(), got.get(0).label());
        assertEquals(red.probability(), got.get(0).probability(), 1e-5);
        assertEquals(blue.label(), got.get(5).label());
        assertEquals(blue.probability(), got.get(5).probability(), 1e-5);
        assertTrue(got.get(1).error().startsWith("empty file"), got.get(1).error());
        assertTrue(got.get(2).error().startsWith("not an image"), got.get(2).error());
        assertTrue(got.get(3).error().startsWith("too small (4x4"), got.get(3).error());
        assertTrue(got.get(4).error().startsWith("not a decodable image"), got.get(4).error());
        assertFalse(got.get(4).ok());
        assertEquals(null, got.get(4).label());
        assertTrue(Double.isNaN(got.get(4).probability()));
        // One image asked for alone: an error naming it.
        BadImageException e = assertThrows(BadImageException.class, () -> p.predict(inbox.resolve("c-text.jpg")));
        assertTrue(e.getMessage().contains("c-text.jpg") && e.getMessage().contains("not an image"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"keras"})
    void aLabelledFolderIsScoredFromThePredictions(String kind) throws Exception {
        Path photos = ColourFolders.write(tmp.resolve("photos"), 10, 9);
        Predictor p = trained(kind, photos).predictor();
        Path labelled = ColourFolders.write(tmp.resolve("labelled"), 4, 11);
        Files.write(labelled.resolve("red").resolve("zz-empty.png"), new byte[0]);
        Files.delete(labelled.resolve("green").resolve("img3.png"));
        EvaluationReport e = p.evaluate(labelled);
        List<Prediction> all = p.predictFolder(labelled);
        long right = all.stream().filter(Prediction::ok)
                .filter(x -> Path.of(x.source()).getParent().getFileName().toString().equals(x.label())).count();
        assertEquals(11, e.examples());
        assertEquals(right / 11.0, e.accuracy(), 1e-12);
        assertEquals(1, e.skipped().size());
        assertEquals("red/zz-empty.png", e.skipped().get(0).file());
        long[] support = new long[3];
        for (int i = 0; i < 3; i++) {
            for (long v : e.confusion()[i]) {
                support[i] += v;
            }
        }
        assertArrayEquals(new long[] {4, 3, 4}, support, "rows are the true classes blue, green, red");
        assertEquals(3, e.perClass().get(1).support());
        assertTrue(e.files().get(EvaluationReport.PREDICTIONS).startsWith("file,true,predicted,probability\n"));
        assertEquals(12, e.files().get(EvaluationReport.PREDICTIONS).lines().count());
        assertTrue(e.toMarkdown().contains("red/zz-empty.png") && e.toMarkdown().contains("## Per class"), e.toMarkdown());

        Path stranger = ColourFolders.write(tmp.resolve("stranger"), 1, 1);
        Files.move(stranger.resolve("red"), stranger.resolve("purple"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> p.evaluate(stranger));
        assertTrue(unknown.getMessage().contains("[purple]") && unknown.getMessage().contains("[blue, green, red]"),
                unknown.getMessage());
    }

    @org.junit.jupiter.api.Test
    void aPathWithoutAModelSaysWhatToPass() throws Exception {
        var e = assertThrows(java.nio.file.NoSuchFileException.class, () -> Predictor.load(tmp));
        assertTrue(e.getMessage().contains("run directory written by TransferResult.save"), e.getMessage());
        var missing = assertThrows(java.nio.file.NoSuchFileException.class, () -> Predictor.load(tmp.resolve("nope")));
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Predictor.load(null));
    }
}
