package org.transfer4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transfer4j.common.ColourFolders;
import org.transfer4j.data.image.AugmentationSpec;
import org.transfer4j.data.image.ImageFolder;
import org.transfer4j.data.image.ImagePipeline;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.transfer.BaseModel;
import org.transfer4j.transfer.GraphCut;

/**
 * Featurizing on Spark ({@code local[2]}, three tasks) against featurizing the same files in this JVM the way
 * the library does locally ({@link GraphCut#below} over the evaluation {@link ImagePipeline}): bit-identical
 * features and labels, and a head trained on each gets the same accuracy.
 */
class SparkFeaturizerTest {
    static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = LocalSpark.start(2, "transfer4j-featurize-test");
    }

    @AfterAll
    static void stop() {
        sc.close();
    }

    static ComputationGraph network() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).weightInit(WeightInit.XAVIER)
                .dataType(DataType.FLOAT).graphBuilder().addInputs("in")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.RELU).build(), "in")
                .addLayer("pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "conv")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out").setInputTypes(InputType.convolutional(32, 32, 3)).build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    static DataSet localFeatures(ComputationGraph g, ImageFolder folder, ImagePreprocessing pre, int batch) throws Exception {
        ComputationGraph frozen = GraphCut.below(g, List.of("pool"));
        List<DataSet> out = new ArrayList<>();
        try (ImagePipeline p = ImagePipeline.of(folder.inputSplit(folder.samples()), folder.classes(), pre, AugmentationSpec.none(),
                ImagePipeline.Options.evaluation(batch))) {
            while (p.hasNext()) {
                DataSet raw = p.next();
                out.add(new DataSet(frozen.output(false, raw.getFeatures())[0], raw.getLabels()));
            }
        }
        return DataSet.merge(out);
    }

    /** Trains a seeded softmax head on the even rows, returns its accuracy on the odd ones. */
    static double headAccuracy(DataSet d) {
        List<DataSet> rows = d.asList();
        List<DataSet> train = new ArrayList<>();
        List<DataSet> test = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            (i % 2 == 0 ? train : test).add(rows.get(i));
        }
        DataSet tr = DataSet.merge(train);
        DataSet te = DataSet.merge(test);
        long in = tr.getFeatures().reshape(tr.numExamples(), -1).size(1);
        MultiLayerNetwork head = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5).updater(new Adam(0.01))
                .dataType(DataType.FLOAT).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(in).nOut(3).activation(Activation.SOFTMAX).build())
                .build());
        head.init();
        DataSet flat = new DataSet(tr.getFeatures().reshape(tr.numExamples(), in), tr.getLabels());
        for (int e = 0; e < 30; e++) {
            head.fit(flat);
        }
        org.nd4j.evaluation.classification.Evaluation ev = head.evaluate(new org.nd4j.linalg.dataset.adapter.SingletonDataSetIterator(
                new DataSet(te.getFeatures().reshape(te.numExamples(), in), te.getLabels())));
        return ev.accuracy();
    }

    @Test
    void sparkFeaturesAreBitIdenticalToLocalOnesAndTrainTheSameHead(@TempDir Path tmp) throws Exception {
        ImageFolder folder = ImageFolder.scan(ColourFolders.write(tmp.resolve("images"), 20, 7));
        ImagePreprocessing pre = BaseModel.defaultPreprocessing(List.of(3, 32, 32));
        ComputationGraph g = network();
        Path out = tmp.resolve("features");

        long t0 = System.nanoTime();
        SparkFeaturizer.Result r = SparkFeaturizer.featurize(sc, g, "pool", tmp.resolve("images"), folder.samples(),
                folder.classes(), pre, 8, 3, out.toUri().toString());
        double wall = (System.nanoTime() - t0) / 1e9;
        assertTrue(r.seconds() > 0 && r.seconds() <= wall, r.seconds() + " s reported, " + wall + " s measured");
        // 60 images, 8 per batch, 3 partitions: shards of 3, 3 and 2 batches.
        assertEquals(3, r.shards().size(), r.shards().toString());
        assertEquals(60, r.examples());
        assertTrue(Files.isRegularFile(out.resolve("part-00002.bin")));
        try (var files = Files.list(out)) {
            assertEquals(List.of("part-00000.bin", "part-00001.bin", "part-00002.bin"),
                    files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList());
        }
        assertEquals(24, SparkFeaturizer.read(r.shards().get(0)).numExamples());
        assertEquals(12, SparkFeaturizer.read(r.shards().get(2)).numExamples());

        DataSet spark = r.load();
        DataSet local = localFeatures(g, folder, pre, 8);
        assertArrayEquals(local.getFeatures().shape(), spark.getFeatures().shape());
        assertArrayEquals(new long[] {60, 6, 15, 15}, spark.getFeatures().shape());
        assertArrayEquals(local.getFeatures().dup('c').data().asFloat(), spark.getFeatures().dup('c').data().asFloat(),
                "features bit for bit");
        assertArrayEquals(local.getLabels().dup('c').data().asFloat(), spark.getLabels().dup('c').data().asFloat(), "labels");

        double a = headAccuracy(local);
        assertEquals(a, headAccuracy(spark));
        assertTrue(a >= 0.9, "the colour classes are separable from these features: " + a);
    }

    @Test
    void shardsHoldWholeBatchesInSampleOrder() {
        List<ImageFolder.Sample> s = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            s.add(new ImageFolder.Sample("c/" + i + ".png", i % 3));
        }
        List<SparkFeaturizer.Shard> shards = SparkFeaturizer.shards(s, 4, 2);
        // 6 batches of 4 (the last of 1) over 2 partitions: 3 batches each.
        assertEquals(List.of(12, 9), shards.stream().map(x -> x.paths().size()).toList());
        assertEquals("c/12.png", shards.get(1).paths().get(0));
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2}, shards.get(1).labels());
        assertEquals(List.of(0, 1), shards.stream().map(SparkFeaturizer.Shard::index).toList());
        assertEquals(1, SparkFeaturizer.shards(s, 64, 4).size());
        // 24 samples in 6 whole batches of 4 over 3 partitions: 2 batches each.
        List<ImageFolder.Sample> even = new ArrayList<>(s);
        for (int i = 21; i < 24; i++) {
            even.add(new ImageFolder.Sample("c/" + i + ".png", i % 3));
        }
        assertEquals(List.of(8, 8, 8), SparkFeaturizer.shards(even, 4, 3).stream().map(x -> x.paths().size()).toList());
        assertEquals(21, SparkFeaturizer.shards(s, 1, 100).size());
    }

    @Test
    void badArgumentsNameTheValue(@TempDir Path tmp) {
        ComputationGraph g = network();
        List<ImageFolder.Sample> one = List.of(new ImageFolder.Sample("a/b.png", 0));
        ImagePreprocessing pre = BaseModel.defaultPreprocessing(List.of(3, 32, 32));
        String o = tmp.toString();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SparkFeaturizer.featurize(sc, g, "pool", tmp, one, List.of("a"), pre, 0, 1, o))
                .getMessage().contains("batchSize must be at least 1, got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SparkFeaturizer.featurize(sc, g, "pool", tmp, one, List.of("a"), pre, 1, 0, o))
                .getMessage().contains("partitions must be at least 1, got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SparkFeaturizer.featurize(sc, g, "pool", tmp, List.of(), List.of("a"), pre, 1, 1, o))
                .getMessage().contains("no images"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SparkFeaturizer.featurize(sc, g, "pol", tmp, one, List.of("a"), pre, 1, 1, o))
                .getMessage().contains("boundary 'pol' is not a vertex"));
    }
}
