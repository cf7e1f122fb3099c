package org.transfer4j.app.launch;

import java.io.PrintWriter;

import picocli.CommandLine;

/**
 * Runs a picocli command as the command line does: bad or unknown arguments print one line and where the usage is
 * (exit 2; the usage itself, 100 lines, scrolled the message away), a failure prints one line (the cause's message),
 * never a stack trace (exit 1). The commands' IDE mains and
 * {@code Transfer4jCli} both go through it, so no command depends on the class that lists them all.
 */
public final class Launcher {
    private Launcher() {
    }

    /** Runs {@code command} (a picocli command object) with {@code args}; returns the exit code. */
    public static int execute(Object command, String... args) {
        System.setProperty("java.awt.headless", "true");
        CommandLine cli = new CommandLine(command);
        cli.setExecutionExceptionHandler(Launcher::failure);
        cli.setParameterExceptionHandler((e, a) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("error: " + message(e));
            cmd.getErr().println(seeHelp(cmd));
            return 2;
        });
        return cli.execute(args);
    }

    private static int failure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        err.println("error: " + message(e));
        if (e instanceof IllegalArgumentException) {
            // A value the options accepted but the command refused: the usage says what is valid.
            err.println(seeHelp(cmd));
            return 2;
        }
        return 1;
    }

    /** "see 'transfer4j finetune --help'": where the options are listed. */
    static String seeHelp(CommandLine cmd) {
        return "see '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options";
    }

    /** The exception's message, with its cause's when that adds something. */
    public static String message(Throwable e) {
        String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        Throwable c = e.getCause();
        if (c != null && c.getMessage() != null && !m.contains(c.getMessage())) {
            m += " (" + c.getMessage() + ")";
        }
        return m.replace('\n', ' ');
    }
}
