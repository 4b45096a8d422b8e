package dev.graft.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The {@code graft} command. Every error ends with one line, {@code graft: <what went wrong>}, and exit status
 * 1; {@code --verbose} (before or after the subcommand) adds the stack trace. Errors in what the user gave (a
 * missing file, an unknown model, a bad shape) are told by their message alone; anything else is named by its
 * exception type too.
 */
@Command(name = "graft", mixinStandardHelpOptions = true, version = "graft 0.1.0",
        description = "Transfer learning and fine-tuning of pretrained image models, the Keras way.",
        subcommands = {GuideCommand.class, FinetuneCommand.class, EvaluateCommand.class, SummaryCommand.class,
                PredictCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class GraftCli {
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "On an error, print the stack trace too.")
    boolean verbose;

    @Mixin
    DeviceOption device = new DeviceOption();

    /** Where long-running commands write progress bars: the same text stream as the command's output. */
    private PrintStream progressStream;
    /** Whether {@link #progressStream} is a terminal, where progress bars are redrawn in place. */
    private boolean interactive;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        System.exit(run(out, new PrintWriter(System.err, true), System.out, System.console() != null, args));
    }

    /** Runs {@code graft args} writing to {@code out} and {@code err}; returns the exit status. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, new PrintStream(new WriterOutputStream(out), true, StandardCharsets.UTF_8), false, args);
    }

    private static int run(PrintWriter out, PrintWriter err, PrintStream progress, boolean interactive,
            String... args) {
        GraftCli graft = new GraftCli();
        graft.progressStream = progress;
        graft.interactive = interactive;
        CommandLine cli = new CommandLine(graft);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionStrategy(DeviceOption.strategy(cli));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter errors = commandLine.getErr();
            errors.println("graft: " + describe(reported(e), verbose(parseResult)));
            if (verbose(parseResult)) {
                e.printStackTrace(errors);
            }
            errors.flush();
            return 1;
        });
        return cli.execute(args);
    }

    /** The progress output of the command {@code spec} belongs to. */
    static ProgressSink progress(CommandSpec spec) {
        GraftCli root = (GraftCli) spec.root().userObject();
        return new ProgressSink(root.progressStream, root.interactive);
    }

    /** Whether {@code --verbose} was given to the command or to any subcommand. */
    private static boolean verbose(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The exception whose message to show: for a failure wrapped on its way up (a data pipeline's
     * IllegalStateException that names the stage and element), the innermost IllegalArgumentException in its
     * causes, which says what is wrong with which input (e.g. the image file that cannot be decoded).
     */
    private static Exception reported(Exception e) {
        if (!(e instanceof IllegalStateException)) {
            return e;
        }
        Exception reported = e;
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof IllegalArgumentException badInput) {
                reported = badInput;
            }
        }
        return reported;
    }

    /**
     * One line: the message of a user error (Graft's messages say what and where), the type and message of a
     * file-system error (whose message is often just the path), or the exception type and message of anything
     * else, which is a bug to report.
     */
    private static String describe(Exception e, boolean verbose) {
        String message = e.getMessage() == null ? "" : e.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
        boolean userError = e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof UncheckedIOException;
        if (userError && !message.isEmpty()) {
            return message;
        }
        if (e instanceof IOException) {
            return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
        }
        return e.getClass().getName() + (message.isEmpty() ? "" : ": " + message)
                + (verbose ? "" : " (run with --verbose for the stack trace)");
    }
}
