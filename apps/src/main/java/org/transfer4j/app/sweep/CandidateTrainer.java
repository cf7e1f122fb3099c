package org.transfer4j.app.sweep;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.transfer4j.plan.TrainingListener;
import org.transfer4j.app.finetune.FineTune;
import org.transfer4j.app.finetune.RunSpec;
import org.transfer4j.report.TrainingReport;

/** Trains one {@link RungJob} in a candidate directory: the same call whether it runs here or on a Spark executor. */
final class CandidateTrainer {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CandidateTrainer.class);

    private CandidateTrainer() {
    }

    /** Never throws: a failure is a {@link Journal.Entry#FAILED} result with the stack trace. */
    static RungResult train(RunSpec template, Path candidateDir, RungJob job) {
        long t0 = System.nanoTime();
        try {
            // A rung after the first must go on from the checkpoint, whatever the template says.
            RunSpec run = template.with(job.params(), candidateDir).resuming();
            LOG.info("candidate {} to epoch {}: {}", job.index(), job.until(), job.params());
            TrainingReport r = FineTune.runUntil(run, job.until());
            return RungResult.of(job.index(), r.stopReason() == null ? RungResult.PAUSED : Journal.Entry.COMPLETE,
                    r.validation().accuracy(), r.test() == null ? null : r.test().accuracy(),
                    r.history().stream().map(TrainingListener.EpochInfo::validationAccuracy).toList(), r.stopReason(), null,
                    (System.nanoTime() - t0) / 1e9);
        } catch (Exception | Error ex) {
            StringWriter trace = new StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            LOG.warn("candidate {} failed: {}", job.index(), ex.toString());
            return RungResult.of(job.index(), Journal.Entry.FAILED, null, null, null, null, trace.toString(),
                    (System.nanoTime() - t0) / 1e9);
        }
    }
}
