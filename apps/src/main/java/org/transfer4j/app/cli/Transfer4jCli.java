package org.transfer4j.app.cli;

import org.transfer4j.app.advise.AdviseCli;
import org.transfer4j.app.domain.DomainCommand;
import org.transfer4j.app.finetune.FineTuneCommand;
import org.transfer4j.app.inspect.InspectCommand;
import org.transfer4j.app.launch.Launcher;
import org.transfer4j.app.pretrained.PretrainedStudyCommand;
import org.transfer4j.app.predict.EvaluateCommand;
import org.transfer4j.app.predict.PredictCommand;
import org.transfer4j.app.study.StudyCommand;
import org.transfer4j.app.sweep.SweepCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code transfer4j <command>}: the project's command line (see transfer4j.sh), a thin adapter over
 * the library. Unknown or bad arguments print one line and where the usage is; a failure prints one line (the
 * cause's message), never a stack trace; the exit code says which (2: usage, 1: failure).
 */
@Command(name = "transfer4j", mixinStandardHelpOptions = true, subcommands = {PretrainedStudyCommand.class, StudyCommand.class,
        FineTuneCommand.class, SweepCommand.class,
        DomainCommand.class, org.transfer4j.app.text.TextStudyCommand.class, AdviseCli.class, InspectCommand.class, PredictCommand.class, EvaluateCommand.class}, description = "Transfer learning with Deeplearning4j.")
public final class Transfer4jCli implements Runnable {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs {@code transfer4j args...}; returns the exit code. */
    public static int run(String... args) {
        return Launcher.execute(new Transfer4jCli(), args);
    }

    /** Runs one command: {@code run("study", args)}. */
    public static int run(String command, String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return run(all);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
