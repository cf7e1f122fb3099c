package org.transfer4j.advise;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.dataset.DataSet;
import org.transfer4j.api.Fit;
import org.transfer4j.api.Transfer;
import org.transfer4j.api.TransferResult;
import org.transfer4j.common.Progress;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TaskData;
import org.transfer4j.plan.TrainingListener;
import org.transfer4j.train.Epochs;

/**
 * The advisor's probes: each a short {@link Transfer} run of one strategy on a prefix of the class-balanced probe
 * sample, measured on the same validation examples, within a budget all probes share. Probes are keyed by their
 * strategy value.
 */
final class ProbeRunner {
    final List<StrategyAdvice.Probe> all = new ArrayList<>();
    private final Map<Strategy, List<WallTime.Run>> times = new LinkedHashMap<>();
    private final StrategyAdvisor settings;
    private final List<String> classes;
    private final DataSet train;
    private final DataSet validation;
    private final long start;
    private final Progress progress;

    ProbeRunner(StrategyAdvisor settings, List<String> classes, DataSet train, DataSet validation, long start, Progress progress) {
        this.settings = settings;
        this.classes = classes;
        this.train = train;
        this.validation = validation;
        this.start = start;
        this.progress = progress;
    }

    double remaining() {
        return settings.budgetSeconds - (System.nanoTime() - start) / 1e9;
    }

    void run(Strategy s, double rate, int n) {
        int epochs = Epochs.atLeast(n, settings.batchSize, settings.minEpochs, settings.minSteps);
        progress.phase(String.format("%s, %d examples, rate %.0e", s.describe(), n, rate));
        double estimate = estimate(s, n);
        if (Double.isNaN(estimate)) {
            // nothing of this strategy ran yet: expect it to cost at least what the cheapest finished probe did
            estimate = all.stream().filter(StrategyAdvice.Probe::ran).mapToDouble(StrategyAdvice.Probe::seconds).min().orElse(0);
        }
        if (remaining() <= 0 || estimate > remaining()) {
            all.add(new StrategyAdvice.Probe(s, rate, n, epochs, Double.NaN, 0,
                    String.format("over budget (%.0f s left%s)", Math.max(0, remaining()),
                            estimate > 0 ? String.format(", about %.0f s needed", estimate) : "")));
            progress.step();
            return;
        }
        long t = System.nanoTime();
        try {
            DataSet sub = (DataSet) train.getRange(0, n);
            sub = new DataSet(sub.getFeatures().dup(), sub.getLabels().dup());
            Transfer tr = Transfer.from(settings.base).strategy(s).learningRate(rate).seed(settings.seed).mirror(settings.mirror);
            if (settings.inputSize > 0) {
                tr.inputSize(settings.inputSize);
            }
            TransferResult r = tr.fit(TaskData.arrays(sub, validation, null, classes), Fit.epochs(epochs).patience(epochs)
                    .batchSize(settings.batchSize).progressBar(false).listener(TrainingListener.onSteps(step -> {
                        if (remaining() <= 0) {
                            throw new OverBudget();
                        }
                    })));
            double seconds = (System.nanoTime() - t) / 1e9;
            all.add(new StrategyAdvice.Probe(s, rate, n, epochs, r.validationAccuracy(), seconds, null));
            if (rate == settings.learningRate) {
                List<WallTime.Epoch> ep = r.report().history().stream().map((TrainingListener.EpochInfo e) -> new WallTime.Epoch(e.steps(),
                        e.seconds())).toList();
                times.computeIfAbsent(s, k -> new ArrayList<>()).add(new WallTime.Run(n, validation.numExamples(), seconds, ep));
            }
            progress.log(String.format("advise: %s on %d examples: validation accuracy %.3f in %.1f s", s.describe(), n,
                    r.validationAccuracy(), seconds));
        } catch (OverBudget e) {
            all.add(new StrategyAdvice.Probe(s, rate, n, epochs, Double.NaN, (System.nanoTime() - t) / 1e9,
                    "stopped: the budget ran out"));
        } catch (IOException | RuntimeException e) {
            all.add(new StrategyAdvice.Probe(s, rate, n, epochs, Double.NaN, (System.nanoTime() - t) / 1e9,
                    "failed: " + e.getMessage()));
            progress.log("advise: " + s.describe() + " failed: " + e);
        }
        progress.step();
    }

    /**
     * Seconds a probe of {@code s} on {@code n} examples will take: the least of its earlier probes' seconds,
     * each scaled up when it had fewer examples; NaN if none ran (a probe that overruns is stopped anyway).
     */
    double estimate(Strategy s, int n) {
        return all.stream().filter(q -> q.ran() && q.strategy().equals(s))
                .mapToDouble(q -> q.seconds() * Math.max(1.0, (double) n / q.examples())).min().orElse(Double.NaN);
    }

    List<StrategyAdvice.Probe> done(Strategy s, double rate) {
        return all.stream().filter(q -> q.ran() && q.strategy().equals(s) && q.learningRate() == rate).toList();
    }

    List<StrategyAdvice.Probe> done(Strategy s) {
        return all.stream().filter(q -> q.ran() && q.strategy().equals(s)).toList();
    }

    List<WallTime.Run> times(Strategy s) {
        return times.get(s);
    }

    /** Thrown from a step listener to stop a probe when the budget runs out. */
    private static final class OverBudget extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OverBudget() {
            super("the advisor's budget ran out", null, false, false);
        }
    }
}
