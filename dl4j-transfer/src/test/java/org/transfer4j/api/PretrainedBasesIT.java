package org.transfer4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.core.util.ModelGuesser;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.plan.TaskData;
import org.transfer4j.common.ColourFolders;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.report.ModelExport;
import org.transfer4j.plan.Base;
import org.transfer4j.plan.BatchNormPolicy;
import org.transfer4j.plan.Head;
import org.transfer4j.plan.Optimizer;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TransferPlan;
import org.transfer4j.plan.VertexNames;
import org.transfer4j.train.Nets;
import org.transfer4j.transfer.plan.NetworkTransfer;
import org.transfer4j.zoo.LoadedModel;
import org.transfer4j.zoo.PretrainedModels;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.source.LocalFileSource;

/**
 * Real pretrained networks (nsfwjs@4.4.0's MobileNetV2 and InceptionV3 with ImageNet backbones, fetched
 * through the catalogue with the npm client) as bases: feature extraction on a folder learns from ImageNet
 * features and leaves the backbone as the file has it; InceptionV3's channels-last Concatenate vertices
 * survive planning, training, unfreezing and a checkpoint (DL4J's MergeVertex.clone() forgot their axis).
 */
class PretrainedBasesIT {
    @TempDir
    Path tmp;

    static LoadedModel load(String id) throws Exception {
        return new PretrainedModels(Catalogue.builtIn(), new LocalFileSource(Path.of("unused"))).load(id);
    }

    @Test
    void mobileNetV2FeatureExtractionOnAFolder() throws Exception {
        Path photos = ColourFolders.write(tmp.resolve("photos"), 10, 11);
        TransferResult r = Transfer.from(Base.catalogue("nsfwjs.mobilenetv2")).strategy(Strategy.featureExtraction())
                .learningRate(1e-2).fit(TaskData.folder(photos), Fit.epochs(15).patience(15).batchSize(8).progressBar(false));
        assertEquals(ImagePreprocessing.Layout.NHWC, r.preprocessing().layout());
        assertEquals(224, r.preprocessing().height());
        // ImageNet features tell three colours apart; chance is 1/3.
        assertTrue(r.testAccuracy() >= 0.8, "test accuracy " + r.testAccuracy());
        ComputationGraph file = (ComputationGraph) load("nsfwjs.mobilenetv2").network();
        ComputationGraph trained = (ComputationGraph) r.network();
        for (String layer : List.of("Conv1", "block_11_expand", "block_16_project_BN", "Conv_1")) {
            assertEquals(file.getLayer(layer).params(), trained.getLayer(layer).params(), layer + " is frozen as in the file");
        }
        Path zip = r.save(tmp.resolve("run")).resolve("model").resolve(ModelExport.MODEL);
        ComputationGraph reloaded = (ComputationGraph) ModelGuesser.loadModelGuess(zip.toString());
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 224, 224, 3);
        assertEquals(trained.outputSingle(false, x), reloaded.outputSingle(false, x));
    }

    /**
     * The package's MobileNetV2 as a {@code tfjs:} directory base (no catalogue entry, no names given) with
     * the file's own freezing kept: the 98 layers nsfwjs' authors froze stay as they are, the upper blocks
     * they fine-tuned train again; the result exports and reloads.
     */
    @Test
    void mobileNetV2AsATfjsDirectoryKeepingTheFilesFreezing() throws Exception {
        Path photos = ColourFolders.write(tmp.resolve("photos"), 6, 12);
        org.transfer4j.zoo.catalogue.ModelEntry e = Catalogue.builtIn().model("nsfwjs.mobilenetv2");
        org.transfer4j.zoo.source.NpmPackageSource npm = org.transfer4j.zoo.source.NpmPackageSource.defaults();
        Path dir = npm.resolve(e).getParent();
        TransferResult r = Transfer.from(Base.tfjs(dir)).strategy(Strategy.keepFileFreezing()).learningRate(1e-2)
                .fit(TaskData.folder(photos), Fit.epochs(2).patience(2).batchSize(6).progressBar(false));
        Strategy.KeepFileFreezing s = (Strategy.KeepFileFreezing) r.report().plan().strategy();
        assertEquals(98, s.frozen().size(), "the layers the file marks trainable: false");
        ComputationGraph file = (ComputationGraph) load("nsfwjs.mobilenetv2").network();
        ComputationGraph trained = (ComputationGraph) r.network();
        for (String layer : List.of("Conv1", "block_10_project_BN")) {
            assertEquals(file.getLayer(layer).params(), trained.getLayer(layer).params(), layer + " is frozen in the file");
        }
        for (String layer : List.of("block_11_expand", "Conv_1")) {
            assertTrue(file.getLayer(layer).params().sub(trained.getLayer(layer).params()).amaxNumber().doubleValue() > 0,
                    layer + " trains: the file leaves it trainable");
        }
        Path zip = r.save(tmp.resolve("run")).resolve("model").resolve(ModelExport.MODEL);
        ComputationGraph reloaded = (ComputationGraph) ModelGuesser.loadModelGuess(zip.toString());
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 224, 224, 3);
        assertEquals(trained.outputSingle(false, x), reloaded.outputSingle(false, x));
    }

    @Test
    void inceptionV3KeepsItsConcatenateAxesThroughEveryTransferStep() throws Exception {
        ComputationGraph base = (ComputationGraph) load("nsfwjs.inceptionv3").network();
        VertexNames names = VertexNames.of(Catalogue.builtIn().model("nsfwjs.inceptionv3"));
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 299, 299, 3);
        INDArray mixed8 = base.feedForward(new INDArray[] {x}, false).get("mixed8").dup();
        TransferPlan plan = new TransferPlan(new Head(3, 0, 0), new Strategy.Gradual(1, 1, 2, 0.1, 1.0),
                BatchNormPolicy.AUTO, new Optimizer(1e-3, 0, 1));
        ComputationGraph planned = (ComputationGraph) NetworkTransfer.apply(base, names, plan);
        assertEquals(mixed8, planned.feedForward(new INDArray[] {x}, false).get("mixed8"), "the frozen part computes the same");
        INDArray y = Nd4j.zeros(DataType.FLOAT, 2, 3);
        y.putScalar(0, 0, 1);
        y.putScalar(1, 2, 1);
        Nets.fit(planned, new DataSet(x, y));
        ComputationGraph unfrozen = (ComputationGraph) NetworkTransfer.unfreeze(planned, names, plan, 2);
        Nets.fit(unfrozen, new DataSet(x, y)); // mixed9 and mixed10 (Concatenate) now train
        assertEquals(List.of(2L, 3L), List.of(unfrozen.outputSingle(false, x).shape()[0], unfrozen.outputSingle(false, x).shape()[1]));
        // The planned network through a checkpoint: the axes travel in the saved configuration.
        Path zip = tmp.resolve("unfrozen.zip");
        Nets.save(unfrozen, zip);
        ComputationGraph reloaded = (ComputationGraph) Nets.load(zip, unfrozen);
        assertEquals(unfrozen.outputSingle(false, x), reloaded.outputSingle(false, x));
    }

    /**
     * Feature extraction and the last three blocks of both real backbones train on cached activations at 96 x 96
     * (DL4J's helper cut InceptionV3's merges and MobileNetV2's residual adds into several inputs or disconnected
     * vertices and failed): the report says the activations were featurized, nothing below the boundary changed,
     * and the trained blocks did.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"nsfwjs.inceptionv3", "nsfwjs.mobilenetv2"})
    void featureExtractionAndTheLastBlocksTrainOnCachedActivations(String id) throws Exception {
        Path photos = ColourFolders.write(tmp.resolve("photos"), 8, 13);
        ComputationGraph file = (ComputationGraph) load(id).network();
        VertexNames names = VertexNames.of(Catalogue.builtIn().model(id));
        for (Strategy s : List.of(Strategy.featureExtraction(), Strategy.lastBlocks(3))) {
            TransferResult r = Transfer.from(Base.catalogue(id)).inputSize(96).strategy(s).learningRate(1e-2)
                    .fit(TaskData.folder(photos), Fit.epochs(2).patience(2).batchSize(8).progressBar(false));
            assertTrue(r.report().featurize() != null, s + ": trained on cached activations");
            assertTrue(r.validationAccuracy() >= 0 && r.validationAccuracy() <= 1, s + ": " + r.validationAccuracy());
            String boundary = s instanceof Strategy.FeatureExtraction ? names.feature() : names.freezeVertexForLastBlocks(3);
            ComputationGraph below = org.transfer4j.transfer.GraphCut.below(file, List.of(boundary));
            ComputationGraph trained = (ComputationGraph) r.network();
            int changed = 0;
            for (var layer : file.getLayers()) {
                String name = layer.conf().getLayer().getLayerName();
                if (layer.numParams() == 0 || trained.getVertex(name) == null) {
                    continue;
                }
                boolean same = layer.params().equals(trained.getLayer(name).params());
                if (below.getVertex(name) != null) {
                    assertTrue(same, s + ": " + name + " lies below " + boundary + " and must stay as in the file");
                } else if (!same) {
                    changed++;
                }
            }
            if (s instanceof Strategy.LastBlocks) {
                assertTrue(changed > 0, s + ": the last blocks trained");
            }
        }
    }
}
