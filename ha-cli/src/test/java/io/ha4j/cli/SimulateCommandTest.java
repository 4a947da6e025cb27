package io.ha4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {

  @Test
  void missingCibOptionIsUsageError() {
    CliRun run = CliRun.run("simulate", "--scores");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).containsExactly(
        "ha4j: Missing required option: '--cib=FILE' (see 'ha4j simulate --help')");
  }

  @Test
  void missingFileIsOneLineAndExitOne(@TempDir Path dir) {
    Path missing = dir.resolve("nope.xml");

    CliRun run = CliRun.run("simulate", "--cib", missing.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).containsExactly("ha4j: cannot read " + missing + ": no such file");
  }

  @Test
  void invalidCibIsRejectedOnStderrWithEveryProblem() {
    String file = CliRun.cib("invalid-config.xml");

    CliRun run = CliRun.run("simulate", "--cib", file);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines().toList()).first().asString().startsWith("ha4j: invalid CIB " + file + " (");
    assertThat(run.err().lines().skip(1)).isNotEmpty().allMatch(line -> line.startsWith("  "));
    assertThat(run.err()).doesNotContain("\tat ");
  }

  @Test
  void printsOnlyTheNormalizedActions() {
    CliRun run = CliRun.run("simulate", "--cib", CliRun.cib("two-nodes-one-dummy.xml"));

    assertThat(run.err()).isEmpty();
    assertThat(run.out().lines()).containsExactly("start rsc1 node1");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void scoresComeFirstUnderTheirHeader() {
    CliRun run = CliRun.run("simulate", "--cib", CliRun.cib("two-nodes-one-dummy.xml"), "--scores");

    assertThat(run.err()).isEmpty();
    assertThat(run.out().lines()).containsExactly(
        "Allocation scores:",
        "pcmk__primitive_assign: rsc1 allocation score on node1: 0",
        "pcmk__primitive_assign: rsc1 allocation score on node2: 0",
        "",
        "Transition summary:",
        "start rsc1 node1");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void summaryPrintsHumanLines() {
    CliRun run = CliRun.run("simulate", "--cib", CliRun.cib("two-nodes-one-dummy.xml"), "--summary");

    assertThat(run.out().lines()).singleElement().asString().startsWith("Start rsc1 (node1)");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
  }
}
