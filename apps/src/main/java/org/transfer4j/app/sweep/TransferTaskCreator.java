package org.transfer4j.app.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.TaskCreator;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.optimize.runner.CandidateInfo;
import org.deeplearning4j.arbiter.optimize.runner.CandidateStatus;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.listener.StatusListener;
import org.transfer4j.app.finetune.FineTune;
import org.transfer4j.app.finetune.RunSpec;
import org.transfer4j.common.Json;
import org.transfer4j.report.TrainingReport;
import org.transfer4j.plan.TrainingListener;
import org.transfer4j.train.TrainerState;

/**
 * Arbiter's hook for training a candidate: here a candidate is a transfer plan, trained by
 * {@link FineTune} with early stopping (and successive halving), scored by its best validation
 * accuracy. What Arbiter lacks is added around it: a candidate already in the journal returns its
 * recorded result without training (resume); every finished candidate, failed ones with their stack
 * trace, is journalled before Arbiter hears of it.
 */
final class TransferTaskCreator implements TaskCreator {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TransferTaskCreator.class);
    private final RunSpec template;
    private final Path dir;
    private final Journal journal;
    private final SuccessiveHalving pruner;
    private final Runnable afterCandidate;

    TransferTaskCreator(RunSpec template, Path dir, Journal journal, SuccessiveHalving pruner, Runnable afterCandidate) {
        this.template = template;
        this.dir = dir;
        this.journal = journal;
        this.pruner = pruner;
        this.afterCandidate = afterCandidate;
    }

    @Override
    public Callable<OptimizationResult> create(Candidate candidate, DataProvider dataProvider, ScoreFunction scoreFunction,
                                               List<StatusListener> statusListeners, IOptimizationRunner runner) {
        return () -> run(candidate, runner);
    }

    @Override
    public Callable<OptimizationResult> create(Candidate candidate, Class<? extends DataSource> dataSource,
                                               Properties dataSourceProperties, ScoreFunction scoreFunction,
                                               List<StatusListener> statusListeners, IOptimizationRunner runner) {
        return () -> run(candidate, runner);
    }

    static Path candidateDir(Path sweepDir, int index) {
        return sweepDir.resolve("candidates").resolve(String.format("%03d", index));
    }

    @SuppressWarnings("unchecked")
    private OptimizationResult run(Candidate candidate, IOptimizationRunner runner) throws Exception {
        int index = candidate.getIndex();
        Journal.Entry done = journal.get(index);
        if (done != null) {
            if (done.status().equals(Journal.Entry.FAILED)) {
                throw new CandidateFailedException("candidate " + index + " failed in an earlier run; see " + Journal.FILE);
            }
            return result(candidate, done, runner);
        }
        Map<String, Object> params = (Map<String, Object>) candidate.getValue();
        Path out = candidateDir(dir, index);
        long t0 = System.nanoTime();
        Journal.Entry e;
        try {
            RunSpec run = template.with(params, out);
            if (pruner != null) {
                replayCheckpoint(out);
            }
            LOG.info("candidate {}: {}", index, params);
            TrainingReport r = FineTune.run(run, pruner == null ? null
                    : TrainingListener.onEpochs(ep -> pruner.continueAfter(ep.epoch(), ep.validationAccuracy())));
            List<Double> curve = r.history().stream().map(TrainingListener.EpochInfo::validationAccuracy).toList();
            boolean pruned = r.stopReason() != null && r.stopReason().startsWith("pruned");
            e = new Journal.Entry(index, params, pruned ? Journal.Entry.PRUNED : Journal.Entry.COMPLETE, r.validation().accuracy(),
                    r.test() == null ? null : r.test().accuracy(), curve, r.stopReason(), null, (System.nanoTime() - t0) / 1e9,
                    dir.relativize(out).toString());
        } catch (Exception | Error ex) {
            StringWriter trace = new StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            e = new Journal.Entry(index, params, Journal.Entry.FAILED, null, null, List.of(), null, trace.toString(),
                    (System.nanoTime() - t0) / 1e9, dir.relativize(out).toString());
            LOG.warn("candidate {} failed: {}", index, ex.toString());
        }
        journal.add(e);
        afterCandidate.run();
        if (e.status().equals(Journal.Entry.FAILED)) {
            throw new CandidateFailedException("candidate " + index + " failed; see " + Journal.FILE);
        }
        return result(candidate, e, runner);
    }

    /** A candidate killed mid-run resumes from its checkpoint: its earlier rung scores count again. */
    private void replayCheckpoint(Path out) throws IOException {
        Path state = out.resolve("checkpoints").resolve("state.json");
        if (Files.isRegularFile(state)) {
            pruner.replay(Json.readFile(state, TrainerState.class).history().stream()
                    .map(TrainingListener.EpochInfo::validationAccuracy).toList());
        }
    }

    private static OptimizationResult result(Candidate c, Journal.Entry e, IOptimizationRunner runner) {
        CandidateInfo info = new CandidateInfo(e.index(), e.status().equals(Journal.Entry.FAILED) ? CandidateStatus.Failed
                : CandidateStatus.Complete, e.score(), System.currentTimeMillis(), null, null, c.getFlatParameters(), e.error());
        return new OptimizationResult(c, e.score(), e.index(), e, info, null);
    }

    /** Thrown so that Arbiter's runner counts the candidate as failed; the journal has the cause. */
    static final class CandidateFailedException extends Exception {
        CandidateFailedException(String message) {
            super(message);
        }
    }
}
