package org.transfer4j.report;

import java.util.List;
import java.util.Map;

import org.transfer4j.plan.TrainingListener;
import org.transfer4j.plan.TransferPlan;

/**
 * The outcome of one fine-tuning run, written as Markdown and JSON beside a learning-curve and a
 * confusion-matrix PNG ({@link ReportWriter}).
 *
 * @param featurize how the frozen part's activations were obtained (null: not featurized, the whole
 *                  network ran every step)
 * @param test      null when the data has no test split
 */
public record TrainingReport(TransferPlan plan, String baseWeightsSha256, List<String> classes, Data data,
                             Featurize featurize, List<TrainingListener.EpochInfo> history, int bestEpoch, String stopReason,
                             int resumedAtEpoch, Scores validation, Scores test, String modelFile, double seconds,
                             Provenance provenance, Adapted adaptation) implements Report {

    /** A report of a run without domain adaptation. */
    public TrainingReport(TransferPlan plan, String baseWeightsSha256, List<String> classes, Data data, Featurize featurize,
                          List<TrainingListener.EpochInfo> history, int bestEpoch, String stopReason, int resumedAtEpoch,
                          Scores validation, Scores test, String modelFile, double seconds, Provenance provenance) {
        this(plan, baseWeightsSha256, classes, data, featurize, history, bestEpoch, stopReason, resumedAtEpoch, validation,
                test, modelFile, seconds, provenance, null);
    }

    @Override
    public String toMarkdown() {
        return TrainingReportWriter.markdown(this);
    }

    @Override
    public Map<String, org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts() {
        return TrainingReportWriter.charts(this);
    }

    /**
     * Where the data came from and how many examples each split used; {@code skipped}: the files left out as no usable
     * image, each with its reason (never counted in the splits).
     */
    public record Data(String source, String fingerprint, int train, int validation, int test,
                       List<org.transfer4j.data.image.SkippedFile> skipped) {
        public Data {
            skipped = skipped == null ? List.of() : List.copyOf(skipped);
        }
    }

    public record Featurize(boolean cacheHit, double seconds, String key) {
    }

    /**
     * Domain adaptation: the method as run, the unlabelled target images it read (and the files left out), the fixed
     * steps, and the scores on labelled target images when some were given for evaluation ({@code evaluatedOn}; else
     * both null).
     * The validation and test scores of the report are the source domain's.
     */
    public record Adapted(String method, String targetFrom, int targetImages, List<String> skippedTargets, int steps,
                          Scores targetScores, String evaluatedOn) {
        public Adapted {
            skippedTargets = skippedTargets == null ? List.of() : List.copyOf(skippedTargets);
        }
    }

    public record Scores(int examples, double accuracy, double loss, long[][] confusion) {
    }
}
