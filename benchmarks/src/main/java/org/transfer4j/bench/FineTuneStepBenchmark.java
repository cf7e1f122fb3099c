package org.transfer4j.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.transfer4j.common.Json;
import org.transfer4j.data.fashion.FashionMnist;
import org.transfer4j.zoo.runtime.CpuHelpers;
import org.transfer4j.zoo.Architectures;
import org.transfer4j.zoo.catalogue.Catalogue;

/**
 * Benchmark main: does a training step cost more when the network starts from pretrained weights than
 * from a fresh initialisation? (Subnormal floats, which appear in gradients and Adam's state as a
 * pretrained network's errors become tiny, make every op that touches them many times slower.)
 *
 * <p>The study's LeNet is pretrained on Fashion-MNIST classes 0-4, then trained on classes 5-9 (1,000
 * images each, the study's K = 1000) twice per round: from those weights (fine-tuning, every layer
 * trained) and from a fresh initialisation (scratch), same configuration, same batches, same fresh Adam;
 * the only difference is the starting weights. Rounds alternate the two so that machine noise hits both.
 * Prints JSON (and a Markdown table on stderr): ms per step per run and window, the fine-tune / scratch
 * ratio, subnormal counts in parameters, gradients and updater state, peak resident memory.
 * Run with {@code OMP_NUM_THREADS=1}; args: [steps per run, default 790] [pretraining steps, default 600]
 * [a pretrained StudyLeNet zip to use instead, e.g. the study's {@code source-model/lenet-source.zip}].
 */
public final class FineTuneStepBenchmark {
    private FineTuneStepBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 790;
        int pretrainSteps = args.length > 1 ? Integer.parseInt(args[1]) : 600;
        boolean helpers = CpuHelpers.configure();
        FashionMnist fm = FashionMnist.locateAndLoad(null);
        DataSet source = fm.train().withClasses(0, 1, 2, 3, 4).toDataSet();
        DataSet target = fm.train().withClasses(5, 6, 7, 8, 9).limit(5000).toDataSet();
        Catalogue catalogue = Catalogue.builtIn();
        MultiLayerNetwork pretrained;
        if (args.length > 2) {
            // The study's own source model (transfer4j-out/study/source-model/lenet-source.zip), pretrained for its epochs.
            pretrained = org.deeplearning4j.util.ModelSerializer.restoreMultiLayerNetwork(new java.io.File(args[2]), false);
        } else {
            pretrained = (MultiLayerNetwork) Architectures.build(catalogue.architecture("StudyLeNet"), 5, 1);
            train(pretrained, source, pretrainSteps, new ArrayList<>());
        }
        INDArray weights = pretrained.params().dup();

        // Warm-up (JIT, oneDNN primitive caches), not reported.
        train((MultiLayerNetwork) Architectures.build(catalogue.architecture("StudyLeNet"), 5, 3), target, 100, new ArrayList<>());
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (String mode : List.of("scratch", "fine-tune")) {
                MultiLayerNetwork net = (MultiLayerNetwork) Architectures.build(catalogue.architecture("StudyLeNet"), 5, 2);
                if (mode.equals("fine-tune")) {
                    net.setParams(weights.dup());
                }
                List<Double> windows = new ArrayList<>();
                double ms = train(net, target, steps, windows);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("mode", mode);
                r.put("round", round + 1);
                r.put("msPerStep", ms);
                r.put("msPerStepByWindowOf100", windows);
                r.put("subnormalParams", Subnormals.count(net.params()));
                r.put("subnormalGradients", net.gradient() == null ? 0 : Subnormals.count(net.gradient().gradient()));
                r.put("subnormalUpdaterState", Subnormals.count(net.getUpdater().getStateViewArray()));
                r.put("updaterStateValues", net.getUpdater().getStateViewArray().length());
                runs.add(r);
            }
        }
        double scratch = mean(runs, "scratch");
        double fineTune = mean(runs, "fine-tune");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "FineTuneStepBenchmark");
        out.put("network", "StudyLeNet, batch 64, Adam from the catalogue configuration");
        out.put("stepsPerRun", steps);
        out.put("pretrained", args.length > 2 ? args[2] : pretrainSteps + " steps on classes 0-4 in this run");
        out.put("threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        out.put("layout", "NCHW");
        out.put("oneDnnHelpers", helpers);
        out.put("runs", runs);
        out.put("scratchMsPerStep", scratch);
        out.put("fineTuneMsPerStep", fineTune);
        out.put("fineTuneOverScratch", fineTune / scratch);
        out.put("peakResidentMiB", Machine.peakResidentMiB());
        System.out.println(Json.write(out));
        StringBuilder md = new StringBuilder("| run | mode | ms/step | subnormal params | subnormal gradients | subnormal Adam state |\n"
                + "|---:|---|---:|---:|---:|---:|\n");
        for (Map<String, Object> r : runs) {
            md.append(String.format("| %s | %s | %.2f | %s | %s | %s of %s |%n", r.get("round"), r.get("mode"), r.get("msPerStep"),
                    r.get("subnormalParams"), r.get("subnormalGradients"), r.get("subnormalUpdaterState"), r.get("updaterStateValues")));
        }
        md.append(String.format("%nfine-tune / scratch step time: %.3f%n", fineTune / scratch));
        System.err.println(md);
    }

    /** {@code steps} steps of 64 in data order (wrapping); returns ms per step, fills ms per step by window of 100. */
    static double train(MultiLayerNetwork net, DataSet data, int steps, List<Double> windows) {
        int n = data.numExamples() / 64 * 64;
        long start = System.nanoTime();
        long window = start;
        for (int s = 0; s < steps; s++) {
            int from = (s * 64) % n;
            net.fit((DataSet) data.getRange(from, from + 64));
            if ((s + 1) % 100 == 0) {
                long now = System.nanoTime();
                windows.add((now - window) / 1e6 / 100);
                window = now;
            }
        }
        return (System.nanoTime() - start) / 1e6 / steps;
    }

    private static double mean(List<Map<String, Object>> runs, String mode) {
        return runs.stream().filter(r -> r.get("mode").equals(mode)).mapToDouble(r -> (Double) r.get("msPerStep")).average().orElseThrow();
    }
}
