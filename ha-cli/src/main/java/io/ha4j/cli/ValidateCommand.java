package io.ha4j.cli;

import io.ha4j.ClusterConfig;
import io.ha4j.ConfigViolation;
import io.ha4j.Ha4jConfigException;
import io.ha4j.pacemaker.CibSnapshot;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ha4j validate --cib FILE}: checks that a Pacemaker CIB can be read into ha4j's model and that
 * the configuration is valid. Prints every problem on stdout as {@code path: message} and exits
 * {@value ExitCodes#INVALID_INPUT}; or prints {@code valid: N nodes, M resources, K constraints}
 * (M counts primitives, group members included) and exits {@value ExitCodes#OK}.
 */
@Command(
    name = "validate",
    description = {
      "Checks a Pacemaker CIB: reads it into ha4j's model and validates the configuration.",
      "Prints each problem as 'path: message' and exits 1, or prints a one-line summary and exits 0."
    })
public final class ValidateCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--cib", required = true, paramLabel = "FILE", description = "The CIB XML file to check.")
  private Path cib;

  /** Used by picocli. */
  public ValidateCommand() {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<ConfigViolation> violations;
    ClusterConfig config = null;
    try {
      CibSnapshot snapshot = CibFiles.read(cib);
      config = snapshot.config();
      violations = config.validate();
    } catch (Ha4jConfigException e) {
      violations = e.violations();
    }
    if (!violations.isEmpty()) {
      violations.forEach(out::println);
      out.flush();
      PrintWriter err = spec.commandLine().getErr();
      err.println("ha4j: " + cib + " is not valid (" + problems(violations.size()) + ")");
      err.flush();
      return ExitCodes.INVALID_INPUT;
    }
    out.println("valid: " + count(config.nodes().size(), "node") + ", "
        + count(config.primitives().size(), "resource") + ", "
        + count(config.constraints().size(), "constraint"));
    out.flush();
    return ExitCodes.OK;
  }

  static String problems(int count) {
    return count(count, "problem");
  }

  private static String count(int count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
