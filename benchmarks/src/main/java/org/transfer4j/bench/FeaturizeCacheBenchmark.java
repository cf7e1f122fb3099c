package org.transfer4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.common.Json;
import org.transfer4j.plan.BatchNormPolicy;
import org.transfer4j.plan.Head;
import org.transfer4j.plan.Optimizer;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TransferPlan;
import org.transfer4j.plan.VertexNames;
import org.transfer4j.train.ArrayData;
import org.transfer4j.train.FeaturizeCache;
import org.transfer4j.train.TrainingData;
import org.transfer4j.train.TrainingTarget;
import org.transfer4j.transfer.plan.BatchNormCalibration;
import org.transfer4j.transfer.plan.NetworkTransfer;
import org.transfer4j.zoo.Architectures;
import org.transfer4j.zoo.catalogue.Architecture;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.runtime.CpuHelpers;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Epoch time of feature extraction on ResNet50 with and without the featurize cache, in one run:
 * without it every epoch runs the frozen backbone forward for every image; with it the first epoch
 * computes and stores the activations and later epochs train the head on them. Each variant's network
 * gets one untimed warm-up step first. Prints JSON, with the first cached epoch's cost over an uncached
 * epoch's.
 * {@code java -cp benchmarks.jar org.transfer4j.bench.FeaturizeCacheBenchmark [--images N] [--epochs E]}.
 */
public final class FeaturizeCacheBenchmark {
    /** Options; defaults run in about two minutes on one core. */
    static final class Options {
        @Option(names = "--images", description = "Training images (default: ${DEFAULT-VALUE}).")
        int images = 64;
        @Option(names = "--epochs", description = "Epochs per variant, >= 2 (default: ${DEFAULT-VALUE}).")
        int epochs = 3;
        @Option(names = "--batch", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
        int batch = 16;
    }

    /** One variant's epoch times in seconds. */
    public record Variant(String name, List<Double> epochSeconds) {
    }

    /** What the benchmark prints. */
    public record Result(String model, int images, int batch, Variant withoutCache, Variant withCache,
                         double cacheHitLoadSeconds, double speedupAfterFirstEpoch, double firstCachedEpochOverUncachedEpoch,
                         Machine machine) {
    }

    private FeaturizeCacheBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options o = new Options();
        new CommandLine(o).parseArgs(args);
        System.out.println(Json.write(run(o.images, o.epochs, o.batch)));
    }

    public static Result run(int images, int epochs, int batch) throws Exception {
        if (epochs < 2) {
            throw new IllegalArgumentException("--epochs must be >= 2 to have epochs after the first, got " + epochs);
        }
        CpuHelpers.configure();
        Architecture a = Catalogue.builtIn().architecture("ResNet50");
        ComputationGraph base = (ComputationGraph) Architectures.build(a, 1);
        Nd4j.getRandom().setSeed(1);
        BatchNormCalibration.calibrate(base, Nd4j.rand(DataType.FLOAT, 8, 3, 224, 224));
        TransferPlan plan = new TransferPlan(new Head(5, 0, 0), new Strategy.FeatureExtraction(null),
                BatchNormPolicy.AUTO, new Optimizer(1e-3, 0, 1));
        INDArray x = Nd4j.rand(DataType.FLOAT, images, 3, 224, 224);
        INDArray y = Nd4j.zeros(DataType.FLOAT, images, 5);
        for (int i = 0; i < images; i++) {
            y.putScalar(i, i % 5, 1f);
        }
        Map<TrainingData.Split, DataSet> splits = new EnumMap<>(TrainingData.Split.class);
        splits.put(TrainingData.Split.TRAIN, new DataSet(x, y));
        splits.put(TrainingData.Split.VALIDATION, new DataSet(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)),
                y.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1))));
        ArrayData raw = new ArrayData(List.of("a", "b", "c", "d", "e"), splits, "random-" + images);

        TrainingTarget whole = new TrainingTarget.Whole(NetworkTransfer.apply(base, VertexNames.of(a), plan));
        DataSet warmUp = (DataSet) splits.get(TrainingData.Split.TRAIN).getRange(0, Math.min(batch, images));
        whole.fit(warmUp); // JIT and oneDNN primitives for this network, not timed (both variants get one)
        List<Double> without = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            without.add(epoch(whole, raw, e, batch));
            System.err.printf("[bench] without cache, epoch %d: %.2f s%n", e + 1, without.get(e));
        }

        Path cacheDir = Files.createTempDirectory("featurize-bench");
        try {
            FeaturizeCache cache = new FeaturizeCache(cacheDir);
            TrainingTarget.GraphTop top = new TrainingTarget.GraphTop((ComputationGraph) NetworkTransfer.apply(base, VertexNames.of(a), plan));
            top.fit(top.featurize(warmUp)); // the same untimed warm-up step
            List<Double> with = new ArrayList<>();
            long t0 = System.nanoTime();
            FeaturizeCache.Result miss = cache.get("bench", raw, batch, top::featurize);
            double featurizeSeconds = (System.nanoTime() - t0) / 1e9;
            for (int e = 0; e < epochs; e++) {
                double s = epoch(top, miss.data(), e, batch) + (e == 0 ? featurizeSeconds : 0);
                with.add(s);
                System.err.printf("[bench] with cache, epoch %d: %.3f s%n", e + 1, s);
            }
            FeaturizeCache.Result hit = cache.get("bench", raw, batch, top::featurize);
            if (!hit.hit()) {
                throw new IllegalStateException("the second read of the same key missed the cache");
            }
            double later = without.subList(1, epochs).stream().mapToDouble(Double::doubleValue).average().orElseThrow()
                    / with.subList(1, epochs).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double firstEpochOverUncached = with.get(0)
                    / without.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            return new Result("ResNet50 (init weights, BatchNorm calibrated), frozen through avgpool", images, batch,
                    new Variant("without cache", without), new Variant("with cache", with), hit.seconds(), later,
                    firstEpochOverUncached, Machine.detect(null));
        } finally {
            try (var s = Files.walk(cacheDir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double epoch(TrainingTarget t, TrainingData data, int epoch, int batch) {
        long t0 = System.nanoTime();
        Iterator<DataSet> it = data.trainBatches(epoch, batch, 1);
        while (it.hasNext()) {
            t.fit(it.next());
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
