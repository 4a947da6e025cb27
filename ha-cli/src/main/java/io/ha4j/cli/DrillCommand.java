package io.ha4j.cli;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterStatus;
import io.ha4j.ClusterStatus.ResourceInfo;
import io.ha4j.Group;
import io.ha4j.Ha4jAdmin;
import io.ha4j.Primitive;
import io.ha4j.Resource;
import io.ha4j.spi.Coordinator;
import io.ha4j.spi.CoordinatorException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ha4j drill RESOURCE}: a scripted failover rehearsal (the seed advises one every quarter).
 * Takes the node that runs RESOURCE out of the game — by a move/ban constraint, or by killing its
 * process with SIGKILL when it runs on this machine — then polls the cluster's status until every
 * member of RESOURCE runs again, healthy, on one other node, and prints a report with the times
 * measured. Fails (exit {@value ExitCodes#DRILL_FAILED}) when that takes longer than {@code --limit}
 * or when a member was ever seen active on two nodes.
 */
@Command(name = "drill", description = {
    "Failover rehearsal: moves RESOURCE away from its node (or kills that node's process with --kill),"
        + " measures the time until every member runs healthy on another node, and prints a report.",
    "Examples:",
    "  ha4j drill WebGroup                       (ban from the current node, then clear the ban)",
    "  ha4j drill WebGroup --to node3",
    "  ha4j drill WebGroup --kill --pid-file /run/myapp/{node}.pid"})
final class DrillCommand extends ClusterCommand {

  @Parameters(index = "0", paramLabel = "RESOURCE", description = "The resource or group to fail over.")
  String resource;

  @Option(names = "--to", paramLabel = "NODE", description = "Move to this node (default: ban from the current one).")
  String to;

  @ArgGroup(exclusive = false)
  KillOptions kill;

  /** How to kill the node's process. */
  static final class KillOptions {
    @Option(names = "--kill", required = true,
        description = "Kill the node's process with SIGKILL (kill -9) instead of moving the resource.")
    boolean kill;

    @Option(names = "--pid-file", paramLabel = "TEMPLATE",
        description = "Where the node's pid is, {node} replaced by the node's name (the node must run on this machine).")
    String pidFile;

    @Option(names = "--kill-command", paramLabel = "COMMAND",
        description = "Command that kills the node, {node} replaced (split on spaces, no shell), e.g. 'ssh {node} pkill -9 -f myapp'.")
    String killCommand;
  }

  @Option(names = "--limit", paramLabel = "DURATION", defaultValue = "60s", converter = Durations.class,
      description = "Fail when not healthy again after this (default: ${DEFAULT-VALUE}).")
  Duration limit;

  @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "100ms", converter = Durations.class,
      description = "Status polling interval (default: ${DEFAULT-VALUE}).")
  Duration poll;

  @Option(names = "--keep-constraint", description = "Keep the move/ban constraint afterwards (default: clear it).")
  boolean keepConstraint;

  private record Placement(String node, boolean healthy, boolean multiActive, boolean anyOn) {}

  /** Where the members run: one node with all of them healthy, or not. */
  private static Placement placement(ClusterStatus s, List<String> members, String avoid) {
    String node = null;
    boolean healthy = true;
    boolean multi = false;
    boolean anyOnAvoided = false;
    for (String m : members) {
      Optional<ResourceInfo> r = s.resource(m);
      if (r.isEmpty()) {
        return new Placement(null, false, false, false);
      }
      List<String> on = r.get().activeOn();
      multi |= on.size() > 1;
      anyOnAvoided |= avoid != null && on.contains(avoid);
      if (on.size() != 1 || r.get().failed() || node != null && !node.equals(on.get(0))) {
        healthy = false;
      } else {
        node = on.get(0);
      }
    }
    return new Placement(healthy ? node : null, healthy && node != null, multi, anyOnAvoided);
  }

  private static String secs(long nanos) {
    return String.format(java.util.Locale.ROOT, "t+%7.3f s", nanos / 1e9);
  }

  @Override
  int run(Ha4jAdmin admin, Coordinator coordinator) throws Exception {
    if (kill != null && (kill.pidFile == null) == (kill.killCommand == null)) {
      throw new CliException(ExitCodes.USAGE, "--kill needs exactly one of --pid-file or --kill-command");
    }
    if (kill != null && to != null) {
      throw new CliException(ExitCodes.USAGE, "--to and --kill do not go together (a killed node's resources go where the scheduler says)");
    }
    ClusterConfig config = admin.storedConfig().orElseThrow(() -> new IllegalStateException("no configuration in the store yet"));
    Resource r = config.resource(resource).orElseThrow(() -> new IllegalArgumentException("no such resource: " + resource));
    List<String> members = r instanceof Group g ? g.members().stream().map(Primitive::id).toList() : List.of(resource);
    ClusterStatus before = admin.status();
    Placement start = placement(before, members, null);
    if (!start.healthy()) {
      throw new CliException(ExitCodes.INVALID_INPUT, resource + " is not healthy on one node before the drill"
          + " (see 'ha4j status'); a drill starts from a healthy cluster");
    }
    String from = start.node();
    if (to != null && to.equals(from)) {
      throw new CliException(ExitCodes.INVALID_INPUT, resource + " already runs on " + to);
    }
    PrintWriter out = out();
    String how = kill == null ? (to != null ? "move to " + to : "move away from " + from)
        : "kill -9 of " + from + "'s process";
    out.println("Failover drill of " + resource + " (" + how + ")");
    out.println("  before: " + resource + " on " + from + " (" + String.join(", ", members) + "); leader "
        + before.currentLeader().orElse("none") + ", epoch " + before.epoch());
    out.flush();

    long t0 = System.nanoTime();
    String constraint = null;
    if (kill == null) {
      if (to != null) {
        admin.move(resource, to, null);
        constraint = "cli-prefer-" + resource;
      } else {
        admin.ban(resource, from, null);
        constraint = "cli-ban-" + resource + "-on-" + from;
      }
      out.println("  " + secs(System.nanoTime() - t0) + "  added " + constraint);
    } else {
      out.println("  " + secs(System.nanoTime() - t0) + "  " + killNode(from));
    }
    out.flush();

    long deadline = t0 + limit.toNanos();
    Long stoppedAt = null;
    Long healthyAt = null;
    String healthyOn = null;
    boolean overlap = false;
    int samples = 0;
    int unanswered = 0;
    ClusterStatus last = before;
    while (System.nanoTime() - deadline < 0) {
      ClusterStatus s;
      try {
        s = admin.status();
      } catch (CoordinatorException e) {
        unanswered++;
        TimeUnit.NANOSECONDS.sleep(poll.toNanos());
        continue;
      }
      samples++;
      last = s;
      long t = System.nanoTime() - t0;
      Placement p = placement(s, members, from);
      overlap |= p.multiActive();
      if (stoppedAt == null && !p.anyOn()) {
        stoppedAt = t;
        out.println("  " + secs(t) + "  no member active on " + from + " any more");
        out.flush();
      }
      if (p.healthy() && !p.node().equals(from) && (to == null || to.equals(p.node()))) {
        healthyAt = t;
        healthyOn = p.node();
        out.println("  " + secs(t) + "  healthy on " + healthyOn + " (every member started, none failed)");
        break;
      }
      TimeUnit.NANOSECONDS.sleep(poll.toNanos());
    }
    out.println("  after:  leader " + last.currentLeader().orElse("none") + ", epoch " + last.epoch() + "; " + samples
        + " status samples" + (unanswered > 0 ? ", " + unanswered + " unanswered" : "") + "; "
        + (overlap ? "A MEMBER WAS ACTIVE ON TWO NODES" : "never active on two nodes"));
    if (constraint != null && !keepConstraint) {
      try {
        admin.clear(resource);
        out.println("  cleared " + constraint + " (stickiness keeps " + resource + " where it is now)");
      } catch (CoordinatorException e) {
        out.println("  could not clear " + constraint + ": " + e.getMessage() + " (run 'ha4j resource clear " + resource + "')");
      }
    }
    boolean pass = healthyAt != null && !overlap;
    if (pass) {
      out.println("Result: PASS - " + resource + " healthy on " + healthyOn + " after "
          + Durations.format(Duration.ofNanos(healthyAt)) + " (limit " + limit.toSeconds() + " s)");
    } else {
      out.println("Result: FAIL - " + (healthyAt == null ? resource + " not healthy on another node within "
          + limit.toSeconds() + " s" : resource + " was active on two nodes at once"));
    }
    out.flush();
    return pass ? ExitCodes.OK : ExitCodes.DRILL_FAILED;
  }

  private String killNode(String node) throws IOException, InterruptedException {
    if (kill.pidFile != null) {
      Path file = Path.of(kill.pidFile.replace("{node}", node));
      long pid;
      try {
        pid = Long.parseLong(Files.readString(CibFiles.requireReadable(file), StandardCharsets.UTF_8).trim());
      } catch (NumberFormatException e) {
        throw new CliException(ExitCodes.INVALID_INPUT, file + " does not hold a pid");
      }
      ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new CliException(ExitCodes.INVALID_INPUT,
          "no process " + pid + " (from " + file + ") on this machine: --kill --pid-file needs " + node + " here"));
      if (!process.destroyForcibly()) {
        throw new CliException(ExitCodes.INVALID_INPUT, "cannot kill process " + pid + " of " + node);
      }
      return "killed " + node + " (pid " + pid + ", SIGKILL)";
    }
    List<String> command = new ArrayList<>();
    Arrays.stream(kill.killCommand.trim().split("\\s+")).forEach(w -> command.add(w.replace("{node}", node)));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new CliException(ExitCodes.INVALID_INPUT, "kill command did not finish within 30 s: " + command);
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.exitValue() != 0) {
      throw new CliException(ExitCodes.INVALID_INPUT, "kill command failed (exit " + p.exitValue() + "): " + command
          + (output.isEmpty() ? "" : ": " + output));
    }
    return "ran " + String.join(" ", command);
  }
}
