package io.ha4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code ha4j} command: the entry point of the command line, holding the subcommands (one class
 * each) and the options every subcommand shares.
 *
 * <p>Stdout carries only a command's output; errors are one line {@code ha4j: ...} on stderr, logs go
 * to stderr too. Exit codes are listed in {@link ExitCodes}. A stack trace is printed only with
 * {@code --verbose}.
 */
@Command(
    name = "ha4j",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = Ha4jCommand.Version.class,
    description = "Leader election and resource failover with Pacemaker's semantics.",
    subcommands = {
        StatusCommand.class, ResourceCommand.class, ConstraintCommand.class, NodeCommand.class, PropertyCommand.class,
        ConfigCommand.class, DrillCommand.class, SimulateCommand.class, ValidateCommand.class, CompletionCommand.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:invalid input (missing file, invalid CIB, a change the configuration refuses)",
      "2:usage error",
      "3:internal error (rerun with --verbose)",
      "4:cluster unavailable (no answer, no quorum)",
      "5:failover drill failed"
    })
public final class Ha4jCommand implements Callable<Integer> {

  private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

  @Spec private CommandSpec spec;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Log at debug level and print stack traces of errors (all on stderr).")
  private boolean verbose;

  /** Used by picocli; run the command through {@link #main} or {@link #newCommandLine()}. */
  public Ha4jCommand() {}

  /** Runs the command and exits the JVM with its exit code. */
  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /**
   * A ready-to-execute command line with ha4j's error handling: usage errors and failures become one
   * line on stderr and an exit code from {@link ExitCodes}. Tests call {@code execute} on it with their
   * own out and err writers.
   */
  public static CommandLine newCommandLine() {
    Ha4jCommand root = new Ha4jCommand();
    CommandLine cmd = new CommandLine(root);
    cmd.setParameterExceptionHandler(Ha4jCommand::handleUsageError);
    cmd.setExecutionExceptionHandler((ex, failed, parseResult) -> handleFailure(ex, failed, root.verbose));
    cmd.setExecutionStrategy(parseResult -> {
      if (root.verbose && System.getProperty(LOG_LEVEL_PROPERTY) == null) {
        // Takes effect if no logger was created yet, which is the case when run from main().
        System.setProperty(LOG_LEVEL_PROPERTY, "debug");
        for (String quiet : new String[] {"org.apache.ratis", "org.apache.zookeeper", "org.apache.curator"}) {
          System.setProperty("org.slf4j.simpleLogger.log." + quiet, "debug");
        }
      }
      return new CommandLine.RunLast().execute(parseResult);
    });
    return cmd;
  }

  /** Without a subcommand: a usage error. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing a command: "
        + String.join(", ", spec.subcommands().keySet()));
  }

  private static int handleUsageError(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    String message = ex.getMessage();
    if (ex instanceof UnmatchedArgumentException unmatched && !cmd.getSubcommands().isEmpty()
        && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
      message = "unknown command '" + unmatched.getUnmatched().get(0) + "'";
      List<String> suggestions = unmatched.getSuggestions();
      if (!suggestions.isEmpty()) {
        message += ", did you mean " + suggestions.get(0) + "?";
      }
    }
    cmd.getErr().println("ha4j: " + message
        + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  private static int handleFailure(Exception ex, CommandLine failed, boolean verbose) {
    PrintWriter err = failed.getErr();
    int exitCode;
    if (ex instanceof CliException known) {
      err.println("ha4j: " + known.getMessage());
      known.details().forEach(line -> err.println("  " + line));
      exitCode = known.exitCode();
    } else {
      err.println("ha4j: internal error: " + ex
          + (verbose ? "" : " (rerun with --verbose for the stack trace)"));
      exitCode = ExitCodes.INTERNAL_ERROR;
    }
    if (verbose) {
      ex.printStackTrace(err);
    }
    err.flush();
    return exitCode;
  }

  /** The version line of {@code ha4j --version}, from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Ha4jCommand.class.getPackage().getImplementationVersion();
      return new String[] {
        "ha4j " + (version == null ? "(development build)" : version),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
