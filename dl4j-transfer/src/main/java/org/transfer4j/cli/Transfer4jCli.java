package org.transfer4j.cli;

import java.util.concurrent.Callable;

import org.transfer4j.finetune.FineTune;
import org.transfer4j.finetune.FineTuneOptions;
import org.transfer4j.finetune.TrainingReportWriter;
import org.transfer4j.study.StudyOptions;
import org.transfer4j.study.StudyReportWriter;
import org.transfer4j.study.TransferStudy;
import org.transfer4j.zoo.inspect.InspectCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code transfer4j <command>}: the project's command line (see transfer4j.sh). */
@Command(name = "transfer4j", mixinStandardHelpOptions = true, subcommands = {Transfer4jCli.Study.class,
        Transfer4jCli.FineTuneCommand.class, Transfer4jCli.SweepCommand.class,
        Transfer4jCli.DomainCommand.class, InspectCommand.class}, description = "Transfer learning with Deeplearning4j.")
public final class Transfer4jCli implements Runnable {
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new Transfer4jCli()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** The Fashion-MNIST transfer study. */
    @Command(name = "study", description = "Run the Fashion-MNIST transfer study.")
    static final class Study implements Callable<Integer> {
        @Mixin
        StudyOptions options = new StudyOptions();

        @Override
        public Integer call() throws Exception {
            var report = TransferStudy.run(options);
            System.out.println(StudyReportWriter.markdownTable(report));
            System.out.println("Report: " + options.outputDir.resolve(StudyReportWriter.MARKDOWN).toAbsolutePath());
            return 0;
        }
    }

    /** Fine-tune a base network on a task with a plan. */
    @Command(name = "finetune", mixinStandardHelpOptions = true, description = "Adapt a pretrained network to a task (feature extraction, fine-tuning or"
            + " gradual unfreezing), with early stopping, checkpoints and resume, model export and a report.")
    static final class FineTuneCommand implements Callable<Integer> {
        @Mixin
        FineTuneOptions options = new FineTuneOptions();

        @Override
        public Integer call() throws Exception {
            var report = FineTune.run(options);
            System.out.println(TrainingReportWriter.summary(report));
            System.out.println("Report: " + options.outputDir.resolve(TrainingReportWriter.MARKDOWN).toAbsolutePath());
            return 0;
        }
    }

    /** A hyperparameter sweep over transfer choices. */
    @Command(name = "sweep", mixinStandardHelpOptions = true, description = "Search transfer choices with Arbiter (space from --space FILE or the default),"
            + " resumable, with successive-halving pruning; writes a leaderboard and the best model.")
    static final class SweepCommand implements Callable<Integer> {
        @Mixin
        org.transfer4j.sweep.SweepOptions options = new org.transfer4j.sweep.SweepOptions();

        @Override
        public Integer call() throws Exception {
            var report = org.transfer4j.sweep.Sweep.run(options);
            System.out.println(org.transfer4j.sweep.SweepReportWriter.table(report, 12));
            System.out.println("Leaderboard: " + options.template.outputDir.resolve(org.transfer4j.sweep.SweepReportWriter.MARKDOWN)
                    .toAbsolutePath());
            return 0;
        }
    }

    /** The domain-adaptation study. */
    @Command(name = "domain", mixinStandardHelpOptions = true, description = "Source only, DANN, Deep CORAL, MMD and the target oracle on shifted Fashion-MNIST.")
    static final class DomainCommand implements Callable<Integer> {
        @Mixin
        org.transfer4j.domain.DomainStudyOptions options = new org.transfer4j.domain.DomainStudyOptions();

        @Override
        public Integer call() throws Exception {
            var report = org.transfer4j.domain.DomainStudy.run(options);
            System.out.println(org.transfer4j.domain.DomainReportWriter.table(report));
            System.out.println("Report: " + options.outputDir.resolve(org.transfer4j.domain.DomainReportWriter.MARKDOWN).toAbsolutePath());
            return 0;
        }
    }
}
