package org.transfer4j.app.sweep;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** A hyperparameter sweep over transfer choices. */
@Command(name = "sweep", mixinStandardHelpOptions = true, description = "Search transfer choices with Arbiter (space from --space FILE or the default),"
        + " resumable, with successive-halving pruning; writes a leaderboard and the best model.")
public final class SweepCommand implements Callable<Integer> {
    @Mixin
    SweepOptions options = new SweepOptions();

    @Override
    public Integer call() throws Exception {
        var report = Sweep.run(options);
        System.out.println(SweepReportWriter.table(report, 12));
        System.out.println("Leaderboard: " + options.template.outputDir.resolve(SweepReportWriter.MARKDOWN).toAbsolutePath());
        return 0;
    }
}
