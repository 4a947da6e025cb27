package io.ha4j.cli;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterStatus;
import io.ha4j.Explanation;
import io.ha4j.Group;
import io.ha4j.Ha4jAdmin;
import io.ha4j.Operation;
import io.ha4j.Primitive;
import io.ha4j.Resource;
import io.ha4j.ResourceMeta;
import io.ha4j.Score;
import io.ha4j.TargetRole;
import io.ha4j.spi.Coordinator;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ha4j resource ...}: create, update, delete resources; enable/disable, manage/unmanage;
 * move, ban, clear; cleanup; explain; resource defaults. Like {@code pcs resource ...}. Every change
 * goes through {@link Ha4jAdmin} (compare-and-set of the stored configuration).
 */
@Command(name = "resource", description = "Creates, changes and administers resources (like 'pcs resource').",
    subcommands = {
        ResourceCommand.Create.class, ResourceCommand.Update.class, ResourceCommand.Delete.class,
        ResourceCommand.Enable.class, ResourceCommand.Disable.class, ResourceCommand.Manage.class,
        ResourceCommand.Unmanage.class, ResourceCommand.Move.class, ResourceCommand.Ban.class,
        ResourceCommand.Clear.class, ResourceCommand.Cleanup.class, ResourceCommand.Explain.class,
        ResourceCommand.Defaults.class, ResourceCommand.ListResources.class})
final class ResourceCommand extends ParentCommand {

  ResourceCommand() {}

  /** Splits {@code name=value} words. */
  static Map<String, String> pairs(List<String> words, String what) {
    Map<String, String> out = new LinkedHashMap<>();
    if (words == null) {
      return out;
    }
    for (String w : words) {
      int eq = w.indexOf('=');
      if (eq < 1) {
        throw new CliException(ExitCodes.USAGE, what + " must look like name=value, was '" + w + "'");
      }
      out.put(w.substring(0, eq), w.substring(eq + 1));
    }
    return out;
  }

  /** Operation options shared by create and update. */
  static final class OperationOptions {
    @Option(names = "--monitor", paramLabel = "INTERVAL", converter = Durations.class,
        description = "Monitor interval (the seed: 10s to 30s).")
    Duration monitor;

    @Option(names = "--monitor-timeout", paramLabel = "DURATION", converter = Durations.class,
        description = "Monitor timeout (default: 2 x interval, at least 20s, as the seed advises).")
    Duration monitorTimeout;

    @Option(names = "--start-timeout", paramLabel = "DURATION", converter = Durations.class, description = "Start timeout.")
    Duration startTimeout;

    @Option(names = "--stop-timeout", paramLabel = "DURATION", converter = Durations.class, description = "Stop timeout.")
    Duration stopTimeout;

    List<Operation> apply(List<Operation> ops) {
      List<Operation> out = ops;
      if (monitor != null || monitorTimeout != null) {
        Operation old = ops.stream().filter(o -> o.name().equals("monitor")).findFirst().orElse(null);
        Duration interval = monitor != null ? monitor : old != null ? old.interval() : null;
        if (interval == null) {
          throw new CliException(ExitCodes.USAGE, "--monitor-timeout needs --monitor (no monitor configured yet)");
        }
        Duration timeout = monitorTimeout != null ? monitorTimeout
            : old != null && monitor == null ? old.timeout() : max(interval.multipliedBy(2), Duration.ofSeconds(20));
        out = ConfigEdits.withOperation(out, new Operation("monitor", interval, timeout,
            old == null ? io.ha4j.OnFail.RESTART : old.onFail()));
      }
      if (startTimeout != null) {
        out = ConfigEdits.withOperation(out, Operation.start(startTimeout));
      }
      if (stopTimeout != null) {
        out = ConfigEdits.withOperation(out, Operation.stop(stopTimeout));
      }
      return out;
    }

    private static Duration max(Duration a, Duration b) {
      return a.compareTo(b) >= 0 ? a : b;
    }
  }

  /** {@code resource create ID AGENT [NAME=VALUE...]}. */
  @Command(name = "create", description = {"Creates a primitive resource, optionally appended to a group.",
      "Example: ha4j resource create ClusterVIP ha4j:vip ip=192.168.1.100 cidr_netmask=24 --monitor 10s --group WebGroup"})
  static final class Create extends ClusterCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The resource id.")
    String id;

    @Parameters(index = "1", paramLabel = "AGENT", description = "The agent type (ha4j:vip, ocf:heartbeat:apache, ...).")
    String agent;

    @Parameters(index = "2..*", paramLabel = "NAME=VALUE", description = "Agent parameters.")
    List<String> params = new ArrayList<>();

    @Option(names = "--group", paramLabel = "GROUP", description = "Append to this group (created when missing).")
    String group;

    @Option(names = "--meta", paramLabel = "NAME=VALUE",
        description = "Meta attribute: resource-stickiness, migration-threshold, failure-timeout, target-role,"
            + " is-managed, priority. Repeatable.")
    Map<String, String> meta = new LinkedHashMap<>();

    @Option(names = "--disabled", description = "Create it with target-role Stopped.")
    boolean disabled;

    @ArgGroup(exclusive = false)
    OperationOptions ops = new OperationOptions();

    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) {
      ResourceMeta m = ConfigEdits.meta(ResourceMeta.EMPTY, meta);
      if (disabled) {
        m = m.withTargetRole(TargetRole.STOPPED);
      }
      Primitive p = new Primitive(id, agent, pairs(params, "a parameter"), ops.apply(List.of()), m);
      ClusterConfig c = admin.updateConfig(ConfigEdits.addPrimitive(p, group));
      out().println("created " + id + (group == null ? "" : " in group " + group) + " (configuration version "
          + c.version() + ")");
      return ExitCodes.OK;
    }
  }

  /** {@code resource update ID [NAME=VALUE...]}. */
  @Command(name = "update", description = {"Changes a resource's parameters, operations or meta attributes"
      + " (NAME= with no value removes a parameter; --meta NAME= unsets a meta attribute)."})
  static final class Update extends ClusterCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The resource (a primitive, or a group for --meta).")
    String id;

    @Parameters(index = "1..*", paramLabel = "NAME=VALUE", description = "Agent parameters to set.")
    List<String> params = new ArrayList<>();

    @Option(names = "--meta", paramLabel = "NAME=VALUE", description = "Meta attribute to set; repeatable.")
    Map<String, String> meta = new LinkedHashMap<>();

    @ArgGroup(exclusive = false)
    OperationOptions ops = new OperationOptions();

    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) {
      Map<String, String> changes = pairs(params, "a parameter");
      ClusterConfig c = admin.updateConfig(ConfigEdits.updateResource(id,
          p -> new Primitive(p.id(), p.agent(), ConfigEdits.parameters(p.parameters(), changes), ops.apply(p.operations()),
              ConfigEdits.meta(p.meta(), meta)),
          changes.isEmpty() && ops.monitor == null && ops.monitorTimeout == null && ops.startTimeout == null
              && ops.stopTimeout == null ? g -> ConfigEdits.meta(g, meta) : null));
      out().println("updated " + id + " (configuration version " + c.version() + ")");
      return ExitCodes.OK;
    }
  }

  /** {@code resource delete ID}. */
  @Command(name = "delete", description = {"Stops a resource (or a whole group), waits until it is stopped"
      + " everywhere, then removes it and every constraint naming it."})
  static final class Delete extends ClusterCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The resource or group.")
    String id;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "60s", converter = Durations.class,
        description = "How long to wait for it to stop (default: ${DEFAULT-VALUE}).")
    Duration wait;

    @Option(names = "--force", description = "Remove it at once, without stopping it first (it keeps running, unmanaged).")
    boolean force;

    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) throws InterruptedException {
      ClusterConfig c = admin.storedConfig().orElseThrow(() -> new IllegalStateException("no configuration in the store yet"));
      Resource r = c.resource(id).orElseThrow(() -> new IllegalArgumentException("no such resource: " + id));
      if (!force) {
        admin.disable(id);
        List<String> primitives = r instanceof Group g ? g.members().stream().map(Primitive::id).toList() : List.of(id);
        long deadline = System.nanoTime() + wait.toNanos();
        out().println("stopping " + id + " ...");
        out().flush();
        while (true) {
          ClusterStatus s = admin.status();
          boolean running = s.resources().stream().anyMatch(x -> primitives.contains(x.id()) && !x.activeOn().isEmpty());
          if (!running) {
            break;
          }
          if (System.nanoTime() - deadline > 0) {
            throw new CliException(ExitCodes.INVALID_INPUT, id + " did not stop within " + wait
                + "; it stays disabled (check 'ha4j status', or delete with --force)");
          }
          Thread.sleep(100);
        }
      }
      ClusterConfig after = admin.updateConfig(ConfigEdits.deleteResource(id));
      out().println("deleted " + id + " (configuration version " + after.version() + ")");
      return ExitCodes.OK;
    }
  }

  /** Base of the commands that take one resource id. */
  abstract static class OneResource extends ClusterCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The resource or group.")
    String id;
  }

  /** {@code resource enable ID}. */
  @Command(name = "enable", description = "Lets the cluster start the resource (target-role Started).")
  static final class Enable extends OneResource {
    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) {
      admin.enable(id);
      out().println("enabled " + id);
      return ExitCodes.OK;
    }
  }

  /** {@code resource disable ID}. */
  @Command(name = "disable", description = "Stops the resource and keeps it stopped (target-role Stopped).")
  static final class Disable extends OneResource {
    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) {
      admin.disable(id);
      out().println("disabled " + id);
      return ExitCodes.OK;
    }
  }

  /** {@code resource manage ID}. */
  @Command(name = "manage", description = "Lets the cluster manage the resource again (is-managed=true).")
  static final class Manage extends OneResource {
    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) {
      admin.manage(id);
      out().println("managed " + id);
      return ExitCodes.OK;
    }
  }

  /** {@code resource unmanage ID}. */
  @Command(name = "unmanage", description = "Leaves the resource as it is: never started, stopped or recovered (is-managed=false).")
  static final class Unmanage extends OneResource {
    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) {
      admin.unmanage(id);
      out().println("unmanaged " + id);
      return ExitCodes.OK;
    }
  }

  /** Where a resource (a group: its first member) runs now, for move/ban without a node. */
  static String currentNode(Ha4jAdmin admin, String id) {
    ClusterConfig c = admin.storedConfig().orElseThrow(() -> new IllegalStateException("no configuration in the store yet"));
    Resource r = c.resource(id).orElseThrow(() -> new IllegalArgumentException("no such resource: " + id));
    String primitive = r instanceof Group g ? g.members().get(0).id() : id;
    return admin.status().resource(primitive).flatMap(ClusterStatus.ResourceInfo::node)
        .orElseThrow(() -> new IllegalArgumentException(id + " is not running on exactly one node; name the node"));
  }

  /** {@code resource move ID [NODE]}. */
  @Command(name = "move", description = {"Moves a resource to NODE (constraint cli-prefer-ID, score INFINITY);"
      + " without NODE, away from where it runs (cli-ban-ID-on-NODE), like 'pcs resource move'.",
      "The constraint stays until 'resource clear' or its --lifetime ends."})
  static final class Move extends OneResource {
    @Parameters(index = "1", arity = "0..1", paramLabel = "NODE", description = "The target node.")
    String node;

    @Option(names = "--lifetime", paramLabel = "DURATION", converter = Durations.class,
        description = "The constraint expires after this (e.g. 30m).")
    Duration lifetime;

    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) {
      if (node == null) {
        String from = currentNode(admin, id);
        admin.ban(id, from, lifetime);
        out().println("moving " + id + " away from " + from + ": cli-ban-" + id + "-on-" + from
            + (lifetime == null ? "" : " for " + lifetime) + " (remove with 'ha4j resource clear " + id + "')");
      } else {
        admin.move(id, node, lifetime);
        out().println("moving " + id + " to " + node + ": cli-prefer-" + id
            + (lifetime == null ? "" : " for " + lifetime) + " (remove with 'ha4j resource clear " + id + "')");
      }
      return ExitCodes.OK;
    }
  }

  /** {@code resource ban ID [NODE]}. */
  @Command(name = "ban", description = "Keeps a resource off NODE (default: where it runs now): cli-ban-ID-on-NODE, -INFINITY.")
  static final class Ban extends OneResource {
    @Parameters(index = "1", arity = "0..1", paramLabel = "NODE", description = "The node.")
    String node;

    @Option(names = "--lifetime", paramLabel = "DURATION", converter = Durations.class,
        description = "The ban expires after this (e.g. 30m).")
    Duration lifetime;

    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) {
      String n = node != null ? node : currentNode(admin, id);
      admin.ban(id, n, lifetime);
      out().println("banned " + id + " from " + n + (lifetime == null ? "" : " for " + lifetime));
      return ExitCodes.OK;
    }
  }

  /** {@code resource clear ID}. */
  @Command(name = "clear", description = "Removes the move/ban constraints of a resource (cli-prefer-*, cli-ban-*).")
  static final class Clear extends OneResource {
    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) {
      admin.clear(id);
      out().println("cleared move/ban constraints of " + id);
      return ExitCodes.OK;
    }
  }

  /** {@code resource cleanup ID}. */
  @Command(name = "cleanup", description = "Forgets a resource's failures (fail counts, failed actions) and probes it again.")
  static final class Cleanup extends OneResource {
    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) {
      admin.cleanup(id);
      out().println("cleaned up " + id);
      return ExitCodes.OK;
    }
  }

  /** {@code resource explain ID}. */
  @Command(name = "explain", description = "Prints each node's allocation score for a resource and where it is placed"
      + " (like crm_simulate -s).")
  static final class Explain extends OneResource {
    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) {
      Explanation e = admin.explain(id);
      PrintWriter out = out();
      new TreeMap<>(e.scores()).forEach((node, score) ->
          out.println(id + " allocation score on " + node + ": " + Score.format(score)));
      out.println(id + " placed on: " + (e.placedOn() == null ? "(nowhere: stays stopped)" : e.placedOn()));
      return ExitCodes.OK;
    }
  }

  /** {@code resource defaults [NAME=VALUE...]}. */
  @Command(name = "defaults", description = {"Lists the resource defaults, or sets them (NAME= unsets one),"
      + " like 'pcs resource defaults update'.", "Example: ha4j resource defaults resource-stickiness=100 migration-threshold=3"})
  static final class Defaults extends ClusterCommand {
    @Parameters(paramLabel = "NAME=VALUE", arity = "0..*", description = "Meta attributes to set.")
    List<String> values = new ArrayList<>();

    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) {
      ClusterConfig c;
      if (values.isEmpty()) {
        c = admin.storedConfig().orElseThrow(() -> new IllegalStateException("no configuration in the store yet"));
      } else {
        Map<String, String> set = pairs(values, "a default");
        c = admin.updateConfig(x -> x.toBuilder().resourceDefaults(ConfigEdits.meta(x.resourceDefaults(), set)).build());
      }
      ConfigEdits.metaValues(c.resourceDefaults()).forEach((k, v) -> out().println(k + "=" + v));
      return ExitCodes.OK;
    }
  }

  /** {@code resource list}. */
  @Command(name = "list", aliases = "config", description = "Lists the configured resources with agent, parameters,"
      + " operations and meta attributes.")
  static final class ListResources extends ClusterCommand {
    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) {
      ClusterConfig c = admin.storedConfig().orElseThrow(() -> new IllegalStateException("no configuration in the store yet"));
      PrintWriter out = out();
      for (Resource r : c.resources()) {
        if (r instanceof Group g) {
          out.println("Group: " + g.id() + meta(g.meta()));
          g.members().forEach(p -> print(out, p, "  "));
        } else {
          print(out, (Primitive) r, "");
        }
      }
      return ExitCodes.OK;
    }

    private static String meta(ResourceMeta m) {
      Map<String, String> values = ConfigEdits.metaValues(m);
      return values.isEmpty() ? "" : " meta " + values;
    }

    private static void print(PrintWriter out, Primitive p, String indent) {
      out.println(indent + "Resource: " + p.id() + " (" + p.agent() + ")" + meta(p.meta()));
      if (!p.parameters().isEmpty()) {
        out.println(indent + "  parameters: " + p.parameters());
      }
      for (Operation o : p.operations()) {
        out.println(indent + "  operation " + o.name() + (o.interval() == null || o.interval().isZero() ? ""
            : " interval=" + o.interval().toSeconds() + "s") + " timeout=" + o.timeout().toSeconds() + "s"
            + (o.onFail() == null ? "" : " on-fail=" + o.onFail().name().toLowerCase(java.util.Locale.ROOT)));
      }
    }
  }
}
