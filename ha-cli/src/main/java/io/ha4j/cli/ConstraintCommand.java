package io.ha4j.cli;

import io.ha4j.ClusterConfig;
import io.ha4j.Colocation;
import io.ha4j.Constraint;
import io.ha4j.Ha4jAdmin;
import io.ha4j.Location;
import io.ha4j.Order;
import io.ha4j.OrderKind;
import io.ha4j.spi.Coordinator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ha4j constraint add|remove|list}: location, colocation and order constraints (like {@code pcs constraint}). */
@Command(name = "constraint", description = "Adds, removes and lists constraints (like 'pcs constraint').",
    subcommands = {ConstraintCommand.Add.class, ConstraintCommand.Remove.class, ConstraintCommand.ListConstraints.class})
final class ConstraintCommand extends ParentCommand {

  ConstraintCommand() {}

  /** {@code constraint add location|colocation|order ...}. */
  @Command(name = "add", description = {"Adds a constraint:",
      "  location RESOURCE NODE SCORE          (SCORE: an integer, INFINITY or -INFINITY)",
      "  colocation RESOURCE WITH-RESOURCE SCORE",
      "  order FIRST THEN                      (--optional, --asymmetrical)",
      "Example: ha4j constraint add colocation WebService ClusterVIP INFINITY"})
  static final class Add extends ClusterCommand {
    @Parameters(index = "0", paramLabel = "KIND", description = "location, colocation or order.")
    String kind;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "The constraint's arguments (see above).")
    List<String> args = new ArrayList<>();

    @Option(names = "--id", paramLabel = "ID", description = "The constraint's id (default: generated from the arguments).")
    String id;

    @Option(names = "--lifetime", paramLabel = "DURATION", converter = Durations.class,
        description = "location: the constraint expires after this.")
    Duration lifetime;

    @Option(names = "--optional", description = "order: optional (only when both are scheduled together).")
    boolean optional;

    @Option(names = "--asymmetrical", description = "order: stop order is not the reverse.")
    boolean asymmetrical;

    private void arity(int n, String usage) {
      if (args.size() != n) {
        throw new CliException(ExitCodes.USAGE, "constraint add " + usage);
      }
    }

    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) {
      Constraint k = switch (kind) {
        case "location" -> {
          arity(3, "location RESOURCE NODE SCORE");
          Instant expires = lifetime == null ? null : Instant.now().plus(lifetime);
          yield new Location(id != null ? id : "location-" + args.get(0) + "-" + args.get(1), args.get(0), args.get(1),
              ConfigEdits.score("score", args.get(2)), expires);
        }
        case "colocation" -> {
          arity(3, "colocation RESOURCE WITH-RESOURCE SCORE");
          yield new Colocation(id != null ? id : "colocation-" + args.get(0) + "-" + args.get(1), args.get(0),
              args.get(1), ConfigEdits.score("score", args.get(2)));
        }
        case "order" -> {
          arity(2, "order FIRST THEN");
          yield new Order(id != null ? id : "order-" + args.get(0) + "-" + args.get(1), args.get(0), args.get(1),
              optional ? OrderKind.OPTIONAL : OrderKind.MANDATORY, !asymmetrical);
        }
        default -> throw new CliException(ExitCodes.USAGE, "unknown constraint kind '" + kind
            + "' (location, colocation or order)");
      };
      if (lifetime != null && !(k instanceof Location)) {
        throw new CliException(ExitCodes.USAGE, "--lifetime applies to location constraints only");
      }
      ClusterConfig c = admin.updateConfig(ConfigEdits.addConstraint(k));
      out().println("added " + ConfigEdits.describe(k).replaceAll(" +", " ") + " (configuration version " + c.version() + ")");
      return ExitCodes.OK;
    }
  }

  /** {@code constraint remove ID...}. */
  @Command(name = "remove", aliases = "delete", description = "Removes constraints by id (see 'constraint list').")
  static final class Remove extends ClusterCommand {
    @Parameters(arity = "1..*", paramLabel = "ID", description = "Constraint ids.")
    List<String> ids = new ArrayList<>();

    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) {
      ClusterConfig c = admin.updateConfig(ConfigEdits.removeConstraints(ids));
      out().println("removed " + String.join(", ", ids) + " (configuration version " + c.version() + ")");
      return ExitCodes.OK;
    }
  }

  /** {@code constraint list}. */
  @Command(name = "list", aliases = "config", description = "Lists every constraint, move/ban ones included.")
  static final class ListConstraints extends ClusterCommand {
    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) {
      ClusterConfig c = admin.storedConfig().orElseThrow(() -> new IllegalStateException("no configuration in the store yet"));
      if (c.constraints().isEmpty()) {
        out().println("no constraints");
      }
      c.constraints().forEach(k -> out().println(ConfigEdits.describe(k)));
      return ExitCodes.OK;
    }
  }
}
