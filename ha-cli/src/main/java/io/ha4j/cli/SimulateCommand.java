package io.ha4j.cli;

import io.ha4j.ConfigViolation;
import io.ha4j.Ha4jConfigException;
import io.ha4j.Score;
import io.ha4j.pacemaker.CibSnapshot;
import io.ha4j.scheduler.Change;
import io.ha4j.scheduler.Scheduler;
import io.ha4j.scheduler.Transition;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ha4j simulate --cib FILE}: what ha4j's scheduler would do with a Pacemaker CIB, like
 * {@code crm_simulate -S -x FILE}. Prints the transition's changes in the conformance corpus'
 * normalized form ({@code start R N}, {@code move R FROM TO}, ...), sorted, one per line, and nothing
 * else; {@code --scores} adds the allocation scores before them under headers.
 *
 * <p>"Now" is the CIB's {@code execution-date} when it has one, else the current time.
 */
@Command(
    name = "simulate",
    description = {
      "Computes the transition ha4j would run for a Pacemaker CIB (configuration + status),"
          + " like crm_simulate -S -x FILE.",
      "Prints the planned changes, one per line: start R N, stop R N, move R FROM TO,"
          + " recover R N [TO], restart R N, fence N."
    })
public final class SimulateCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--cib", required = true, paramLabel = "FILE", description = "The CIB XML file to read.")
  private Path cib;

  @Option(names = "--scores", description = "Also print the allocation scores (resource, node, score).")
  private boolean scores;

  @Option(
      names = "--summary",
      description = "Print human-readable lines in the transition's order, blocked changes included,"
          + " instead of the normalized ones.")
  private boolean summary;

  /** Used by picocli. */
  public SimulateCommand() {}

  @Override
  public Integer call() {
    CibSnapshot snapshot = readValid(cib);
    Instant now = snapshot.executionTime().orElseGet(Instant::now);
    Transition transition = Scheduler.schedule(snapshot.config(), snapshot.state(), now);

    PrintWriter out = spec.commandLine().getOut();
    if (scores) {
      out.println("Allocation scores:");
      for (Map.Entry<String, Map<String, Integer>> resource : transition.scores().entrySet()) {
        for (Map.Entry<String, Integer> node : resource.getValue().entrySet()) {
          out.println("pcmk__primitive_assign: " + resource.getKey() + " allocation score on "
              + node.getKey() + ": " + Score.format(node.getValue()));
        }
      }
      out.println();
      out.println("Transition summary:");
    }
    if (summary) {
      for (Change change : transition.changes()) {
        out.println(change);
      }
    } else {
      transition.normalizedChanges().forEach(out::println);
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** Reads the CIB and rejects it, with every problem listed, unless the scheduler can take it. */
  static CibSnapshot readValid(Path file) {
    CibSnapshot snapshot;
    try {
      snapshot = CibFiles.read(file);
    } catch (Ha4jConfigException e) {
      throw invalid(file, e.violations());
    }
    List<ConfigViolation> violations = snapshot.config().validate();
    if (!violations.isEmpty()) {
      throw invalid(file, violations);
    }
    return snapshot;
  }

  private static CliException invalid(Path file, List<ConfigViolation> violations) {
    return new CliException(
        ExitCodes.INVALID_INPUT,
        "invalid CIB " + file + " (" + ValidateCommand.problems(violations.size()) + ")",
        violations.stream().map(ConfigViolation::toString).toList());
  }
}
