package org.transfer4j.app.study;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.transfer4j.app.launch.CommonOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Options of the Fashion-MNIST transfer study. Every field has the protocol's default, so
 * {@code new StudyOptions()} is the full study; tests shrink it.
 */
@Command(name = "transfer-study", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Pretrains a LeNet on Fashion-MNIST source classes, then compares training from scratch, "
                + "feature extraction and fine-tuning on the target classes with K labelled images per class.")
public class StudyOptions extends CommonOptions {
    @Option(names = "--k", split = ",", paramLabel = "K", description = "Labelled images per target class (default: ${DEFAULT-VALUE}).")
    public List<Integer> kValues = List.of(10, 100, 1000);

    @Option(names = "--seeds", split = ",", description = "Seeds; each draws its own nested K-shot sets (default: ${DEFAULT-VALUE}).")
    public List<Long> seeds = List.of(1L, 2L, 3L);

    @Option(names = "--source-classes", split = ",", description = "Fashion-MNIST classes to pretrain on (default: ${DEFAULT-VALUE}).")
    public List<Integer> sourceClasses = List.of(0, 1, 2, 3, 4);

    @Option(names = "--target-classes", split = ",", description = "Classes of the target task (default: ${DEFAULT-VALUE}).")
    public List<Integer> targetClasses = List.of(5, 6, 7, 8, 9);

    @Option(names = "--source-epochs", description = "Pretraining epochs (default: ${DEFAULT-VALUE}).")
    public int sourceEpochs = 3;

    @Option(names = "--min-epochs", description = "Target training: at least this many epochs (default: ${DEFAULT-VALUE}).")
    public int minEpochs = 10;

    @Option(names = "--min-steps", description = "Target training: at least this many steps (default: ${DEFAULT-VALUE}).")
    public int minSteps = 200;

    @Option(names = "--batch", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    public int batchSize = 64;

    @Option(names = "--lr", description = "Adam rate for pretraining, scratch and new heads (default: ${DEFAULT-VALUE}).")
    public double learningRate = 1e-3;

    @Option(names = "--backbone-lr", description = "Adam rate of the backbone when fine-tuning (default: ${DEFAULT-VALUE}).")
    public double backboneLearningRate = 1e-4;

    @Option(names = "--weight-decay", description = "L2 weight penalty (default: ${DEFAULT-VALUE}).")
    public double l2 = 5e-4;

    @Option(names = "--source-seed", description = "Seed of the pretraining (default: ${DEFAULT-VALUE}).")
    public long sourceSeed = 1;


    @Option(names = "--out", description = "Output directory for report, chart, JSON and the source model (default: ${DEFAULT-VALUE}).")
    public Path outputDir = Paths.get("transfer4j-out", "study");

    @Option(names = "--source-train-limit", description = "Use only the first N source training images; 0 = all (for quick runs).")
    public int sourceTrainLimit = 0;

    @Option(names = "--test-limit", description = "Evaluate on the first N test images of each task; 0 = all.")
    public int testLimit = 0;

    @Option(names = "--parallel", description = "Target runs trained side by side, one native thread each; 0 = one per core (default: ${DEFAULT-VALUE}).")
    public int parallel = 0;

    @Option(names = "--retrain-source", description = "Pretrain again even if a valid source model exists.")
    public boolean retrainSource = false;


    /** Fails with a message that names the bad option and value. */
    public StudyOptions validate() {
        require(!kValues.isEmpty() && kValues.stream().allMatch(k -> k > 0), "--k values must be positive, got " + kValues);
        require(!seeds.isEmpty(), "--seeds must name at least one seed");
        require(kValues.stream().distinct().count() == kValues.size() && seeds.stream().distinct().count() == seeds.size(),
                "--k and --seeds must not repeat a value (a repeat would double-count runs), got --k " + kValues
                        + " --seeds " + seeds);
        require(sourceClasses.size() >= 2, "--source-classes needs at least 2 classes, got " + sourceClasses);
        require(targetClasses.size() >= 2, "--target-classes needs at least 2 classes, got " + targetClasses);
        require(sourceClasses.stream().allMatch(c -> c >= 0 && c <= 9) && targetClasses.stream().allMatch(c -> c >= 0 && c <= 9),
                "classes must be in 0..9, got source " + sourceClasses + " target " + targetClasses);
        require(sourceClasses.stream().distinct().count() == sourceClasses.size()
                        && targetClasses.stream().distinct().count() == targetClasses.size(),
                "classes must not repeat, got source " + sourceClasses + " target " + targetClasses);
        require(sourceEpochs > 0, "--source-epochs must be positive, got " + sourceEpochs);
        require(minEpochs > 0, "--min-epochs must be positive, got " + minEpochs);
        require(minSteps >= 0, "--min-steps must be >= 0, got " + minSteps);
        require(batchSize > 0, "--batch must be positive, got " + batchSize);
        require(learningRate > 0 && backboneLearningRate > 0, "learning rates must be positive, got --lr "
                + learningRate + " --backbone-lr " + backboneLearningRate);
        require(l2 >= 0, "--l2 must be >= 0, got " + l2);
        require(sourceTrainLimit >= 0 && testLimit >= 0, "limits must be >= 0");
        require(parallel >= 0, "--parallel must be >= 0 (0 = one per core), got " + parallel);
        return this;
    }

    int[] sourceClassArray() {
        return sourceClasses.stream().mapToInt(Integer::intValue).toArray();
    }

    int[] targetClassArray() {
        return targetClasses.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    @Override
    public String toString() {
        return "k=" + kValues + " seeds=" + seeds + " source=" + sourceClasses + " target=" + targetClasses
                + " sourceEpochs=" + sourceEpochs + " minEpochs=" + minEpochs + " minSteps=" + minSteps
                + " batch=" + batchSize + " lr=" + learningRate + " backboneLr=" + backboneLearningRate + " l2=" + l2
                + " output=" + outputDir;
    }
}
