package org.transfer4j.app.finetune;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.transfer4j.api.Fit;
import org.transfer4j.api.Transfer;
import org.transfer4j.common.Json;
import org.transfer4j.data.image.AugmentationSpec;
import org.transfer4j.plan.Base;
import org.transfer4j.plan.BatchNormPolicy;
import org.transfer4j.plan.Optimizer;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TaskData;
import org.transfer4j.plan.TrainingListener;

/**
 * A fine-tuning run as a value: the base, the data, the plan and the training, immutable and written as JSON. The
 * {@code finetune} command's options produce one ({@link FineTuneOptions#run()}); a sweep derives each candidate's
 * from its template ({@link #with}), writes the template into its manifest and ships it to Spark executors as JSON;
 * {@link #transfer()}, {@link #taskData()} and {@link #fit} make the typed API's calls from it.
 *
 * @param base      catalogue:ID, architecture:NAME, keras:FILE, tfjs:DIR or saved:FILE (see {@link Base#parse})
 * @param namesFrom catalogue model or architecture naming a file base's feature vertex, classifier and blocks
 * <p>Paths are written as given (relative stays relative), not as Jackson's absolute file URIs, so a manifest does
 * not change with the working directory; {@link #absolute()} resolves them for machines with another one.
 *
 * @param outputDir where the run writes its checkpoints, model and report
 */
public record RunSpec(String base, String namesFrom,
                      @JsonSerialize(using = ToStringSerializer.class) @JsonDeserialize(using = PathAsWritten.class) Path mirror,
                      Data data, Plan plan, Training training,
                      @JsonSerialize(using = ToStringSerializer.class) @JsonDeserialize(using = PathAsWritten.class) Path outputDir) {
    /**
     * Reads a path as it was written. Jackson's own reader takes any text with a colon for a URI, so a directory named
     * {@code lr:0.1} would not read back.
     */
    static final class PathAsWritten extends com.fasterxml.jackson.databind.JsonDeserializer<Path> {
        @Override
        public Path deserialize(com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.databind.DeserializationContext c)
                throws java.io.IOException {
            return Path.of(p.getValueAsString());
        }
    }

    /** The task: Fashion-MNIST classes ({@code source} "fashion-mnist") or an image folder (its path). */
    public record Data(String source,
                       @JsonSerialize(using = ToStringSerializer.class) @JsonDeserialize(using = PathAsWritten.class) Path fashionDir, List<Integer> targetClasses, int k, int validationPerClass, int testLimit,
                       double validationFraction, double testFraction, boolean augment, int augmentMagnitude) {
        public Data {
            targetClasses = targetClasses == null ? null : List.copyOf(targetClasses);
        }
    }

    /** What to do to the base: the strategy by name and its numbers, the head, BatchNorm and the optimiser. */
    public record Plan(String strategy, String featureVertex, int blocks, int headEpochs, int everyEpochs,
                       double backboneRateFactor, double perBlockDecay, BatchNormPolicy batchNorm, int hidden, double dropout,
                       Optimizer.Updater updater, double learningRate, double lrDecayPerEpoch, double weightDecay, long seed,
                       boolean calibrateBatchNorm, boolean featurizeCache, int inputSize) {
    }

    /** How long and in what batches; {@code fresh}: delete an earlier run's checkpoint instead of resuming it. */
    public record Training(int maxEpochs, int patience, int batchSize, boolean fresh) {
    }

    /** The sweep's parameters, each at its place in the run's JSON (what a candidate's value replaces). */
    public enum Parameter {
        STRATEGY("strategy", "/plan/strategy"), BLOCKS("blocks", "/plan/blocks"), LEARNING_RATE("learningRate", "/plan/learningRate"),
        BACKBONE_RATE_FACTOR("backboneRateFactor", "/plan/backboneRateFactor"), WEIGHT_DECAY("weightDecay", "/plan/weightDecay"),
        HIDDEN("hidden", "/plan/hidden"), DROPOUT("dropout", "/plan/dropout"), BATCH_SIZE("batchSize", "/training/batchSize"),
        AUGMENT_MAGNITUDE("augmentMagnitude", "/data/augmentMagnitude"), BATCH_NORM("batchNorm", "/plan/batchNorm");

        private final String key;
        private final String pointer;

        Parameter(String key, String pointer) {
            this.key = key;
            this.pointer = pointer;
        }

        /** The name a sweep space and a candidate use. */
        public String key() {
            return key;
        }

        /** The parameter named {@code key}, refused with the names there are. */
        public static Parameter of(String key) {
            for (Parameter p : values()) {
                if (p.key.equals(key)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown sweep parameter " + key + "; parameters are "
                    + java.util.Arrays.stream(values()).map(Parameter::key).toList());
        }
    }

    /** This run with the candidate's values of sweep parameters, writing into {@code dir}. */
    public RunSpec with(java.util.Map<String, Object> parameters, Path dir) {
        ObjectNode tree = Json.MAPPER.valueToTree(this);
        parameters.forEach((key, value) -> {
            String pointer = Parameter.of(key).pointer;
            int slash = pointer.lastIndexOf('/');
            ((ObjectNode) tree.at(pointer.substring(0, slash))).set(pointer.substring(slash + 1),
                    Json.MAPPER.valueToTree(value));
        });
        tree.put("outputDir", dir.toString());
        return Json.MAPPER.convertValue(tree, RunSpec.class);
    }

    /**
     * This run with every path absolute, resolved against this JVM's working directory: what a Spark executor, whose
     * working directory is another, is sent (the data must be readable at the same path on every executor).
     */
    public RunSpec absolute() {
        Data d = data;
        boolean folder = !"fashion-mnist".equals(d.source());
        Data abs = new Data(folder ? Path.of(d.source()).toAbsolutePath().toString() : d.source(),
                d.fashionDir() == null ? null : d.fashionDir().toAbsolutePath(), d.targetClasses(), d.k(), d.validationPerClass(),
                d.testLimit(), d.validationFraction(), d.testFraction(), d.augment(), d.augmentMagnitude());
        Base b = Base.parse(base);
        boolean file = b.kind() == Base.Kind.SAVED || b.kind() == Base.Kind.KERAS || b.kind() == Base.Kind.TFJS;
        String absBase = file ? new Base(b.kind(), Path.of(b.ref()).toAbsolutePath().toString()).toString() : base;
        // The study's source model is named by its relative default; its names come with it (see transfer()).
        String names = namesFrom == null && base.equals(FineTuneOptions.STUDY_SOURCE) ? "StudyLeNet" : namesFrom;
        return new RunSpec(absBase, names, mirror == null ? null : mirror.toAbsolutePath(), abs, plan, training,
                outputDir == null ? null : outputDir.toAbsolutePath());
    }

    /** This run resuming from its checkpoint whatever it says (a sweep's later rungs). */
    public RunSpec resuming() {
        return new RunSpec(base, namesFrom, mirror, data, plan, new Training(training.maxEpochs(), training.patience(),
                training.batchSize(), false), outputDir);
    }

    /** This run on another base and feature vertex (a sweep seeded by an advise report). */
    public RunSpec withBase(String otherBase, String featureVertex) {
        Plan p = plan;
        return new RunSpec(otherBase, namesFrom, mirror, data, new Plan(p.strategy(), featureVertex, p.blocks(), p.headEpochs(),
                p.everyEpochs(), p.backboneRateFactor(), p.perBlockDecay(), p.batchNorm(), p.hidden(), p.dropout(), p.updater(),
                p.learningRate(), p.lrDecayPerEpoch(), p.weightDecay(), p.seed(), p.calibrateBatchNorm(), p.featurizeCache(),
                p.inputSize()),
                training, outputDir);
    }

    /** The strategy the plan names; validates every value. */
    public Strategy strategy() {
        Plan p = plan;
        return switch (p.strategy()) {
            case "feature-extraction" -> Strategy.featureExtraction(p.featureVertex());
            case "fine-tune" -> Strategy.lastBlocks(p.blocks(), p.backboneRateFactor(), p.perBlockDecay());
            case "gradual" -> Strategy.gradual(p.headEpochs(), p.everyEpochs(), p.blocks(), p.backboneRateFactor(), p.perBlockDecay());
            case "scratch" -> Strategy.scratch();
            case "file-freezing" -> new Strategy.KeepFileFreezing(null, p.backboneRateFactor());
            default -> throw new IllegalArgumentException("--strategy must be feature-extraction, fine-tune, gradual,"
                    + " file-freezing or scratch, got " + p.strategy());
        };
    }

    /** The typed job this run describes (Tribuo's Options.getTrainer pattern). */
    public Transfer transfer() {
        Base b = Base.parse(base);
        if ((b.kind() == Base.Kind.SAVED || b.kind() == Base.Kind.KERAS) && !Files.isRegularFile(Path.of(b.ref()))) {
            throw new IllegalArgumentException("--base " + base + ": " + Path.of(b.ref()).toAbsolutePath() + " does not exist"
                    + (base.equals(FineTuneOptions.STUDY_SOURCE) ? "; it is the LeNet study's source model, made by"
                    + " './transfer4j.sh study' (or 'bash run-study.sh'); or pass another --base (catalogue:ID, architecture:NAME,"
                    + " keras:FILE, saved:FILE)" : ""));
        }
        Plan p = plan;
        if (p.inputSize() != 0 && (p.inputSize() < 16 || p.inputSize() > 1024)) {
            throw new IllegalArgumentException("--input-size must be 0 (the base's own size) or in [16, 1024], got " + p.inputSize());
        }
        Transfer t = Transfer.from(b).strategy(strategy()).head(p.hidden(), p.dropout()).updater(p.updater())
                .learningRate(p.learningRate()).learningRateDecay(p.lrDecayPerEpoch()).weightDecay(p.weightDecay())
                .seed(p.seed()).batchNorm(p.batchNorm()).calibrateBatchNorm(p.calibrateBatchNorm())
                .featurizeCache(p.featurizeCache()).mirror(mirror);
        if (p.inputSize() > 0) {
            t = t.inputSize(p.inputSize());
        }
        // The study's source zip carries no input record to find its parts from: its names are the study LeNet's.
        return t.namesFrom(namesFrom == null && base.equals(FineTuneOptions.STUDY_SOURCE) ? "StudyLeNet" : namesFrom);
    }

    /** The task data this run names. */
    public TaskData taskData() {
        Data d = data;
        if ("fashion-mnist".equals(d.source())) {
            return TaskData.fashionMnist(d.targetClasses().stream().mapToInt(Integer::intValue).toArray()).k(d.k())
                    .validationPerClass(d.validationPerClass()).testLimit(d.testLimit()).dataDir(d.fashionDir());
        }
        AugmentationSpec aug = d.augmentMagnitude() > 0 ? AugmentationSpec.randAugment(2, d.augmentMagnitude())
                : d.augment() ? AugmentationSpec.standard() : AugmentationSpec.none();
        return TaskData.folder(Path.of(d.source())).split(d.validationFraction(), d.testFraction())
                .splitFile(outputDir.resolve("split.json")).augment(aug);
    }

    /** How to train, checkpointing into the output directory, with the given listener (may be null). */
    public Fit fit(TrainingListener listener, boolean progressBar) {
        return Fit.epochs(training.maxEpochs()).patience(training.patience()).batchSize(training.batchSize())
                .checkpoints(outputDir.resolve("checkpoints")).fresh(training.fresh()).progressBar(progressBar)
                .listener(listener);
    }

    /** The run as the JSON tree a manifest holds. */
    public JsonNode toJson() {
        return Json.MAPPER.valueToTree(this);
    }
}
