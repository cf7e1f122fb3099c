package org.transfer4j.app.domain;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.transfer4j.report.Provenance;
import org.transfer4j.common.Json;
import org.transfer4j.data.fashion.FashionMnist;
import org.transfer4j.data.fashion.LabelledImages;
import org.transfer4j.data.fashion.ShiftedDomain;
import org.transfer4j.zoo.runtime.CpuHelpers;
import org.transfer4j.runtime.ParallelRuns;
import org.transfer4j.common.Progress;
import org.transfer4j.domain.DomainMethod;
import org.transfer4j.domain.DomainNetworks;
import org.transfer4j.domain.DomainOptions;
import org.transfer4j.domain.DomainTrainer;
import org.transfer4j.train.Evaluation;
import org.transfer4j.transfer.plan.NetworkTransfer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;


/**
 * Domain adaptation on a shifted Fashion-MNIST: source = Fashion-MNIST (labelled), target = the same
 * garments through {@link ShiftedDomain} (training images used without labels, except by the oracle),
 * evaluated on shifted test images. Source only, DANN, Deep CORAL, MMD and the target oracle, each with
 * every seed; reports target accuracy and the share of the source-only to oracle gap each method
 * recovers. Source and target training images are disjoint halves of the training file.
 */
public final class DomainStudy {
    private DomainStudy() {
    }

    /** Runs {@code transfer4j domain} with these arguments (the IDE's entry point). */
    public static void main(String[] args) {
        System.exit(org.transfer4j.app.launch.Launcher.execute(new DomainCommand(), args));
    }

    public static DomainReport run(DomainStudyOptions o) throws IOException {
        o.validate();
        CpuHelpers.configure();
        long start = System.nanoTime();
        FashionMnist data = FashionMnist.locateAndLoad(o.fashionDir);
        Provenance provenance = Provenance.of(data.fingerprint(), null, o,
                org.transfer4j.runtime.Threads.workers(o.parallel, Integer.MAX_VALUE));
        LabelledImages sourceTrain = data.train().select(IntStream.range(0, o.sourceImages).toArray());
        LabelledImages targetTrain = data.train().select(IntStream.range(30000, 30000 + o.targetImages).toArray());
        LabelledImages test = data.test().limit(o.testImages);
        ShiftedDomain shift = new ShiftedDomain(o.shiftSeed);
        DomainTrainer.Data d = new DomainTrainer.Data(sourceTrain.features(), sourceTrain.oneHotLabels(),
                shift.features(targetTrain), targetTrain.oneHotLabels());
        INDArray targetTestX = shift.features(test);
        INDArray sourceTestX = test.features();
        int[] testY = test.labels();
        Files.createDirectories(o.outputDir);
        DomainOptions t = o.training();
        List<Callable<DomainReport.Run>> tasks = new ArrayList<>();
        List<long[]> keys = new ArrayList<>();
        try (Progress progress = Progress.console("domain", o.progress, (long) t.steps() * o.methods.size() * o.seeds.size())) {
            for (long seed : o.seeds) {
                for (DomainMethod m : o.methods) {
                    keys.add(new long[] {m.ordinal(), seed});
                    tasks.add(() -> {
                        progress.phase(m.label() + " seed " + seed);
                        long t0 = System.nanoTime();
                        ComputationGraph g = DomainNetworks.attach(studyCnn(10, t.learningRate(), seed),
                                DomainNetworks.FEATURES, m, t, d.sourceX().getRow(0, true));
                        DomainTrainer.train(g, m, d, t, seed, progress);
                        double target = Evaluation.ofArrays(x -> g.output(false, x)[0], targetTestX, testY, 10, 1000).accuracy();
                        double source = Evaluation.ofArrays(x -> g.output(false, x)[0], sourceTestX, testY, 10, 1000).accuracy();
                        progress.log(String.format("%s seed %d: target accuracy %.4f, source accuracy %.4f", m.label(), seed,
                                target, source));
                        return new DomainReport.Run(m, seed, target, source, (System.nanoTime() - t0) / 1e9);
                    });
                }
            }
            long[] cost = keys.stream().mapToLong(k -> DomainMethod.values()[(int) k[0]].adapts() ? 2 : 1).toArray();
            List<DomainReport.Run> runs = ParallelRuns.run(tasks, cost, o.parallel);
            List<DomainReport.Cell> cells = DomainReport.cells(runs);
            @SuppressWarnings("unchecked")
            Map<String, Object> options = new LinkedHashMap<>(Json.MAPPER.convertValue(o, Map.class));
            options.put("data", "fashion-mnist sha256:" + data.fingerprint());
            DomainReport r = new DomainReport(options, runs, cells, DomainReport.gap(cells), (System.nanoTime() - start) / 1e9, provenance);
            DomainReportWriter.writeAll(r, o.outputDir);
            return r;
        }
    }

    /**
     * The study's CNN for 28 x 28 grey images (flat input): conv 5x5x32, max-pool, conv 5x5x48, max-pool,
     * dense 128 ({@value #DomainNetworks.FEATURES}), softmax head: the MNIST architecture of the DANN paper with a wider
     * feature layer.
     */
    public static ComputationGraph studyCnn(int numClasses, double learningRate, long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(learningRate))
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in").setInputTypes(InputType.convolutionalFlat(28, 28, 1))
                .addLayer("conv1", new ConvolutionLayer.Builder(5, 5).nOut(32).activation(Activation.RELU).build(), "in")
                .addLayer("pool1", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "conv1")
                .addLayer("conv2", new ConvolutionLayer.Builder(5, 5).nOut(48).activation(Activation.RELU).build(), "pool1")
                .addLayer("pool2", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "conv2")
                .addLayer(DomainNetworks.FEATURES, new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build(), "pool2")
                .addLayer(NetworkTransfer.HEAD_OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(numClasses)
                        .activation(Activation.SOFTMAX).build(), DomainNetworks.FEATURES)
                .setOutputs(NetworkTransfer.HEAD_OUTPUT).build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

}
