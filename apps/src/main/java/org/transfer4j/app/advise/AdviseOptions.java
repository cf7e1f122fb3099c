package org.transfer4j.app.advise;

import java.nio.file.Path;
import java.util.List;

import org.transfer4j.app.launch.CommonOptions;
import picocli.CommandLine.Option;

/** Options of {@code transfer4j advise}: candidates, the user's image folder, the budget. */
public class AdviseOptions extends CommonOptions {
    @Option(names = "--candidate", required = true, paramLabel = "BASE", description = "A backbone to rank, repeatable: "
            + "catalogue:ID, keras:FILE.h5, tfjs:DIR or saved:MODEL.zip (for example catalogue:nsfwjs.mobilenetv2).")
    public List<String> candidates;

    @Option(names = "--data", description = "The labelled target images: DIR/<class>/<image> (or --fashion-classes).")
    public Path data;

    @Option(names = "--fashion-classes", split = ",", paramLabel = "C", description = "Instead of --data: these Fashion-MNIST"
            + " classes, 28 x 28 grey (the LeNet study's task is 5,6,7,8,9), K training images per class (--k).")
    public List<Integer> fashionClasses;

    @Option(names = "--k", description = "With --fashion-classes: labelled training images per class (default: ${DEFAULT-VALUE}).")
    public int k = 100;


    @Option(names = "--input-size", description = "Feed images at this height and width instead of each backbone's own"
            + " (fully convolutional backbones; 96 is the pretrained study's); 0 = the backbone's (default: ${DEFAULT-VALUE}).")
    public int inputSize;

    @Option(names = "--examples", description = "Training images featurized per candidate, a seeded sample (default: ${DEFAULT-VALUE}).")
    public int examples = 200;

    @Option(names = "--cuts", description = "Cut points scored per backbone: the feature vertex and earlier block outputs "
            + "(default: ${DEFAULT-VALUE}).")
    public int cuts = 3;

    // picocli gives a negatable option the opposite of its default when named: named --no-X with default true.
    @Option(names = "--no-controls", negatable = true, description = "Do not also score each backbone with random weights "
            + "(the negative control; on by default).")
    public boolean controls = true;

    @Option(names = "--strategy-budget", paramLabel = "SECONDS", description = "Seconds for the strategy probes on the best"
            + " backbone (feature extraction, fine-tuning the last blocks, scratch, on nested subsets); 0 = rank only"
            + " (default: ${DEFAULT-VALUE}).")
    public double strategyBudget = 120;

    @Option(names = "--probe-examples", description = "Training images of the largest strategy probe (default: ${DEFAULT-VALUE}).")
    public int probeExamples = 400;

    @Option(names = "--seed", description = "Seed of the sample and the controls (default: ${DEFAULT-VALUE}).")
    public long seed = 1;

    @Option(names = "--mirror", description = "A directory with catalogue weight files at their catalogue paths; catalogue "
            + "candidates load from it (the LeNet study's output directory holds study.lenet.fashion-mnist-0-4's).")
    public Path mirror;

    @Option(names = "--output", description = "Report directory (default: ${DEFAULT-VALUE}).")
    public Path outputDir = Path.of("transfer4j-out", "advise");

}
