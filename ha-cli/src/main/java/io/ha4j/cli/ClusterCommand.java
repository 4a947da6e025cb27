package io.ha4j.cli;

import io.ha4j.ConfigViolation;
import io.ha4j.Ha4jAdmin;
import io.ha4j.Ha4jConfigException;
import io.ha4j.Ha4jException;
import io.ha4j.spi.Coordinator;
import io.ha4j.spi.CoordinatorException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that talks to a running cluster: connects with {@link ClusterOptions}, runs {@link #run}
 * with an {@link Ha4jAdmin} (the runtime's own admin operations), and turns failures into one line and
 * an exit code: the cluster not answering → {@link ExitCodes#UNAVAILABLE}; a change the configuration
 * rejects, an unknown resource or node → {@link ExitCodes#INVALID_INPUT} with every problem listed.
 */
abstract class ClusterCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ClusterOptions cluster;

  /** Does the work; returns the exit code. */
  abstract int run(Ha4jAdmin admin, Coordinator coordinator) throws Exception;

  @Override
  public final Integer call() throws Exception {
    return connectAndRun();
  }

  /** Connects, runs, maps failures; a command that can also work offline overrides it. */
  int connectAndRun() throws Exception {
    try (Coordinator coordinator = cluster.connect()) {
      try {
        return run(Ha4jAdmin.connect(coordinator), coordinator);
      } catch (CoordinatorException e) {
        throw new CliException(ExitCodes.UNAVAILABLE, "cluster unavailable: " + e.getMessage());
      } catch (Ha4jConfigException e) {
        throw new CliException(ExitCodes.INVALID_INPUT,
            "refused: " + (e.violations().size() == 1 ? e.violations().get(0).toString()
                : e.violations().size() + " problems"),
            e.violations().size() == 1 ? java.util.List.of() : e.violations().stream().map(ConfigViolation::toString).toList());
      } catch (Ha4jException | IllegalStateException | IllegalArgumentException e) {
        throw new CliException(ExitCodes.INVALID_INPUT, e.getMessage());
      }
    }
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
