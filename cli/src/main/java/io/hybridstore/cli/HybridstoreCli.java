package io.hybridstore.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hybridstore}: the operator's command (bin/hybridstore runs this jar). Each subcommand is a
 * class here; a failure is a {@link CliFailure} carrying its exit code ({@link ExitCode}), printed
 * in one line on stderr, or as {@code {"error":{"exitCode","message"}}} on stdout under {@code --json}.
 */
@Command(name = "hybridstore", mixinStandardHelpOptions = true, version = "hybridstore 0.1.0",
        description = {"Operate a hybridstore cluster.",
                "By default the local one: its .run/cluster.env, found from the working directory upwards, or HYBRIDSTORE_RUN_DIR. "
                        + "A real one through HYBRIDSTORE_GATEWAY, HYBRIDSTORE_HEALERS, HYBRIDSTORE_ETCD, HYBRIDSTORE_NODES and "
                        + "CLUSTER_TOKEN, or the same as flags. Every remote call is bounded by --timeout (default 5s). "
                        + "Every command takes --json and --help."},
        footer = ExitCode.HELP,
        subcommands = {StatusCommand.class, NodesCommand.class, WatchCommand.class, InspectCommand.class, HealCommand.class,
                PutCommand.class, GetCommand.class, LsCommand.class, RmCommand.class, NodeProcessCommand.Kill.class,
                NodeProcessCommand.Start.class, KeysCommand.class, ReportCommand.class, IndexCommand.class})
public final class HybridstoreCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "which command? (hybridstore --help lists them)");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: exit codes from {@link ExitCode}, failures printed as the table says. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new HybridstoreCli());
        cli.setExecutionExceptionHandler(HybridstoreCli::failed);
        cli.setParameterExceptionHandler(HybridstoreCli::misused);
        return cli;
    }

    private static int failed(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        int code = e instanceof CliFailure f ? f.exitCode() : ExitCode.FAILED;
        String message = e instanceof CliFailure ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        CommandLine.ParseResult innermost = parsed;
        while (innermost.subcommand() != null) {
            innermost = innermost.subcommand(); // keys create: the option is on the innermost command
        }
        return report(command, innermost.hasMatchedOption("--json"), code, message);
    }

    /**
     * A command line that does not parse (an unknown option, a missing argument, a value that does not
     * convert, no command): one line naming the command's {@code --help}, exit 2. picocli's own handler
     * prints the whole usage after the message, thirty lines in which the one that matters is lost.
     */
    private static int misused(CommandLine.ParameterException e, String[] args) {
        String message = e.getMessage();
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            message += "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        CommandLine command = e.getCommandLine();
        return report(command, Arrays.asList(args).contains("--json"), ExitCode.USAGE,
                message + " (" + command.getCommandSpec().qualifiedName(" ") + " --help shows the usage)");
    }

    /** One line: on stderr, or as {@code {"error":{"exitCode","message"}}} on stdout under {@code --json}. */
    private static int report(CommandLine command, boolean json, int code, String message) {
        String line = message == null ? "failed" : message.replaceAll("\\s*\\R\\s*", " ");
        if (json) {
            System.out.println(Json.line(Map.of("error", Map.of("exitCode", code, "message", line))));
        } else {
            PrintWriter err = command.getErr();
            err.println(command.getCommandSpec().qualifiedName(" ") + ": " + line);
            err.flush();
        }
        return code;
    }
}
