package io.ha4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

  @Test
  void missingCibOptionIsUsageError() {
    CliRun run = CliRun.run("validate");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).containsExactly(
        "ha4j: Missing required option: '--cib=FILE' (see 'ha4j validate --help')");
  }

  @Test
  void missingFileIsOneLineAndExitOne(@TempDir Path dir) {
    Path missing = dir.resolve("nope.xml");

    CliRun run = CliRun.run("validate", "--cib", missing.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).containsExactly("ha4j: cannot read " + missing + ": no such file");
  }

  @Test
  void directoryIsNotACib(@TempDir Path dir) {
    CliRun run = CliRun.run("validate", "--cib", dir.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(run.err().lines()).containsExactly("ha4j: cannot read " + dir + ": is a directory");
  }

  @Test
  void validCibIsSummarizedOnOneLine() {
    CliRun run = CliRun.run("validate", "--cib", CliRun.cib("two-nodes-one-dummy.xml"));

    assertThat(run.err()).isEmpty();
    assertThat(run.out().lines()).containsExactly("valid: 2 nodes, 1 resource, 0 constraints");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void invalidConfigurationListsEveryProblemWithItsPath() {
    String file = CliRun.cib("invalid-config.xml");

    CliRun run = CliRun.run("validate", "--cib", file);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    // one problem per line, "path: message"; the negative timeout of rsc1 and the missing type of rsc2
    assertThat(run.out().lines()).isNotEmpty().allMatch(line -> line.matches("\\S.*: .+"));
    assertThat(run.out()).contains("rsc1").contains("rsc2");
    assertThat(run.err().lines()).singleElement().asString()
        .startsWith("ha4j: " + file + " is not valid (").endsWith(")");
    assertThat(run.err()).doesNotContain("\tat ");
  }

  @Test
  void malformedXmlIsAProblemWithAPlace() {
    String file = CliRun.cib("malformed.xml");

    CliRun run = CliRun.run("validate", "--cib", file);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(run.out().lines()).isNotEmpty().allMatch(line -> line.contains(": "));
    assertThat(run.err()).startsWith("ha4j: " + file + " is not valid (").doesNotContain("\tat ");
  }
}
