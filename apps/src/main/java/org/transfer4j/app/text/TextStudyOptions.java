package org.transfer4j.app.text;

import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine.Option;

/** The text study's settings; each default's origin is in its description. */
public final class TextStudyOptions {
    @Option(names = "--data", description = "The task: a folder of class sub-folders of .txt files (default: ${DEFAULT-VALUE};"
            + " built from Debian's package lists by scripts/debian-text-task.sh when missing).")
    public Path data = Path.of("transfer4j-out", "data", "debian-descriptions");

    @Option(names = "--k", split = ",", description = "Training texts per class (default: ${DEFAULT-VALUE}).")
    public List<Integer> ks = List.of(10, 100);

    @Option(names = "--seeds", split = ",", description = "Seeds: the K-shot sample, the head's weights, the batch order"
            + " (default: ${DEFAULT-VALUE}).")
    public List<Long> seeds = List.of(1L, 2L, 3L);

    @Option(names = "--test-per-class", description = "Held-out test texts per class, the same for every run (default:"
            + " ${DEFAULT-VALUE}).")
    public int testPerClass = 50;

    @Option(names = "--encoder", description = "Catalogue text encoder (default: ${DEFAULT-VALUE}).")
    public String encoder = "all-minilm-l6-v2";

    // Fine-tuning settings, chosen on a development split of the training pool (K = 10, seeds 1 and 2: fine-tuning the
    // last 2 blocks at 1e-4 for 10 epochs gave 0.767 / 0.805 against feature extraction's 0.770 / 0.778), never on
    // the test texts. The steps are the 15-minute budget's: 32 (8 epochs at K = 10, 1 at K = 100; a step of 32 texts
    // takes about 1.9 s on 2 cores).
    @Option(names = "--fine-tune-blocks", description = "Transformer blocks fine-tuned, from the top (default: ${DEFAULT-VALUE}).")
    public int fineTuneBlocks = 2;

    @Option(names = "--fine-tune-factor", description = "Fine-tuning rate = head rate x this (default: ${DEFAULT-VALUE},"
            + " i.e. 1e-4, within BERT's usual 2e-5 to 1e-4).")
    public double fineTuneFactor = 0.01;

    @Option(names = "--fine-tune-steps", description = "Fine-tuning steps at least (whole epochs of batch 32; default:"
            + " ${DEFAULT-VALUE}).")
    public int fineTuneSteps = 32;

    // Named by its negative form: picocli 4.7 gives a negatable option the opposite of its default when its declared
    // name is given, so "--fine-tune" with default true turned fine-tuning off.
    @Option(names = "--no-fine-tune", negatable = true, description = "Train the head only, without fine-tuning the top"
            + " blocks (default: the top blocks are fine-tuned; --fine-tune says so explicitly).")
    public boolean fineTune = true;

    @Option(names = "--out", description = "Output directory (default: ${DEFAULT-VALUE}).")
    public Path outputDir = Path.of("transfer4j-out", "text-study");

    void validate() {
        if (ks.isEmpty() || seeds.isEmpty() || ks.stream().anyMatch(k -> k < 1)) {
            throw new IllegalArgumentException("--k and --seeds must not be empty and K must be >= 1, got " + ks + ", " + seeds);
        }
        if (testPerClass < 1 || fineTuneBlocks < 1 || fineTuneSteps < 1 || !(fineTuneFactor > 0 && fineTuneFactor <= 1)) {
            throw new IllegalArgumentException("--test-per-class, --fine-tune-blocks and --fine-tune-steps must be >= 1 and"
                    + " --fine-tune-factor in (0, 1]");
        }
    }
}
