package org.transfer4j.app.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.transfer4j.app.domain.DomainReportWriter;
import org.transfer4j.app.domain.DomainStudy;
import org.transfer4j.app.domain.DomainStudyOptions;
import org.transfer4j.app.finetune.FineTune;
import org.transfer4j.app.finetune.FineTuneOptions;
import org.transfer4j.app.inspect.InspectCommand;
import org.transfer4j.app.study.StudyOptions;
import org.transfer4j.app.study.StudyReportWriter;
import org.transfer4j.app.study.TransferStudy;
import org.transfer4j.app.sweep.Sweep;
import org.transfer4j.app.sweep.SweepOptions;
import org.transfer4j.app.sweep.SweepReportWriter;
import org.transfer4j.report.TrainingReportWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code transfer4j <command>}: the project's command line (see transfer4j.sh), a thin adapter over
 * the library. Unknown or bad arguments print one line and the usage; a failure prints one line (the
 * cause's message), never a stack trace; the exit code says which (2: usage, 1: failure).
 */
@Command(name = "transfer4j", mixinStandardHelpOptions = true, subcommands = {Transfer4jCli.PretrainedStudyCommand.class, Transfer4jCli.Study.class,
        Transfer4jCli.FineTuneCommand.class, Transfer4jCli.SweepCommand.class,
        Transfer4jCli.DomainCommand.class, Transfer4jCli.AdviseCli.class, InspectCommand.class}, description = "Transfer learning with Deeplearning4j.")
public final class Transfer4jCli implements Runnable {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs {@code transfer4j args...}; returns the exit code. */
    public static int run(String... args) {
        System.setProperty("java.awt.headless", "true");
        CommandLine cli = new CommandLine(new Transfer4jCli());
        cli.setExecutionExceptionHandler(Transfer4jCli::failure);
        return cli.execute(args);
    }

    /** Runs one command, as the per-command mains do: {@code run("study", args)}. */
    public static int run(String command, String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return run(all);
    }

    private static int failure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        err.println("error: " + message(e));
        if (e instanceof IllegalArgumentException) {
            // A value the options accepted but the command refused: the usage says what is valid.
            cmd.usage(err);
            return 2;
        }
        return 1;
    }

    /** The exception's message, with its cause's when that adds something. */
    static String message(Throwable e) {
        String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        Throwable c = e.getCause();
        if (c != null && c.getMessage() != null && !m.contains(c.getMessage())) {
            m += " (" + c.getMessage() + ")";
        }
        return m.replace('\n', ' ');
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** The pretrained-backbone study: the README's main job. */
    @Command(name = "pretrained-study", mixinStandardHelpOptions = true, description = "Transfer a real pretrained ImageNet"
            + " backbone (nsfwjs' MobileNetV2) to Fashion-MNIST: feature extraction at several cuts, fine-tuning, gradual"
            + " unfreezing, against a linear model on pixels and a LeNet from scratch.")
    static final class PretrainedStudyCommand implements Callable<Integer> {
        @Mixin
        org.transfer4j.app.pretrained.PretrainedStudyOptions options = new org.transfer4j.app.pretrained.PretrainedStudyOptions();

        @Override
        public Integer call() throws Exception {
            var report = org.transfer4j.app.pretrained.PretrainedStudy.run(options);
            System.out.println(org.transfer4j.app.pretrained.PretrainedReportWriter.table(report));
            report.verdicts().forEach(v -> System.out.println(v.sentence()));
            report.cutRankings().forEach(c -> System.out.println(c.sentence()));
            System.out.println("Report: " + options.outputDir.resolve(org.transfer4j.app.pretrained.PretrainedReportWriter.MARKDOWN)
                    .toAbsolutePath());
            return 0;
        }
    }

    /** Rank candidate backbones and cuts on the user's images before training anything. */
    @Command(name = "advise", mixinStandardHelpOptions = true, sortOptions = false, description = "Rank candidate backbones"
            + " and cut points on your labelled images without training (LogME on a seeded sample, with random-weight controls);"
            + " writes advise.md, advise.json and advise.png.")
    static final class AdviseCli implements Callable<Integer> {
        @Mixin
        org.transfer4j.app.advise.AdviseOptions options = new org.transfer4j.app.advise.AdviseOptions();

        @Override
        public Integer call() throws Exception {
            var report = org.transfer4j.app.advise.AdviseCommand.run(options);
            if (report.scores().isEmpty()) {
                // Nothing to recommend: a script must see a failure (the report, with each reason, is still written).
                System.err.println("error: no candidate could be scored: " + report.failures().stream()
                        .map(f -> f.candidate() + ": " + f.reason()).collect(java.util.stream.Collectors.joining("; ")));
                return 1;
            }
            System.out.println(report.recommendation());
            System.out.println(new org.transfer4j.advise.Advise.Ranking(report.scores(), report.failures()).table());
            System.out.println("Report: " + options.outputDir.resolve(org.transfer4j.app.advise.AdviseReportWriter.MARKDOWN)
                    .toAbsolutePath());
            return 0;
        }
    }

    /** The Fashion-MNIST transfer study. */
    @Command(name = "study", mixinStandardHelpOptions = true, description = "Run the LeNet Fashion-MNIST transfer study"
            + " (from scratch, feature extraction and fine-tuning at several K).")
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
        SweepOptions options = new SweepOptions();

        @Override
        public Integer call() throws Exception {
            var report = Sweep.run(options);
            System.out.println(SweepReportWriter.table(report, 12));
            System.out.println("Leaderboard: " + options.template.outputDir.resolve(SweepReportWriter.MARKDOWN).toAbsolutePath());
            return 0;
        }
    }

    /** The domain-adaptation study. */
    @Command(name = "domain", mixinStandardHelpOptions = true, description = "Source only, DANN, Deep CORAL, MMD and the target oracle on shifted Fashion-MNIST.")
    static final class DomainCommand implements Callable<Integer> {
        @Mixin
        DomainStudyOptions options = new DomainStudyOptions();

        @Override
        public Integer call() throws Exception {
            var report = DomainStudy.run(options);
            System.out.println(DomainReportWriter.table(report));
            System.out.println("Report: " + options.outputDir.resolve(DomainReportWriter.MARKDOWN).toAbsolutePath());
            return 0;
        }
    }
}
