package io.ha4j.cli;

import io.ha4j.Ha4jAdmin;
import io.ha4j.spi.Coordinator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ha4j node standby|unstandby|maintenance|unmaintenance NODE} (like {@code pcs node ...}). */
@Command(name = "node", description = "Standby and maintenance of nodes (like 'pcs node').",
    subcommands = {NodeCommand.Standby.class, NodeCommand.Unstandby.class, NodeCommand.Maintenance.class,
        NodeCommand.Unmaintenance.class})
final class NodeCommand extends ParentCommand {

  NodeCommand() {}

  /** Base of the node subcommands. */
  abstract static class OneNode extends ClusterCommand {
    @Parameters(index = "0", paramLabel = "NODE", description = "The node.")
    String node;
  }

  /** {@code node standby NODE}. */
  @Command(name = "standby", description = "Moves every resource off NODE and keeps them off.")
  static final class Standby extends OneNode {
    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) {
      admin.standby(node, true);
      out().println(node + " is in standby");
      return ExitCodes.OK;
    }
  }

  /** {@code node unstandby NODE}. */
  @Command(name = "unstandby", description = "Lets NODE run resources again.")
  static final class Unstandby extends OneNode {
    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) {
      admin.standby(node, false);
      out().println(node + " is no longer in standby");
      return ExitCodes.OK;
    }
  }

  /** {@code node maintenance NODE}. */
  @Command(name = "maintenance", description = "Leaves NODE's resources alone (not monitored, started or stopped).")
  static final class Maintenance extends OneNode {
    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) {
      admin.nodeMaintenance(node, true);
      out().println(node + " is in maintenance");
      return ExitCodes.OK;
    }
  }

  /** {@code node unmaintenance NODE}. */
  @Command(name = "unmaintenance", description = "Ends NODE's maintenance.")
  static final class Unmaintenance extends OneNode {
    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) {
      admin.nodeMaintenance(node, false);
      out().println(node + " is no longer in maintenance");
      return ExitCodes.OK;
    }
  }
}
