package org.transfer4j.app.finetune;

import org.transfer4j.report.TrainingReport;
import org.transfer4j.plan.TrainingListener;
import java.nio.file.Path;

/**
 * A fine-tuning run for {@link KillAndResumeIT} to start in its own JVM: prints "step EPOCH STEP"
 * after every training step (so the parent knows when to kill it) and the report summary at the end.
 * Arguments: output directory, then FineTune options.
 */
public final class KillableFineTune {
    private KillableFineTune() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        FineTuneOptions o = new FineTuneOptions();
        new picocli.CommandLine(o).parseArgs(java.util.Arrays.copyOfRange(args, 1, args.length));
        o.outputDir = Path.of(args[0]);
        TrainingReport r = FineTune.run(o, TrainingListener.onSteps(step -> {
            // 0-based epoch, as the killing test reads it
            System.out.println("step " + (step.epoch() - 1) + " " + step.step());
            System.out.flush();
        }));
        System.out.println("done resumedAt=" + r.resumedAtEpoch());
    }
}
