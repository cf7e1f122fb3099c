package org.transfer4j.app.pretrained;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.transfer4j.app.launch.CommonOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Options of the pretrained-backbone study. The defaults are the README's main job, sized to finish
 * within 10 minutes on 2 cores (input 96 x 96, K = 10 and 100, the first 1,000 test images); the full
 * protocol is a matter of options ({@code --size 224 --k 10,100,1000 --test-limit 0}).
 */
@Command(name = "pretrained-study", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Transfers a real pretrained ImageNet backbone (nsfwjs' MobileNetV2) to Fashion-MNIST's 10 classes: "
                + "feature extraction at several cut points, fine-tuning the last blocks and gradual unfreezing, against a "
                + "linear model on the pixels and a LeNet trained from scratch, with K labelled images per class.")
public class PretrainedStudyOptions extends CommonOptions {
    @Option(names = "--backbone", description = "Catalogue id of the pretrained backbone (default: ${DEFAULT-VALUE}).")
    public String backbone = "nsfwjs.mobilenetv2";

    @Option(names = "--size", description = "Input height and width the 28 x 28 images are resized to (default: ${DEFAULT-VALUE}).")
    public int size = 96;

    @Option(names = "--k", split = ",", paramLabel = "K", description = "Labelled images per class (default: ${DEFAULT-VALUE}).")
    public List<Integer> kValues = List.of(10, 100);

    @Option(names = "--seeds", split = ",", description = "Seeds; each draws its own nested K-shot sets (default: ${DEFAULT-VALUE}).")
    public List<Long> seeds = List.of(1L, 2L, 3L);

    @Option(names = "--cuts", split = ",", description = "Feature-extraction cut points (block outputs, globally average-pooled); "
            + "default: blocks at 1/3 and 2/3 of the backbone, the next-to-last block and the head's input.")
    public List<String> cuts;

    @Option(names = "--fine-tune-blocks", description = "Blocks trained by fine-tuning and, one at a time, by gradual unfreezing "
            + "(default: ${DEFAULT-VALUE}).")
    public int fineTuneBlocks = 3;

    @Option(names = "--min-epochs", description = "Training: at least this many epochs (default: ${DEFAULT-VALUE}).")
    public int minEpochs = 8;

    @Option(names = "--min-steps", description = "Training: at least this many steps (default: ${DEFAULT-VALUE}).")
    public int minSteps = 100;

    @Option(names = "--linear-min-steps", description = "The linear heads (on the pixels, and feature extraction's on"
            + " pooled features) train at least this many steps: at 100 they had not converged at K = 10 and ranked the"
            + " cuts by how fast they learn; they cost a fraction of a second (default: ${DEFAULT-VALUE}).")
    public int linearMinSteps = 300;

    @Option(names = "--batch", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    public int batchSize = 32;

    @Option(names = "--lr", description = "Adam rate of new heads, the pixel model and the LeNet (default: ${DEFAULT-VALUE}).")
    public double learningRate = 1e-3;

    @Option(names = "--backbone-lr", description = "Adam rate of fine-tuned backbone blocks (default: ${DEFAULT-VALUE}).")
    public double backboneLearningRate = 1e-4;

    @Option(names = "--weight-decay", description = "L2 penalty of new layers (default: ${DEFAULT-VALUE}).")
    public double l2 = 5e-4;

    @Option(names = "--test-limit", description = "Evaluate on the first N test images; 0 = all 10,000 (default: ${DEFAULT-VALUE}).")
    public int testLimit = 1000;


    @Option(names = "--out", description = "Output directory for report, chart and JSON (default: ${DEFAULT-VALUE}).")
    public Path outputDir = Paths.get("transfer4j-out", "pretrained-study");

    @Option(names = "--parallel", description = "Runs side by side (0 = one per core) (default: ${DEFAULT-VALUE}).")
    public int parallel = 0;


    /** Refuses bad values, quoting them. */
    public void validate() {
        if (size < 32 || size > 512) {
            throw new IllegalArgumentException("size must be in [32, 512], got " + size);
        }
        if (kValues == null || kValues.isEmpty() || kValues.stream().anyMatch(k -> k < 1)) {
            throw new IllegalArgumentException("k values must be >= 1, got " + kValues);
        }
        if (seeds == null || seeds.isEmpty()) {
            throw new IllegalArgumentException("at least one seed is needed, got " + seeds);
        }
        if (fineTuneBlocks < 1) {
            throw new IllegalArgumentException("fine-tune-blocks must be >= 1, got " + fineTuneBlocks);
        }
        if (linearMinSteps < 0) {
            throw new IllegalArgumentException("linear-min-steps must be >= 0, got " + linearMinSteps);
        }
        if (minEpochs < 1 || minSteps < 0 || batchSize < 1) {
            throw new IllegalArgumentException("min-epochs >= 1, min-steps >= 0 and batch >= 1 are needed, got "
                    + minEpochs + ", " + minSteps + ", " + batchSize);
        }
        if (!(learningRate > 0 && learningRate < 1) || !(backboneLearningRate > 0 && backboneLearningRate < 1)) {
            throw new IllegalArgumentException("learning rates must be in (0,1), got lr " + learningRate + ", backbone-lr "
                    + backboneLearningRate);
        }
        if (!(l2 >= 0)) {
            throw new IllegalArgumentException("weight-decay must be >= 0, got " + l2);
        }
        if (testLimit < 0) {
            throw new IllegalArgumentException("test-limit must be >= 0 (0 = all), got " + testLimit);
        }
        if (parallel < 0) {
            throw new IllegalArgumentException("parallel must be >= 0 (0 = one per core), got " + parallel);
        }
    }
}
