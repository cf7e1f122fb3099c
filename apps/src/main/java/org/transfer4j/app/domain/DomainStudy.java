package org.transfer4j.app.domain;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.transfer4j.common.Json;
import org.transfer4j.common.Progress;
import org.transfer4j.data.fashion.FashionMnist;
import org.transfer4j.data.fashion.LabelledImages;
import org.transfer4j.data.fashion.ShiftedDomain;
import org.transfer4j.domain.AdaBn;
import org.transfer4j.plan.DomainMethod;
import org.transfer4j.domain.DomainNetworks;
import org.transfer4j.domain.DomainOptions;
import org.transfer4j.domain.DomainTrainer;
import org.transfer4j.report.Provenance;
import org.transfer4j.runtime.ParallelRuns;
import org.transfer4j.train.Evaluation;
import org.transfer4j.train.Rows;
import org.transfer4j.transfer.plan.NetworkTransfer;
import org.transfer4j.zoo.runtime.CpuHelpers;

/**
 * Domain adaptation on shifted Fashion-MNIST: source = Fashion-MNIST (labelled), target = the same garments through
 * each {@link ShiftedDomain.Kind} (training images used without labels, except by the oracle), evaluated on shifted
 * test images. Per seed, source only is trained once and evaluated on every shift, and AdaBN adapts a copy of it to
 * each shift; the oracle, DANN, Deep CORAL and MMD train once per shift. Source and target training images are
 * disjoint (rows 0.. and 30,000.. of the training file).
 */
public final class DomainStudy {
    /** Target images AdaBN reads, in batches of {@link #ADABN_BATCH}. */
    static final int ADABN_IMAGES = 1000;
    static final int ADABN_BATCH = 500;

    private DomainStudy() {
    }

    /** Runs {@code transfer4j domain} with these arguments (the IDE's entry point). */
    public static void main(String[] args) {
        System.exit(org.transfer4j.app.launch.Launcher.execute(new DomainCommand(), args));
    }

    /** One shift's images. */
    private record Shifted(ShiftedDomain.Kind kind, INDArray train, INDArray test) {
    }

    public static DomainReport run(DomainStudyOptions o) throws IOException {
        o.validate();
        CpuHelpers.configure();
        if (o.track.equals("pretrained")) {
            return PretrainedDomainTrack.run(o);
        }
        long start = System.nanoTime();
        FashionMnist data = FashionMnist.locateAndLoad(o.fashionDir);
        Provenance provenance = Provenance.of(data.fingerprint(), null, o,
                org.transfer4j.runtime.Threads.workers(o.parallel, Integer.MAX_VALUE));
        LabelledImages sourceTrain = data.train().select(IntStream.range(0, o.sourceImages).toArray());
        LabelledImages targetTrain = data.train().select(IntStream.range(30000, 30000 + o.targetImages).toArray());
        LabelledImages test = o.dev ? data.train().select(IntStream.range(50000, 50000 + o.testImages).toArray())
                : data.test().limit(o.testImages);
        INDArray sourceX = prepare(sourceTrain.features(), o);
        INDArray sourceY = sourceTrain.oneHotLabels();
        INDArray targetY = targetTrain.oneHotLabels();
        INDArray sourceTestX = prepare(test.features(), o);
        int[] testY = test.labels();
        List<Shifted> shifts = new ArrayList<>();
        for (ShiftedDomain.Kind k : o.shifts) {
            ShiftedDomain s = new ShiftedDomain(k, o.strength(k), o.shiftSeed);
            shifts.add(new Shifted(k, prepare(s.features(targetTrain), o), prepare(s.features(test), o)));
        }
        Files.createDirectories(o.outputDir);
        DomainOptions t = o.training();
        List<Callable<List<DomainReport.Run>>> tasks = new ArrayList<>();
        List<Long> cost = new ArrayList<>();
        boolean sourceRuns = o.methods.contains(DomainMethod.SOURCE_ONLY) || o.methods.contains(DomainMethod.ADABN);
        long trainings = o.seeds.size() * ((sourceRuns ? 1 : 0) + (long) shifts.size()
                * o.methods.stream().filter(m -> m.adapts() || m == DomainMethod.ORACLE).count());
        try (Progress progress = Progress.console("domain", o.progress, trainings * t.steps())) {
            for (long seed : o.seeds) {
                if (sourceRuns) {
                    tasks.add(() -> sourceOnly(o, t, seed, sourceX, sourceY, sourceTestX, testY, shifts, progress));
                    cost.add(1L);
                }
                for (Shifted s : shifts) {
                    for (DomainMethod m : o.methods) {
                        if (!m.adapts() && m != DomainMethod.ORACLE) {
                            continue;
                        }
                        DomainOptions mt = o.training(m);
                        tasks.add(() -> {
                            progress.phase(m.label() + " " + s.kind() + " seed " + seed);
                            long t0 = System.nanoTime();
                            DomainTrainer.Data d = new DomainTrainer.Data(sourceX, sourceY, s.train(), targetY);
                            ComputationGraph g = DomainNetworks.attach(studyCnn(10, mt.updater(), seed),
                                    m == DomainMethod.DANN ? o.dannAt : DomainNetworks.FEATURES,
                                    DomainNetworks.LOGITS, m, mt, sourceX.getRow(0, true));
                            DomainTrainer.train(g, m, d, mt, seed, progress);
                            if (m.adapts() && mt.adaBnAfter()) {
                                AdaBn.adapt(g, batches(s.train()));
                            }
                            double target = accuracy(g, s.test(), testY);
                            double source = accuracy(g, sourceTestX, testY);
                            progress.log(String.format("%s %s seed %d: target accuracy %.4f, source accuracy %.4f", m.label(),
                                    s.kind(), seed, target, source));
                            g = null;
                            // ND4J keeps arrays in native memory that only the Java collector frees (their Java objects
                            // are small), and a training loop makes little Java garbage, so the collector seldom runs:
                            // the study's JVM grew past 23 GB on a 24 GiB machine and thrashed before this. ND4J's own
                            // periodic collection (MemoryManager.togglePeriodicGc) made the runs twice as slow.
                            System.gc();
                            return List.of(new DomainReport.Run(s.kind().name(), m, seed, target, source,
                                    (System.nanoTime() - t0) / 1e9));
                        });
                        cost.add(m.adapts() ? 2L : 1L);
                    }
                }
            }
            List<DomainReport.Run> runs = ParallelRuns.run(tasks, cost.stream().mapToLong(Long::longValue).toArray(), o.parallel)
                    .stream().flatMap(List::stream).toList();
            DomainReport r = report(o, data.fingerprint(), "cnn", runs, start, provenance);
            DomainReportWriter.writeAll(r, o.outputDir);
            return r;
        }
    }

    /** The report of a track's runs: cells, the shifts' verdicts, the options as run. */
    static DomainReport report(DomainStudyOptions o, String dataFingerprint, String track, List<DomainReport.Run> runs,
                               long start, Provenance provenance) {
        List<DomainReport.Cell> cells = DomainReport.cells(runs);
        Map<String, String> descriptions = new LinkedHashMap<>();
        o.shifts.forEach(k -> descriptions.put(k.name(), k.label()));
        @SuppressWarnings("unchecked")
        Map<String, Object> options = new LinkedHashMap<>(Json.MAPPER.convertValue(o, Map.class));
        options.put("data", "fashion-mnist sha256:" + dataFingerprint);
        List<DomainReport.Shift> shifts = DomainReport.shifts(cells, descriptions);
        return new DomainReport(options, track, o.dev ? "dev" : "test", runs, cells, shifts, DomainReport.bar(cells, shifts),
                (System.nanoTime() - start) / 1e9, provenance);
    }

    /** Source only for one seed, evaluated on every shift, and AdaBN from it on every shift. */
    private static List<DomainReport.Run> sourceOnly(DomainStudyOptions o, DomainOptions t, long seed, INDArray sourceX,
                                                     INDArray sourceY, INDArray sourceTestX, int[] testY, List<Shifted> shifts,
                                                     Progress progress) {
        progress.phase("source only seed " + seed);
        long t0 = System.nanoTime();
        ComputationGraph g = studyCnn(10, t.updater(), seed);
        DomainTrainer.train(g, DomainMethod.SOURCE_ONLY, new DomainTrainer.Data(sourceX, sourceY, sourceX, sourceY), t, seed,
                progress);
        double clean = accuracy(g, sourceTestX, testY);
        double trained = (System.nanoTime() - t0) / 1e9;
        List<DomainReport.Run> out = new ArrayList<>();
        for (Shifted s : shifts) {
            if (o.methods.contains(DomainMethod.SOURCE_ONLY)) {
                out.add(new DomainReport.Run(s.kind().name(), DomainMethod.SOURCE_ONLY, seed, accuracy(g, s.test(), testY), clean,
                        trained));
            }
            if (o.methods.contains(DomainMethod.ADABN)) {
                long a0 = System.nanoTime();
                ComputationGraph a = g.clone();
                AdaBn.adapt(a, batches(s.train()));
                double target = accuracy(a, s.test(), testY);
                out.add(new DomainReport.Run(s.kind().name(), DomainMethod.ADABN, seed, target, accuracy(a, sourceTestX, testY),
                        trained + (System.nanoTime() - a0) / 1e9));
                progress.log(String.format("AdaBN %s seed %d: target accuracy %.4f", s.kind(), seed, target));
            }
        }
        progress.log(String.format("source only seed %d: source accuracy %.4f", seed, clean));
        return out;
    }

    /** The first {@value #ADABN_IMAGES} target training images, in batches: what AdaBN reads. */
    static java.util.Iterator<INDArray> batches(INDArray x) {
        int n = (int) Math.min(ADABN_IMAGES, x.size(0));
        return IntStream.range(0, (n + ADABN_BATCH - 1) / ADABN_BATCH)
                .mapToObj(i -> Rows.pull(x, IntStream.range(i * ADABN_BATCH, Math.min(n, (i + 1) * ADABN_BATCH)).toArray()))
                .iterator();
    }

    private static double accuracy(ComputationGraph g, INDArray x, int[] y) {
        return Evaluation.ofArrays(b -> g.output(false, b)[0], x, y, 10, 1000).accuracy();
    }

    /** Each image standardised by its own mean and standard deviation when the options say so. */
    static INDArray prepare(INDArray x, DomainStudyOptions o) {
        if (!o.standardise) {
            return x;
        }
        INDArray mean = x.mean(1).reshape(x.size(0), 1);
        INDArray sd = x.std(false, 1).reshape(x.size(0), 1).addi(1e-3);
        return x.subColumnVector(mean).diviColumnVector(sd);
    }

    /**
     * The study's CNN for 28 x 28 grey images (flat input): conv 5x5x32, BatchNorm, ReLU, max-pool, conv 5x5x48,
     * BatchNorm, ReLU, max-pool, dense 128 ({@link DomainNetworks#FEATURES}), the logits ({@link DomainNetworks#LOGITS})
     * and a softmax head: the MNIST network of the DANN paper with a wider feature layer and BatchNorm, which every
     * anchor's digit network has.
     */
    public static ComputationGraph studyCnn(int numClasses, IUpdater updater, long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(updater)
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in").setInputTypes(InputType.convolutionalFlat(28, 28, 1))
                .addLayer("conv1", new ConvolutionLayer.Builder(5, 5).nOut(32).activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn1", new BatchNormalization.Builder().build(), "conv1")
                .addLayer("relu1", new ActivationLayer(Activation.RELU), "bn1")
                .addLayer("pool1", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "relu1")
                .addLayer("conv2", new ConvolutionLayer.Builder(5, 5).nOut(48).activation(Activation.IDENTITY).build(), "pool1")
                .addLayer("bn2", new BatchNormalization.Builder().build(), "conv2")
                .addLayer("relu2", new ActivationLayer(Activation.RELU), "bn2")
                .addLayer("pool2", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "relu2")
                .addLayer(DomainNetworks.FEATURES, new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build(), "pool2")
                .addLayer(DomainNetworks.LOGITS, new DenseLayer.Builder().nOut(numClasses).activation(Activation.IDENTITY).build(),
                        DomainNetworks.FEATURES)
                .addLayer(NetworkTransfer.HEAD_OUTPUT, DomainNetworks.softmaxLoss(), DomainNetworks.LOGITS)
                .setOutputs(NetworkTransfer.HEAD_OUTPUT).build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }
}
