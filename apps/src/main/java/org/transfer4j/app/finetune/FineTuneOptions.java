package org.transfer4j.app.finetune;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.transfer4j.plan.BatchNormPolicy;
import org.transfer4j.plan.Optimizer;

import org.transfer4j.app.launch.CommonOptions;
import picocli.CommandLine.Option;

/**
 * Options of {@link FineTune}: a plan (base, head, strategy, BatchNorm policy, optimiser), the data
 * and the trainer, turned into a {@link RunSpec} (a value) by {@link #run()}. The defaults run offline: the LeNet study's source model (made by {@code transfer4j.sh
 * study}) adapted to Fashion-MNIST classes 5-9 by gradual unfreezing.
 */
public final class FineTuneOptions extends CommonOptions {
    public static final String STUDY_SOURCE = "saved:transfer4j-out/study/source-model/lenet-source.zip";

    @Option(names = "--base", description = "catalogue:ID, architecture:NAME (init() weights), keras:FILE.h5, tfjs:DIR or"
            + " saved:FILE.zip"
            + " (default: ${DEFAULT-VALUE}, the LeNet study's source model: run the study first).")
    public String base = STUDY_SOURCE;

    @Option(names = "--input-size", description = "Side in pixels the base reads images at, 0 = the base's own (224 for"
            + " nsfwjs.mobilenetv2; 96 featurizes about 4x faster) (default: ${DEFAULT-VALUE}).")
    public int inputSize = 0;

    @Option(names = "--names-from", description = "Catalogue model id or architecture giving a keras/tfjs/saved base's"
            + " feature, classifier and blocks (default: found from the network; StudyLeNet for the default base).")
    public String namesFrom;

    @Option(names = "--mirror", description = "Directory mirroring the catalogue's weight files (offline catalogue bases).")
    public Path mirror;

    @Option(names = "--data", description = "'fashion-mnist' or an image folder with one sub-folder per class (default: ${DEFAULT-VALUE}).")
    public String data = "fashion-mnist";


    @Option(names = "--target-classes", split = ",", description = "Fashion-MNIST classes of the task (default: ${DEFAULT-VALUE}).")
    public List<Integer> targetClasses = List.of(5, 6, 7, 8, 9);

    @Option(names = "--k", description = "Fashion-MNIST: labelled training images per class (default: ${DEFAULT-VALUE}).")
    public int k = 100;

    @Option(names = "--validation-per-class", description = "Fashion-MNIST: validation images per class (default: ${DEFAULT-VALUE}).")
    public int validationPerClass = 100;

    @Option(names = "--test-limit", description = "Fashion-MNIST: evaluate on the first N test images of the classes, 0 = all (default: ${DEFAULT-VALUE}).")
    public int testLimit = 0;

    @Option(names = "--validation-fraction", description = "Image folder: validation fraction per class (default: ${DEFAULT-VALUE}).")
    public double validationFraction = 0.15;

    @Option(names = "--test-fraction", description = "Image folder: test fraction per class (default: ${DEFAULT-VALUE}).")
    public double testFraction = 0.15;

    @Option(names = "--augment", description = "Image folder: augment training images (turns the featurize cache off).")
    public boolean augment;

    @Option(names = "--augment-magnitude", description = "Image folder: RandAugment with 2 operations at this magnitude"
            + " (1-30; 0 = off), instead of --augment's standard set (default: ${DEFAULT-VALUE}).")
    public int augmentMagnitude = 0;

    @Option(names = "--strategy", description = "feature-extraction, fine-tune, gradual, file-freezing (keep the layers a Keras or TF.js"
            + " file marks trainable: false frozen, train the rest) or scratch (default: ${DEFAULT-VALUE}).")
    public String strategy = "gradual";

    @Option(names = "--feature-vertex", description = "feature-extraction: freeze through this vertex (default: the catalogue's feature vertex).")
    public String featureVertex;

    @Option(names = "--blocks", description = "fine-tune: last blocks to train; gradual: most blocks to unfreeze (default: ${DEFAULT-VALUE}).")
    public int blocks = 2;

    @Option(names = "--head-epochs", description = "gradual: epochs of head-only training (default: ${DEFAULT-VALUE}).")
    public int headEpochs = 2;

    @Option(names = "--every-epochs", description = "gradual: epochs between unfreezing steps (default: ${DEFAULT-VALUE}).")
    public int everyEpochs = 2;

    @Option(names = "--backbone-rate-factor", description = "Backbone rate = head rate x this (default: ${DEFAULT-VALUE}).")
    public double backboneRateFactor = 0.1;

    @Option(names = "--per-block-decay", description = "Rate multiplier per block further down (default: ${DEFAULT-VALUE}).")
    public double perBlockDecay = 1.0;

    @Option(names = "--batchnorm", description = "AUTO (frozen in the frozen part, trained in trained blocks) or"
            + " REQUIRE_FROZEN (refuse a plan that would train BatchNorm layers) (default: ${DEFAULT-VALUE}).")
    public BatchNormPolicy batchNorm = BatchNormPolicy.AUTO;

    @Option(names = "--hidden", description = "Hidden units in the new head, 0 = none (default: ${DEFAULT-VALUE}).")
    public int hidden = 0;

    @Option(names = "--dropout", description = "Dropout before the hidden layer's output (default: ${DEFAULT-VALUE}).")
    public double dropout = 0;

    @Option(names = "--updater", description = "ADAM, NESTEROVS or SGD (default: ${DEFAULT-VALUE}).")
    public Optimizer.Updater updater = Optimizer.Updater.ADAM;

    @Option(names = "--lr", description = "Head learning rate (default: ${DEFAULT-VALUE}).")
    public double learningRate = 1e-3;

    @Option(names = "--lr-decay", description = "Learning-rate multiplier per epoch, 1 = constant (default: ${DEFAULT-VALUE}).")
    public double lrDecayPerEpoch = 1.0;

    @Option(names = "--weight-decay", description = "L2 on trained layers (default: ${DEFAULT-VALUE}).")
    public double weightDecay = 5e-4;

    @Option(names = "--seed", description = "Head initialisation, split and training order (default: ${DEFAULT-VALUE}).")
    public long seed = 1;

    @Option(names = "--epochs", description = "Most epochs (default: ${DEFAULT-VALUE}).")
    public int maxEpochs = 8;

    @Option(names = "--patience", description = "Early stopping: epochs without a better validation accuracy (default: ${DEFAULT-VALUE}).")
    public int patience = 3;

    @Option(names = "--batch", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    public int batchSize = 32;

    @Option(names = "--no-cache", negatable = true, description = "Feature extraction: run the frozen part every epoch instead"
            + " of once (activations cached on disk, keyed by weights, boundary, preprocessing and data).")
    public boolean cache = true;

    @Option(names = "--no-calibrate-batchnorm", negatable = true, description = "architecture: bases: keep init()'s BatchNorm"
            + " statistics 0/1 (they overflow in inference) instead of setting them from the first training batch.")
    public boolean calibrateBatchNorm = true;

    @Option(names = "--out", description = "Output directory: checkpoints, model, report (default: ${DEFAULT-VALUE}).")
    public Path outputDir = Paths.get("transfer4j-out", "finetune");

    @Option(names = "--fresh", description = "Delete an earlier run's checkpoint in --out instead of resuming it.")
    public boolean fresh;


    /** The run these options describe, as a value (sweeps derive their candidates from it). */
    public RunSpec run() {
        return new RunSpec(base, namesFrom, mirror,
                new RunSpec.Data(data, fashionDir, targetClasses, k, validationPerClass, testLimit, validationFraction, testFraction,
                        augment, augmentMagnitude),
                new RunSpec.Plan(strategy, featureVertex, blocks, headEpochs, everyEpochs, backboneRateFactor, perBlockDecay,
                        batchNorm, hidden, dropout, updater, learningRate, lrDecayPerEpoch, weightDecay, seed, calibrateBatchNorm, cache,
                        inputSize),
                new RunSpec.Training(maxEpochs, patience, batchSize, fresh), outputDir);
    }
}
