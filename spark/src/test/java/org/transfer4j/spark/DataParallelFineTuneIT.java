package org.transfer4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.adapter.SingletonDataSetIterator;
import org.transfer4j.common.ColourFolders;
import org.transfer4j.data.image.AugmentationSpec;
import org.transfer4j.data.image.ImageFolder;
import org.transfer4j.data.image.ImagePipeline;
import org.transfer4j.plan.BatchNormPolicy;
import org.transfer4j.plan.Head;
import org.transfer4j.plan.Optimizer;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TransferPlan;
import org.transfer4j.plan.VertexNames;
import org.transfer4j.transfer.BaseModel;
import org.transfer4j.transfer.plan.NetworkTransfer;

/**
 * Data-parallel training of a transfer plan's network (feature extraction: the convolution frozen, a new
 * head) with {@link SparkFineTune}, in {@code local[2]} and on a standalone cluster of two one-core
 * workers: the frozen parameters stay bit-identical and the held-out accuracy after the same number of
 * epochs is within 1 point of training the same plan in one JVM.
 */
class DataParallelFineTuneIT {
    static final int EPOCHS = 8;
    static List<DataSet> train;
    static DataSet test;

    @BeforeAll
    static void data(@TempDir Path tmp) throws Exception {
        train = batches(ImageFolder.scan(ColourFolders.write(tmp.resolve("train"), 24, 11)), true);
        test = DataSet.merge(batches(ImageFolder.scan(ColourFolders.write(tmp.resolve("test"), 20, 12)), false));
    }

    static List<DataSet> batches(ImageFolder folder, boolean shuffle) throws Exception {
        List<DataSet> out = new ArrayList<>();
        try (ImagePipeline p = ImagePipeline.of(folder.inputSplit(folder.samples()), folder.classes(),
                BaseModel.defaultPreprocessing(List.of(3, 32, 32)), AugmentationSpec.none(),
                shuffle ? ImagePipeline.Options.training(8, 3) : ImagePipeline.Options.evaluation(8))) {
            while (p.hasNext()) {
                out.add(p.next());
            }
        }
        return out;
    }

    static ComputationGraph planNetwork() {
        VertexNames names = new VertexNames(List.of(3, 32, 32), "pool", "out", List.of("conv", "pool"));
        TransferPlan plan = new TransferPlan(new Head(3, 0, 0.0), new Strategy.FeatureExtraction(null),
                BatchNormPolicy.AUTO, new Optimizer(Optimizer.Updater.ADAM, 0.01, 1.0, 0, 5));
        return (ComputationGraph) NetworkTransfer.apply(SparkFeaturizerTest.network(), names, plan);
    }

    static double accuracy(ComputationGraph g) {
        return g.evaluate(new SingletonDataSetIterator(test)).accuracy();
    }

    static double singleMachineAccuracy() {
        ComputationGraph g = planNetwork();
        for (int e = 0; e < EPOCHS; e++) {
            for (DataSet b : train) {
                g.fit(b);
            }
        }
        return accuracy(g);
    }

    static void trainOn(JavaSparkContext sc) {
        ComputationGraph net = planNetwork();
        Map<String, INDArray> frozen = SparkFineTune.frozenParameters(net);
        assertEquals(List.of("conv"), List.copyOf(frozen.keySet()), "the plan freezes the convolution");
        SparkFineTune.Result r = SparkFineTune.fit(sc, net, sc.parallelize(train, 2), EPOCHS, 8, 1);
        assertArrayEquals(frozen.get("conv").data().asFloat(),
                SparkFineTune.frozenParameters(r.network()).get("conv").dup().data().asFloat(), "frozen parameters bit for bit");
        double single = singleMachineAccuracy();
        double spark = accuracy(r.network());
        System.out.printf("[data-parallel] held-out accuracy after %d epochs: one JVM %.4f, Spark (%s) %.4f; %.1f s on Spark%n",
                EPOCHS, single, sc.master(), spark, r.seconds());
        assertTrue(single >= 0.9, "the task is learnable in one JVM: " + single);
        assertTrue(Math.abs(spark - single) <= 0.01, "Spark " + spark + " against one JVM " + single);
    }

    @Test
    void localTwoCores() {
        try (JavaSparkContext sc = LocalSpark.start(2, "transfer4j-data-parallel-it")) {
            trainOn(sc);
        }
    }

    @Test
    void standaloneClusterOfTwoWorkers(@TempDir Path tmp) throws Exception {
        try (StandaloneCluster cluster = StandaloneCluster.start(2, 1, 1536, tmp.resolve("work"));
             JavaSparkContext sc = new JavaSparkContext(StandaloneCluster.application(cluster.masterUrl(), "transfer4j-data-parallel-cluster-it"))) {
            trainOn(sc);
        }
    }
}
