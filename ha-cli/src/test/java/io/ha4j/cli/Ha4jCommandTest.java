package io.ha4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class Ha4jCommandTest {

  /** --verbose sets the log level for the whole JVM; later test classes (real clusters) must not log at debug. */
  @org.junit.jupiter.api.AfterEach
  void resetLogLevel() {
    System.clearProperty("org.slf4j.simpleLogger.defaultLogLevel");
    for (String quiet : new String[] {"org.apache.ratis", "org.apache.zookeeper", "org.apache.curator"}) {
      System.clearProperty("org.slf4j.simpleLogger.log." + quiet);
    }
  }

  @Test
  void withoutCommandIsUsageErrorNamingTheCommands() {
    CliRun run = CliRun.run();

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo(
        "ha4j: missing a command: status, resource, constraint, node, property, config, drill, simulate, validate,"
            + " completion, help (see 'ha4j --help')" + System.lineSeparator());
  }

  @Test
  void unknownCommandIsUsageError() {
    CliRun run = CliRun.run("simulat");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).containsExactly(
        "ha4j: unknown command 'simulat', did you mean simulate? (see 'ha4j --help')");
  }

  @Test
  void unknownOptionIsUsageErrorOnOneLine() {
    CliRun run = CliRun.run("validate", "--cib", "x.xml", "--bogus");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).containsExactly(
        "ha4j: Unknown option: '--bogus' (see 'ha4j validate --help')");
  }

  @Test
  void helpGoesToStdoutAndListsTheCommands() {
    CliRun run = CliRun.run("--help");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("Usage: ha4j").contains("simulate").contains("validate");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void subcommandHelpShowsItsOptions() {
    CliRun run = CliRun.run("simulate", "--help");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("Usage: ha4j simulate").contains("--cib=FILE").contains("--scores")
        .contains("--verbose");
  }

  @Test
  void versionNamesHa4j() {
    CliRun run = CliRun.run("--version");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).startsWith("ha4j ");
  }

  @Test
  void unexpectedFailureIsOneLineWithoutStackTrace() {
    CommandLine cmd = Ha4jCommand.newCommandLine().addSubcommand(new Failing());

    CliRun run = CliRun.run(cmd, "fail");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INTERNAL_ERROR);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).containsExactly(
        "ha4j: internal error: java.lang.IllegalStateException: broken on purpose"
            + " (rerun with --verbose for the stack trace)");
  }

  @Test
  void verboseAddsTheStackTraceOnStderr() {
    CommandLine cmd = Ha4jCommand.newCommandLine().addSubcommand(new Failing());

    CliRun run = CliRun.run(cmd, "fail", "--verbose");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INTERNAL_ERROR);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("ha4j: internal error: java.lang.IllegalStateException: broken on purpose"
        + System.lineSeparator())
        .contains("\tat io.ha4j.cli.Ha4jCommandTest$Failing.call");
  }

  @Test
  void verboseIsAcceptedBeforeTheCommandToo() {
    CommandLine cmd = Ha4jCommand.newCommandLine().addSubcommand(new Failing());

    CliRun run = CliRun.run(cmd, "--verbose", "fail");

    assertThat(run.err()).contains("\tat io.ha4j.cli.Ha4jCommandTest$Failing.call");
  }

  @Command(name = "fail")
  static final class Failing implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("broken on purpose");
    }
  }
}
