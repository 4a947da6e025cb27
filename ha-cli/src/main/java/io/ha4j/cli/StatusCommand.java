package io.ha4j.cli;

import io.ha4j.ClusterStatus;
import io.ha4j.Ha4jAdmin;
import io.ha4j.spi.Coordinator;
import io.ha4j.spi.CoordinatorException;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ha4j status}: the cluster as {@code pcs status} shows it: leader and epoch, quorum, nodes,
 * each resource (grouped) with its role and node, fail counts with expiry, failed actions, move/ban
 * constraints with expiry. {@code --json} for machines; {@code --watch} repeats it.
 */
@Command(name = "status", description = {
    "Shows the cluster: leader and epoch, quorum, nodes (online, standby, offline), every resource with its"
        + " role and node, fail counts, failed actions, move/ban constraints.",
    "Like 'pcs status'."})
final class StatusCommand extends ClusterCommand {

  @Option(names = "--json", description = "Print JSON (one document per snapshot).")
  boolean json;

  @Option(names = "--watch", description = "Repeat every --interval until interrupted, or --count times.")
  boolean watch;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s", converter = Durations.class,
      description = "Time between two snapshots with --watch (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--count", paramLabel = "N", defaultValue = "0",
      description = "With --watch: stop after N snapshots (default: until interrupted).")
  int count;

  @Override
  int run(Ha4jAdmin admin, Coordinator coordinator) throws InterruptedException {
    PrintWriter out = out();
    if (!watch) {
      print(out, admin.status());
      return ExitCodes.OK;
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new CliException(ExitCodes.USAGE, "--interval must be > 0");
    }
    for (int i = 0; count <= 0 || i < count; i++) {
      if (i > 0) {
        Thread.sleep(interval.toMillis());
        out.println(json ? "" : "----");
      }
      try {
        print(out, admin.status());
      } catch (CoordinatorException e) {
        // keep watching through an election or a short outage
        out.println(json ? "{\"error\": \"" + e.getMessage().replace("\"", "'") + "\"}" : "cluster unavailable: " + e.getMessage());
      }
      out.flush();
    }
    return ExitCodes.OK;
  }

  private void print(PrintWriter out, ClusterStatus status) {
    out.print(json ? StatusText.jsonText(status) + "\n" : StatusText.render(status));
    out.flush();
  }
}
