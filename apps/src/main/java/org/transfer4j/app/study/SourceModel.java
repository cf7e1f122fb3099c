package org.transfer4j.app.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.deeplearning4j.util.ModelSerializer;
import org.transfer4j.common.AtomicFiles;
import org.transfer4j.common.Json;
import org.transfer4j.common.Sha256;
import org.transfer4j.common.Versions;
import org.transfer4j.common.Progress;
import org.transfer4j.data.fashion.LabelledImages;
import org.transfer4j.train.ArrayData;
import org.transfer4j.train.PlanTrainer;
import org.transfer4j.train.TrainingData;
import org.transfer4j.train.TrainerOptions;
import org.transfer4j.train.TrainingTarget;

/**
 * The pretrained source network, stored as {@code lenet-source.zip} beside {@code manifest.json}. A
 * stored model is reused only when the manifest's protocol equals the requested one and the file's
 * SHA-256 equals the manifest's; anything else is retrained and overwritten (atomically).
 */
public final class SourceModel {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SourceModel.class);
    public static final String MODEL_FILE = "lenet-source.zip";
    public static final String MANIFEST_FILE = "manifest.json";

    /** Manifest written beside the model file. */
    public record Manifest(String file, String sha256, String architecture, Map<String, Object> protocol,
                           double sourceTestAccuracy, double trainSeconds, double imagesPerSecond,
                           Map<String, String> versions, String createdAt) {
    }

    /** What the study needs from pretraining. */
    public record Result(MultiLayerNetwork network, Manifest manifest, boolean reused) {
    }

    private SourceModel() {
    }

    public static Map<String, Object> protocol(StudyOptions o, String dataFingerprint) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("architecture", "LeNet conv5x5x20-maxpool-conv5x5x50-maxpool-dense500relu-softmax");
        p.put("sourceClasses", o.sourceClasses);
        p.put("epochs", o.sourceEpochs);
        p.put("batchSize", o.batchSize);
        p.put("updater", "Adam(" + o.learningRate + ")");
        p.put("l2", o.l2);
        p.put("seed", o.sourceSeed);
        p.put("trainLimit", o.sourceTrainLimit);
        p.put("testLimit", o.testLimit); // the recorded test accuracy was measured on this many images
        p.put("data", "fashion-mnist sha256:" + dataFingerprint);
        p.put("batchOrder", "a seeded shuffle per epoch"); // the library's in-memory data (before: one shuffle stream)
        return p;
    }

    /** The stored model if it is valid for {@code protocol}, else null (with the reason logged). */
    public static Result loadIfValid(Path dir, Map<String, Object> protocol) throws IOException {
        Path model = dir.resolve(MODEL_FILE);
        Path manifestFile = dir.resolve(MANIFEST_FILE);
        if (!Files.isRegularFile(model) || !Files.isRegularFile(manifestFile)) {
            return null;
        }
        Manifest m;
        try {
            m = Json.readFile(manifestFile, Manifest.class);
        } catch (IOException e) {
            LOG.warn(manifestFile + " is unreadable (" + e.getMessage() + "); retraining");
            return null;
        }
        // Compare as JSON so that numbers read back (Integer vs Long, lists) compare like written ones.
        if (!Json.write(m.protocol()).equals(Json.write(protocol))) {
            LOG.warn("stored source model " + model + " was trained with another protocol; retraining");
            return null;
        }
        String actual = Sha256.of(model);
        if (!actual.equals(m.sha256())) {
            LOG.warn("stored source model " + model + " has SHA-256 " + actual + " but its manifest says "
                    + m.sha256() + "; retraining");
            return null;
        }
        try {
            return new Result(ModelSerializer.restoreMultiLayerNetwork(model.toFile(), true), m, true);
        } catch (IOException | RuntimeException e) {
            LOG.warn("stored source model " + model + " does not restore (" + e + "); retraining");
            return null;
        }
    }

    /** The steps of pretraining on {@code examples} images: what the progress bar counts. */
    static long steps(StudyOptions o, int examples) {
        return (long) o.sourceEpochs * org.transfer4j.train.Epochs.stepsPerEpoch(examples, o.batchSize);
    }

    /** Pretrains on {@code train}, evaluates on {@code test}, stores model and manifest. */
    public static Result train(Path dir, StudyOptions o, Map<String, Object> protocol, LabelledImages train,
                               LabelledImages test, Progress progress) throws IOException {
        MultiLayerNetwork net = StudyLeNet.build(train.numClasses(), o.learningRate, o.l2, o.sourceSeed);
        progress.phase("pretraining source on classes " + o.sourceClasses);
        long t0 = System.nanoTime();
        // The baseline network trained from scratch, through the library's loop on the same in-memory data type as
        // every other run (its batch order: a seeded shuffle per epoch).
        Map<TrainingData.Split, DataSet> splits = new EnumMap<>(TrainingData.Split.class);
        splits.put(TrainingData.Split.TRAIN, train.toDataSet());
        splits.put(TrainingData.Split.TEST, test.toDataSet());
        ArrayData data = new ArrayData(TargetRun.classNames(train.numClasses()), splits, "source " + protocol);
        PlanTrainer.Result r = PlanTrainer.train(PlanTrainer.Targets.of(new TrainingTarget.Whole(net)), data, null,
                new TrainerOptions(o.sourceEpochs, 1, o.batchSize, o.sourceSeed, null, false), null,
                new PlanTrainer.Hooks(Progress.stepsOnly(progress), null));
        int steps = r.state().history().stream().mapToInt(e -> e.steps()).sum();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double images = (double) train.size() * o.sourceEpochs;
        double accuracy = r.test().accuracy();
        Path model = dir.resolve(MODEL_FILE);
        AtomicFiles.writePath(model, tmp -> ModelSerializer.writeModel(net, tmp.toFile(), true));
        Manifest m = new Manifest(MODEL_FILE, Sha256.of(model), net.getLayerWiseConfigurations().toJson(), protocol,
                accuracy, seconds, images / seconds, Versions.all(), java.time.Instant.now().toString());
        Json.writeFile(dir.resolve(MANIFEST_FILE), m);
        progress.log(String.format("source pretrained: %d steps in %.1f s (%.0f images/s), test accuracy %.4f",
                steps, seconds, images / seconds, accuracy));
        return new Result(net, m, false);
    }
}
