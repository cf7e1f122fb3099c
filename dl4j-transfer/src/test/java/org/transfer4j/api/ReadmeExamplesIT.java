package org.transfer4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.core.util.ModelGuesser;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.plan.TaskData;
import org.transfer4j.common.CacheRootProperty;
import org.transfer4j.common.ColourFolders;
import org.transfer4j.report.ModelExport;
import org.transfer4j.plan.Base;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.VertexNames;
import org.transfer4j.zoo.Architectures;
import org.transfer4j.zoo.catalogue.Catalogue;

/**
 * Runs the README's four Java examples. Each region between {@code // example:NAME} and
 * {@code // end} is the README's code block of that name with the substitutions in
 * {@link ReadmeExamplesTest#OFFLINE} (a catalogue architecture for the ImageNet weights, which cannot
 * be downloaded here; the test's own folders for the README's paths); that test checks the two agree.
 */
class ReadmeExamplesIT {
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



    @Test
    void fineTuneTheLastTwoBlocksOnAFolderAndSave() throws Exception {
        Path photos = ColourFolders.write(tmp.resolve("photos"), 8, 3);
        Path out = tmp.resolve("runs");
        // example:fine-tune-folder
        TransferResult r = Transfer.from(Base.architecture("ResNet50"))
                .strategy(Strategy.lastBlocks(2))
                .fit(TaskData.folder(photos), Fit.epochs(10).patience(3));
        r.save(out);
        // end
        Path zip = out.resolve("model").resolve(ModelExport.MODEL);
        assertTrue(Files.isRegularFile(out.resolve("model").resolve(ModelExport.MANIFEST)) && Files.isRegularFile(out.resolve("report.md")));
        ComputationGraph saved = (ComputationGraph) ModelGuesser.loadModelGuess(zip.toString());
        // Independent reference: the architecture's init() with the plan's seed (1). Below the freeze boundary
        // (the last two of ResNet50's blocks train) weights are untouched; inside the trained blocks they moved.
        ComputationGraph init = (ComputationGraph) Architectures.build(Catalogue.builtIn().architecture("ResNet50"), 1);
        assertEquals(init.getLayer("stem-cnn1").getParam("W"), saved.getLayer("stem-cnn1").getParam("W"));
        assertEquals(init.getLayer("res4a_branch2a").getParam("W"), saved.getLayer("res4a_branch2a").getParam("W"));
        assertNotEquals(init.getLayer("res5c_branch2c").getParam("W"), saved.getLayer("res5c_branch2c").getParam("W"));
        assertEquals(ColourFolders.CLASSES, r.report().classes());
        assertTrue(r.report().history().size() >= 1 && r.report().test().examples() > 0);
    }

    @Test
    void featureExtractionWithAFrozenBackbone() throws Exception {
        Path photos = ColourFolders.write(tmp.resolve("photos"), 20, 4);
        // example:feature-extraction
        TransferResult r = Transfer.from(Base.architecture("ResNet50"))
                .strategy(Strategy.featureExtraction())       // backbone frozen: featurized once, cached on disk
                .head(256, 0.5)                               // a hidden layer with dropout before the softmax
                .fit(TaskData.folder(photos), Fit.epochs(20).patience(5));
        System.out.printf("test accuracy %.3f%n", r.testAccuracy());
        // end
        assertNotNull(r.report().featurize(), "feature extraction trains on cached activations");
        ComputationGraph init = (ComputationGraph) Architectures.build(Catalogue.builtIn().architecture("ResNet50"), 1);
        ComputationGraph net = (ComputationGraph) r.network();
        assertEquals(init.getLayer("res5c_branch2c").getParam("W"), net.getLayer("res5c_branch2c").getParam("W"));
        // The head learns its training set from the cached activations: the loss at least halves. (Random
        // ResNet50 features are no ImageNet features: the test accuracy of this tiny task says little.)
        var history = r.report().history();
        double first = history.get(0).trainLoss();
        double last = history.get(history.size() - 1).trainLoss();
        assertTrue(last < first / 2, "train loss " + first + " -> " + last);
    }

    @Test
    void severalStrategiesFeaturizedOnceThenTrained() throws Exception {
        Path photos = ColourFolders.write(tmp.resolve("photos"), 8, 5);
        // example:featurize
        Transfer t = Transfer.from(Base.architecture("ResNet50"));
        TaskData data = TaskData.folder(photos);
        Transfer.Features f = t.featurize(data, List.of(Strategy.featureExtraction(), Strategy.lastBlocks(1)));
        DataSet embeddings = f.of(Strategy.featureExtraction()).train();      // one row per training image
        TransferResult r = t.strategy(Strategy.lastBlocks(1)).fit(data, Fit.epochs(5));  // no backbone pass
        // end
        assertEquals(2048, embeddings.getFeatures().size(1), "ResNet50's pooled features");
        assertEquals(r.report().data().train(), embeddings.numExamples(), "one row per training image");
        assertTrue(!f.cacheHit() && r.report().featurize().cacheHit(), "featurized once, then read by the run");
    }

    @Test
    void aKerasFileWithTheUsersOwnIterators() throws Exception {
        Path kerasFile = Path.of("..", "zoo-import", "src", "test", "resources", "keras", "resnet_functional.h5");
        Path out = tmp.resolve("runs");
        DataSetIterator train = channelsLast(120, 1, 16);
        DataSetIterator validation = channelsLast(60, 2, 30);
        // example:keras
        TransferResult r = Transfer.from(Base.keras(kerasFile))
                .names(new VertexNames(List.of(4, 6, 6), "global_average_pooling2d_1", "dense_1",
                        List.of("conv2d_1", "activation_1")))                 // input [c,h,w], feature, classifier, blocks
                .strategy(Strategy.featureExtraction())
                .learningRate(1e-2)
                .fit(TaskData.iterators(train, validation, null, List.of("a", "b", "c")), Fit.epochs(30).patience(5));
        r.save(out);
        // end
        Model reloaded = ModelGuesser.loadModelGuess(out.resolve("model").resolve(ModelExport.MODEL).toString());
        assertEquals(r.network().numParams(), reloaded.numParams());
        // Class c adds 1.5 to input channel c: the file's residual block and global pooling keep that. Chance is 1/3.
        assertTrue(r.validationAccuracy() >= 0.6, "validation accuracy " + r.validationAccuracy());
    }

    /** NHWC batches (6 x 6 x 4, as the Keras fixture takes) of 3 classes: class c shifts channel c up. */
    static DataSetIterator channelsLast(int n, long seed, int batch) {
        Random rng = new Random(seed);
        List<DataSet> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            INDArray x = Nd4j.zeros(DataType.FLOAT, 1, 6, 6, 4);
            for (int h = 0; h < 6; h++) {
                for (int w = 0; w < 6; w++) {
                    for (int ch = 0; ch < 4; ch++) {
                        x.putScalar(new int[] {0, h, w, ch}, rng.nextGaussian() * 0.5 + (ch == c ? 1.5 : 0));
                    }
                }
            }
            INDArray y = Nd4j.zeros(DataType.FLOAT, 1, 3);
            y.putScalar(0, c, 1);
            rows.add(new DataSet(x, y));
        }
        return new ListDataSetIterator<>(rows, batch);
    }
}
