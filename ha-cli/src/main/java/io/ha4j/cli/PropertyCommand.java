package io.ha4j.cli;

import io.ha4j.ClusterConfig;
import io.ha4j.Ha4jAdmin;
import io.ha4j.spi.Coordinator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ha4j property set NAME=VALUE... | list} (like {@code pcs property}). */
@Command(name = "property", description = "Cluster properties (like 'pcs property').",
    subcommands = {PropertyCommand.Set.class, PropertyCommand.ListProperties.class})
final class PropertyCommand extends ParentCommand {

  PropertyCommand() {}

  /** {@code property set NAME=VALUE...}. */
  @Command(name = "set", description = {"Sets cluster properties: symmetric-cluster, no-quorum-policy"
      + " (stop|freeze|ignore), stonith-enabled, watchdog-fencing, start-failure-is-fatal, maintenance-mode.",
      "Example: ha4j property set no-quorum-policy=stop start-failure-is-fatal=false"})
  static final class Set extends ClusterCommand {
    @Parameters(arity = "1..*", paramLabel = "NAME=VALUE", description = "Properties to set.")
    List<String> values = new ArrayList<>();

    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) {
      Map<String, String> set = ResourceCommand.pairs(values, "a property");
      ClusterConfig c = admin.updateConfig(x -> x.toBuilder().properties(ConfigEdits.properties(x.properties(), set)).build());
      out().println("set " + String.join(" ", values) + " (configuration version " + c.version() + ")");
      return ExitCodes.OK;
    }
  }

  /** {@code property list}. */
  @Command(name = "list", aliases = "config", description = "Lists every cluster property with its value.")
  static final class ListProperties extends ClusterCommand {
    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) {
      ClusterConfig c = admin.storedConfig().orElseThrow(() -> new IllegalStateException("no configuration in the store yet"));
      ConfigEdits.propertyValues(c.properties()).forEach((k, v) -> out().println(k + "=" + v));
      return ExitCodes.OK;
    }
  }
}
