package org.transfer4j.app.domain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.transfer4j.api.Fit;
import org.transfer4j.api.Transfer;
import org.transfer4j.api.TransferResult;
import org.transfer4j.common.Progress;
import org.transfer4j.data.fashion.FashionMnist;
import org.transfer4j.data.fashion.FashionPngs;
import org.transfer4j.data.fashion.LabelledImages;
import org.transfer4j.data.fashion.ShiftedDomain;
import org.transfer4j.plan.DomainMethod;
import org.transfer4j.plan.Adaptation;
import org.transfer4j.plan.Base;
import org.transfer4j.plan.TaskData;
import org.transfer4j.report.Provenance;

/**
 * The pretrained track of the domain study, a client of the typed API only: Fashion-MNIST written as PNG folders
 * (labelled source, and per shift unlabelled target images, the same images labelled for the oracle, and labelled
 * target test images; the clean test images for source accuracy), then one {@code Transfer.adapt(...).fit(...)} per
 * method and seed on nsfwjs' MobileNetV2 at 96 x 96. Source only trains once per seed and is evaluated on every
 * shift; AdaBN recomputes the backbone's BatchNorm statistics on each shift's unlabelled images.
 */
public final class PretrainedDomainTrack {
    public static final String BASE = "nsfwjs.mobilenetv2";
    static final int SIZE = 96;

    private PretrainedDomainTrack() {
    }

    public static DomainReport run(DomainStudyOptions o) throws IOException {
        long start = System.nanoTime();
        FashionMnist data = FashionMnist.locateAndLoad(o.fashionDir);
        Provenance provenance = Provenance.of(data.fingerprint(), BASE, o, 1);
        // Named by what they hold, so that other settings never read stale images.
        Path root = o.outputDir.resolve("pretrained-data").resolve(o.pretrainedImages + "-" + o.pretrainedTestImages
                + (o.dev ? "-dev" : "-test"));
        LabelledImages source = data.train().select(IntStream.range(0, o.pretrainedImages).toArray());
        LabelledImages target = data.train().select(IntStream.range(30000, 30000 + o.pretrainedImages).toArray());
        LabelledImages test = o.dev ? data.train().select(IntStream.range(50000, 50000 + o.pretrainedTestImages).toArray())
                : data.test().limit(o.pretrainedTestImages);
        Path sourceDir = folder(root.resolve("source"), source.features(), source.labels());
        Path cleanTest = folder(root.resolve("clean-test"), test.features(), test.labels());
        Map<String, Path[]> shifted = new LinkedHashMap<>();
        for (ShiftedDomain.Kind k : o.shifts) {
            ShiftedDomain s = new ShiftedDomain(k, o.strength(k), o.shiftSeed);
            Path d = root.resolve(k.name().toLowerCase(java.util.Locale.ROOT) + "-" + o.strength(k) + "-seed" + o.shiftSeed);
            var tx = s.features(target);
            shifted.put(k.name(), new Path[] {folder(d.resolve("unlabelled"), tx, null),
                    folder(d.resolve("labelled"), tx, target.labels()), folder(d.resolve("test"), s.features(test), test.labels())});
        }
        List<DomainReport.Run> runs = new ArrayList<>();
        long total = (long) o.seeds.size() * shifted.size() * o.methods.size();
        try (Progress progress = Progress.console("domain-pretrained", o.progress, total)) {
            for (long seed : o.seeds) {
                TransferResult sourceOnly = null;
                double sourceSeconds = 0;
                for (var e : shifted.entrySet()) {
                    Path[] d = e.getValue();
                    for (DomainMethod m : o.methods) {
                        progress.phase(m.label() + " " + e.getKey() + " seed " + seed);
                        long t0 = System.nanoTime();
                        TransferResult r;
                        if (m == DomainMethod.SOURCE_ONLY && sourceOnly != null) {
                            r = sourceOnly; // the same network for every shift: trained once per seed
                        } else {
                            Adaptation a = Adaptation.to(d[0]).method(m == DomainMethod.ORACLE ? DomainMethod.SOURCE_ONLY : m)
                                    .entropy(m == DomainMethod.DANN ? o.dannEntropy : m.adapts() ? o.entropyWeight : 0).adaBn(m == DomainMethod.ADABN || (m.adapts() && o.adaBn));
                            r = transfer(seed, o).adapt(a).fit(TaskData.folder(m == DomainMethod.ORACLE ? d[1] : sourceDir),
                                    Fit.epochs(o.pretrainedEpochs).progressBar(false));
                            if (m == DomainMethod.SOURCE_ONLY) {
                                sourceOnly = r;
                                sourceSeconds = (System.nanoTime() - t0) / 1e9;
                            }
                        }
                        double targetAcc = r.predictor().evaluate(d[2]).accuracy();
                        double sourceAcc = r.predictor().evaluate(cleanTest).accuracy();
                        double seconds = m == DomainMethod.SOURCE_ONLY ? sourceSeconds : (System.nanoTime() - t0) / 1e9;
                        progress.log(String.format("%s %s seed %d: target accuracy %.4f, source accuracy %.4f", m.label(),
                                e.getKey(), seed, targetAcc, sourceAcc));
                        runs.add(new DomainReport.Run(e.getKey(), m, seed, targetAcc, sourceAcc, seconds));
                        // Every run loads the base and reads hundreds of images into native arrays that are freed only
                        // when their Java objects are collected; on a heap this quiet that is rarely, and a run of the
                        // track grew past 20 GB before this. A collection per run costs well under a second.
                        org.nd4j.linalg.factory.Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
                        System.gc();
                        progress.step();
                    }
                }
            }
        }
        DomainReport r = DomainStudy.report(o, data.fingerprint(), "pretrained", runs, start, provenance);
        Path out = o.outputDir.resolve("pretrained");
        Files.createDirectories(out);
        DomainReportWriter.writeAll(r, out);
        return r;
    }

    private static Transfer transfer(long seed, DomainStudyOptions o) {
        return Transfer.from(Base.catalogue(BASE)).inputSize(SIZE).seed(seed).learningRate(o.learningRate);
    }

    /** The images as PNG files, unless an earlier run wrote them (a marker file says it finished). */
    private static Path folder(Path dir, org.nd4j.linalg.api.ndarray.INDArray x, int[] labels) throws IOException {
        Path done = dir.resolve(".complete");
        if (!Files.exists(done)) {
            FashionPngs.write(dir, x, labels);
            Files.writeString(done, x.size(0) + " images\n");
        }
        return dir;
    }
}
