package org.transfer4j.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.common.Json;
import org.transfer4j.train.Nets;
import org.transfer4j.transfer.BatchNormFolding;
import org.transfer4j.transfer.plan.NetworkLayout;
import org.transfer4j.zoo.PretrainedModels;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.runtime.CpuHelpers;
import org.transfer4j.zoo.runtime.MallocSettings;
import org.transfer4j.zoo.keras.KerasOptions;
import org.transfer4j.zoo.source.HttpModelSource;
import org.transfer4j.zoo.tfjs.TfjsImport;

/**
 * Benchmark main: the workloads of the speed issue in one run, as a user's code meets them: LeNet
 * training (batch 64), ResNet50 training (batch 8), VGG16 forward (batch 1), the real imported Keras
 * graphs of MobileNetV2 (forward as the library's featurizer and predictor run it and as imported, training;
 * batch 8, channels-last as imported) and InceptionV3 (forward, batch 8, 299x299). Training steps go through
 * the library's {@code Nets.fit}. Each: a fresh network, two untimed warm-up iterations, then iterations, each
 * timed, until 10 and 8 seconds are done; the figure is their median. Prints JSON on stdout and a Markdown
 * table on stderr: images/s, ms per iteration, layout, helpers, threads, this JVM's peak resident memory.
 * Run with {@code OMP_NUM_THREADS=1} for the single-thread figures; about 4 minutes on one core. The
 * nsfwjs networks come from the npm package (fetched once with {@code npm pack}, then offline).
 */
public final class WorkloadBenchmark {
    private WorkloadBenchmark() {
    }

    /**
     * One workload. A forward pass runs as the library's featurizer and predictor run it (convolution-normalization
     * groups folded, {@code BatchNormFolding}) unless {@code asImported}: then on the graph as DL4J imported it.
     */
    record Workload(String model, boolean training, int batch, boolean helpers, boolean asImported) {
        Workload(String model, boolean training, int batch, boolean helpers) {
            this(model, training, batch, helpers, false);
        }

        String kind() {
            return training ? "training step" : asImported ? "forward, graph as imported" : "forward";
        }
    }

    /** At least this many timed iterations, and at least 8 seconds of them. */
    static final int MIN_ITERATIONS = 10;

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public static void main(String[] args) throws IOException {
        List<Workload> all = List.of(new Workload("lenet", true, 64, true), new Workload("resnet50", true, 8, true),
                new Workload("vgg16", false, 1, true), new Workload("mobilenetv2", false, 8, true),
                new Workload("mobilenetv2", false, 8, true, true), new Workload("mobilenetv2", true, 8, true),
                new Workload("inceptionv3", false, 8, true));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Workload w : all) {
            if (args.length > 0 && !List.of(args).contains(w.model())) {
                continue;
            }
            rows.add(measure(w));
            System.err.println("[bench] " + rows.get(rows.size() - 1));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "WorkloadBenchmark");
        out.put("threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        out.put("oneDnnAvailable", CpuHelpers.available());
        out.put("mallocSettings", MallocSettings.missing(System.getenv()).isEmpty() ? "tuned (scripts/malloc-env.sh)" : "glibc defaults");
        out.put("rows", rows);
        out.put("peakResidentMiB", Machine.peakResidentMiB());
        System.out.println(Json.write(out));
        StringBuilder md = new StringBuilder("| workload | batch | layout | helpers | ms / iteration | images/s |\n|---|---:|---|---|---:|---:|\n");
        for (Map<String, Object> r : rows) {
            md.append(String.format("| %s %s | %s | %s | %s | %.1f | %.2f |%n", r.get("model"), r.get("kind"), r.get("batch"),
                    r.get("layout"), r.get("helpers"), r.get("msPerIteration"), r.get("imagesPerSecond")));
        }
        System.err.println(md);
    }

    /** One iteration of the workload on {@code net}: a training step on a fixed batch, or a forward pass. */
    static Runnable operation(Workload w, Model net) {
        boolean nhwc = NetworkLayout.isChannelsLast(net);
        int size = w.model().equals("inceptionv3") ? 299 : 224;
        Nd4j.getRandom().setSeed(1);
        INDArray x = w.model().equals("lenet") ? Nd4j.rand(DataType.FLOAT, w.batch(), 784)
                : nhwc ? Nd4j.rand(DataType.FLOAT, w.batch(), size, size, 3) : Nd4j.rand(DataType.FLOAT, w.batch(), 3, size, size);
        long classes = net instanceof ComputationGraph g ? g.getOutputLayer(0).getParam("b").length()
                : ((MultiLayerNetwork) net).getOutputLayer().getParam("b").length();
        INDArray y = Nd4j.zeros(DataType.FLOAT, w.batch(), classes);
        for (int i = 0; i < w.batch(); i++) {
            y.putScalar(i, i % classes, 1f);
        }
        DataSet d = new DataSet(x, y);
        Model inference = w.training() || w.asImported() ? net : BatchNormFolding.forInference(net);
        return () -> {
            if (w.training()) {
                Nets.fit(net, d); // as the library's training loop steps: with its forward cache
            } else if (inference instanceof ComputationGraph g) {
                g.output(false, x);
            } else {
                ((MultiLayerNetwork) inference).output(x, false);
            }
        };
    }

    static Model build(String model) throws IOException {
        Catalogue c = Catalogue.builtIn();
        return switch (model) {
            case "lenet", "resnet50", "vgg16" -> ModelBenchmark.build(model, 1);
            // Imported with a trainable output layer (the file's softmax dense becomes an output layer, same weights).
            case "mobilenetv2", "inceptionv3" -> TfjsImport.load(new PretrainedModels(c, HttpModelSource.defaults(c.baseUri()))
                    .load("nsfwjs." + model).file(), new KerasOptions(false, true));
            default -> throw new IllegalArgumentException("model must be lenet, resnet50, vgg16, mobilenetv2 or inceptionv3, got " + model);
        };
    }

    static Map<String, Object> measure(Workload w) throws IOException {
        CpuHelpers.set(w.helpers());
        Model net = build(w.model());
        boolean nhwc = NetworkLayout.isChannelsLast(net);
        Runnable op = operation(w, net);
        op.run();
        op.run();
        // Each iteration timed on its own; the median is the figure (one slow step, a GC or a neighbour on a
        // shared machine, does not move it), as the peer benchmark's PyTorch side does.
        List<Double> times = new ArrayList<>();
        long start = System.nanoTime();
        while (times.size() < MIN_ITERATIONS || System.nanoTime() - start < 8e9) {
            long t = System.nanoTime();
            op.run();
            times.add((System.nanoTime() - t) / 1e6);
        }
        double ms = median(times);
        int n = times.size();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("model", w.model());
        r.put("kind", w.kind());
        r.put("batch", w.batch());
        r.put("layout", nhwc ? "NHWC" : "NCHW");
        r.put("helpers", w.helpers() ? "on" : "off");
        r.put("iterations", n);
        r.put("msPerIteration", ms);
        r.put("msMin", times.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
        r.put("msMax", times.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        r.put("imagesPerSecond", w.batch() / (ms / 1e3));
        return r;
    }
}
