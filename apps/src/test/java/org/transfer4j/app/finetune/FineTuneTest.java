package org.transfer4j.app.finetune;

import org.transfer4j.common.CacheRootProperty;
import org.transfer4j.common.Json;
import org.transfer4j.data.image.PreprocessingRecord;
import org.transfer4j.report.ModelExport;
import org.transfer4j.report.TrainingReport;
import org.transfer4j.report.TrainingReportWriter;
import org.transfer4j.plan.Base;
import org.transfer4j.plan.Head;
import org.transfer4j.plan.Optimizer;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TrainingListener;
import org.transfer4j.plan.TransferPlan;
import org.transfer4j.plan.VertexNames;
import org.transfer4j.transfer.plan.NetworkTransfer;
import org.transfer4j.zoo.Architectures;
import org.transfer4j.zoo.catalogue.Architecture;
import org.transfer4j.zoo.catalogue.Catalogue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fine-tuning run end to end on the study's LeNet (init() weights) and a small Fashion-MNIST
 * target task: the gradual schedule, early stopping with the best epoch restored, the export and its
 * manifest, the featurize cache, and a crash in the middle of an epoch resumed to the same parameters.
 */
class FineTuneTest {
    @TempDir
    Path tmp;

    FineTuneOptions options(String out) {
        FineTuneOptions o = new FineTuneOptions();
        o.base = "architecture:StudyLeNet";
        o.k = 40;
        o.validationPerClass = 20;
        o.testLimit = 500;
        o.batchSize = 25;
        o.learningRate = 3e-3;
        o.outputDir = tmp.resolve(out);
        o.progress = false;
        return o;
    }

    @Test
    void gradualUnfreezingChangesTheTrainableSetAtTheScheduledEpochsOnly() throws Exception {
        FineTuneOptions o = options("gradual");
        o.strategy = "gradual";
        o.headEpochs = 2;
        o.everyEpochs = 2;
        o.blocks = 2;
        o.maxEpochs = 6;
        o.patience = 6;
        Map<Integer, Set<String>> byEpoch = new TreeMap<>();
        FineTune.run(o, TrainingListener.onEpochs(e -> byEpoch.put(e.epoch(), new TreeSet<>(e.trainedLayers())) == null));
        Set<String> head = Set.of(NetworkTransfer.HEAD_OUTPUT);
        Set<String> one = Set.of("dense", NetworkTransfer.HEAD_OUTPUT);
        Set<String> two = Set.of("conv2", "dense", NetworkTransfer.HEAD_OUTPUT);
        assertEquals(Map.of(1, head, 2, head, 3, one, 4, one, 5, two, 6, two), byEpoch);
    }

    @Test
    void discriminativeRatesOnAMultiLayerNetworkEqualThePlans() {
        Architecture a = Catalogue.builtIn().architecture("StudyLeNet");
        Model net = NetworkTransfer.apply(Architectures.build(a, 1), VertexNames.of(a), new TransferPlan(
                new Head(5, 0, 0), new Strategy.LastBlocks(2, 0.1, 0.5),
                org.transfer4j.plan.BatchNormPolicy.REQUIRE_FROZEN, new Optimizer(1e-2, 0, 1)));
        assertEquals(1e-2, NetworkTransfer.learningRate(net, NetworkTransfer.HEAD_OUTPUT), 1e-12);
        assertEquals(1e-3, NetworkTransfer.learningRate(net, "dense"), 1e-12, "top block: head rate x factor");
        assertEquals(5e-4, NetworkTransfer.learningRate(net, "conv2"), 1e-12, "one block down: x decay");
        assertNull(NetworkTransfer.learningRate(net, "conv1"), "frozen");
        assertTrue(NetworkTransfer.isFrozen(net, "conv1"));
    }

    @Test
    void earlyStoppingRestoresAndExportsTheBestEpoch() throws Exception {
        FineTuneOptions o = options("early");
        o.strategy = "fine-tune";
        o.learningRate = 5e-2; // far too high: validation accuracy peaks early, then early stopping ends the run
        o.maxEpochs = 30;
        o.patience = 2;
        TrainingReport r = FineTune.run(o);
        org.transfer4j.app.report.ReportContract.check(r, o.outputDir);
        assertTrue(r.history().size() < 30, "stopped early after " + r.history().size() + " epochs");
        assertTrue(r.stopReason().contains("patience 2"), r.stopReason());
        assertEquals(r.history().size() - 2, r.bestEpoch(), "the last improvement was two epochs before the stop");
        double best = r.history().get(r.bestEpoch() - 1).validationAccuracy();
        assertEquals(best, r.validation().accuracy(), 1e-12, "the report evaluates the restored best network");
        assertEquals(best, r.history().stream().mapToDouble(e -> e.validationAccuracy()).max().orElseThrow(), 1e-12);

        Path zip = o.outputDir.resolve("model").resolve(ModelExport.MODEL);
        MultiLayerNetwork exported = ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), false);
        var data = org.transfer4j.train.FashionData.target(org.transfer4j.data.fashion.FashionMnist.locateAndLoad(null),
                new int[] {5, 6, 7, 8, 9}, 40, 20, 1, 500);
        var ev = org.transfer4j.train.Evaluation.of(x -> exported.output(x, false),
                data.batches(org.transfer4j.train.TrainingData.Split.VALIDATION, 25), 5);
        assertEquals(best, ev.accuracy(), 1e-12, "the exported model is the best epoch's");
        ModelExport.Manifest m = Json.readFile(o.outputDir.resolve("model").resolve(ModelExport.MANIFEST), ModelExport.Manifest.class);
        assertEquals(org.transfer4j.common.Sha256.of(zip), m.sha256());
        assertEquals(r.classes(), m.classes());
        assertEquals("architecture:StudyLeNet", m.base());
        assertEquals(r.plan(), m.plan());
        assertEquals("1.0.0-M2.1", m.versions().get("dl4j"), m.versions().toString());
        assertEquals(r.classes(), PreprocessingRecord.readFrom(zip).classes());
        for (String f : new String[] {TrainingReportWriter.MARKDOWN, TrainingReportWriter.JSON, TrainingReportWriter.CURVE,
                TrainingReportWriter.CONFUSION}) {
            assertTrue(Files.size(o.outputDir.resolve(f)) > 0, f);
        }
    }

    @Test
    void featureExtractionReadsTheFeaturizeCacheOnTheSecondRun() throws Exception {
        try (CacheRootProperty cache = CacheRootProperty.set(tmp.resolve("cache"))) {
            FineTuneOptions a = options("fe1");
            a.strategy = "feature-extraction";
            a.maxEpochs = 3;
            TrainingReport first = FineTune.run(a);
            FineTuneOptions b = options("fe2");
            b.strategy = "feature-extraction";
            b.maxEpochs = 3;
            TrainingReport second = FineTune.run(b);
            assertTrue(!first.featurize().cacheHit() && second.featurize().cacheHit(), "miss, then hit");
            assertEquals(first.featurize().key(), second.featurize().key());
            assertEquals(first.history(), second.history().stream().map(e -> new TrainingListener.EpochInfo(
                    e.epoch(), e.unfrozenBlocks(), e.steps(), e.trainLoss(), e.validationAccuracy(), e.validationLoss(),
                    first.history().get(e.epoch() - 1).seconds(), e.trainedLayers())).toList(), "same training on cached activations");
            FineTuneOptions c = options("fe3");
            c.strategy = "feature-extraction";
            c.featureVertex = "pool2"; // another boundary: another key
            c.maxEpochs = 1;
            assertTrue(!FineTune.run(c).featurize().cacheHit());
        }
    }

    @Test
    void aCrashMidEpochResumesToTheParametersOfAnUninterruptedRun() throws Exception {
        FineTuneOptions whole = options("whole");
        whole.maxEpochs = 5;
        whole.patience = 5;
        FineTune.run(whole);

        FineTuneOptions crashed = options("crashed");
        crashed.maxEpochs = 5;
        crashed.patience = 5;
        RuntimeException crash = assertThrows(RuntimeException.class, () -> FineTune.run(crashed, TrainingListener.onSteps(step -> {
            if (step.epoch() == 3 && step.step() == 3) {
                throw new RuntimeException("simulated crash");
            }
        })));
        assertEquals("simulated crash", crash.getMessage());
        TrainingReport resumed = FineTune.run(crashed);
        assertEquals(2, resumed.resumedAtEpoch());
        assertEquals(params(whole), params(crashed), "bit-identical parameters");
    }

    static org.nd4j.linalg.api.ndarray.INDArray params(FineTuneOptions o) throws java.io.IOException {
        return ModelSerializer.restoreMultiLayerNetwork(o.outputDir.resolve("model").resolve(ModelExport.MODEL).toFile(), false)
                .params();
    }

    @Test
    void aCheckpointOfAnotherRunIsRefusedWithWhatToDo() throws Exception {
        FineTuneOptions o = options("other");
        o.maxEpochs = 1;
        FineTune.run(o);
        o.learningRate = 1e-3;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FineTune.run(o));
        assertTrue(e.getMessage().contains("another run") && e.getMessage().contains(o.outputDir.resolve("checkpoints").toString()),
                e.getMessage());
        o.fresh = true;
        assertEquals(1, FineTune.run(o).history().size());
    }

    @Test
    void badPlanValuesAreQuoted() {
        FineTuneOptions o = options("bad");
        o.strategy = "gradul";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> o.run().strategy()).getMessage().contains("got gradul"));
        o.strategy = "file-freezing";
        o.backboneRateFactor = 0.2;
        assertEquals(new org.transfer4j.plan.Strategy.KeepFileFreezing(null, 0.2), o.run().strategy(),
                "the file's list is filled in when the base is loaded");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Base.parse("zoo:resnet"))
                .getMessage().contains("'zoo'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Strategy.Gradual(0, 1, 1, 0.1, 1))
                .getMessage().contains("headEpochs must be >= 1, got 0"));
    }
}
