package io.ha4j.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ha4j.ClusterState;
import io.ha4j.NodeState;
import io.ha4j.ObservedRole;
import io.ha4j.Primitive;
import io.ha4j.ResourceNodeState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks the reader's view of the status section against Pacemaker's own: for every corpus CIB,
 * {@code crm_simulate -x cib.xml} prints the "Current cluster status" (each node online, offline,
 * UNCLEAN or standby; each primitive Started, FAILED or Stopped, and where), which must match what
 * {@link Cib#read} derived from node_state and the operation history. Runs where {@code crm_simulate}
 * (Debian package pacemaker-cli-utils) is installed; skips elsewhere, fails under {@code CI=true}.
 */
class CurrentStatusOracleTest {

  private static final Pattern RESOURCE =
      Pattern.compile("^\\s*\\* (\\S+)\\s+\\(([^)]*)\\):\\s+(Started|Stopped|FAILED)(?: ([^ (]\\S*))?.*$");
  private static final Pattern NODE = Pattern.compile("^\\s*\\* Node (\\S+): (.*)$");
  private static final Pattern NODE_LIST = Pattern.compile("^\\s*\\* (Online|OFFLINE): \\[ (.*) \\]$");

  @TestFactory
  Stream<DynamicTest> readerAgreesWithCrmSimulate() {
    Path root = Corpus.require();
    Path simulator = requireSimulator();
    return Corpus.cases(root).stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
      Path cib = dir.resolve("cib.xml");
      CibSnapshot snapshot = Cib.read(cib);
      String output = run(simulator, cib);
      assertThat(ours(snapshot)).as("%s: current status as crm_simulate prints it:%n%s", dir.getFileName(), output)
          .isEqualTo(theirs(output));
    }));
  }

  /** "node NAME STATUS" and "rsc ID STATE [NODE]" lines, as the reader sees the CIB. */
  private static Map<String, String> ours(CibSnapshot snapshot) {
    Map<String, String> out = new TreeMap<>();
    ClusterState state = snapshot.state();
    for (NodeState n : state.nodes().values()) {
      String s = switch (n.status()) {
        case ONLINE -> n.standby() ? "standby" : "online";
        case OFFLINE -> "offline";
        case UNCLEAN -> "unclean";
        case PENDING -> "pending";
      };
      out.put("node " + n.name(), s);
    }
    for (Primitive p : snapshot.config().primitives()) {
      String failedOn = null;
      String startedOn = null;
      for (ResourceNodeState r : state.resources()) {
        if (r.resource().equals(p.id()) && r.failed()) {
          failedOn = r.node();
        } else if (r.resource().equals(p.id()) && r.role() == ObservedRole.STARTED) {
          startedOn = r.node();
        }
      }
      out.put("rsc " + p.id(), failedOn != null ? "FAILED " + failedOn : startedOn != null ? "Started " + startedOn : "Stopped");
    }
    return out;
  }

  /** The same lines from crm_simulate's "Current cluster status". */
  private static Map<String, String> theirs(String output) {
    Map<String, String> out = new TreeMap<>();
    String status = output.substring(output.indexOf("Current cluster status:"));
    int end = status.indexOf("Transition Summary:");
    for (String line : (end < 0 ? status : status.substring(0, end)).split("\n")) {
      Matcher m = NODE_LIST.matcher(line);
      if (m.matches()) {
        for (String name : m.group(2).trim().split("\\s+")) {
          out.put("node " + name, m.group(1).equals("Online") ? "online" : "offline");
        }
        continue;
      }
      m = NODE.matcher(line);
      if (m.matches()) {
        String s = m.group(2);
        out.put("node " + m.group(1), s.startsWith("UNCLEAN") ? "unclean" : s.startsWith("standby") ? "standby"
            : s.startsWith("pending") ? "pending" : s.startsWith("OFFLINE") ? "offline" : s);
        continue;
      }
      m = RESOURCE.matcher(line);
      if (m.matches()) {
        out.put("rsc " + m.group(1), m.group(4) == null ? m.group(3) : m.group(3) + " " + m.group(4));
      }
    }
    return out;
  }

  private static Path requireSimulator() {
    Optional<Path> exe = Stream.of("/usr/sbin/crm_simulate", "/usr/bin/crm_simulate")
        .map(Path::of).filter(Files::isExecutable).findFirst();
    if (exe.isEmpty()) {
      String reason = "crm_simulate is not installed (Debian package pacemaker-cli-utils)";
      if (Corpus.underCi()) {
        fail(reason + ", but CI=true");
      }
      assumeTrue(false, reason);
    }
    return exe.get();
  }

  private static String run(Path simulator, Path cib) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(simulator.toString(), "-x", cib.toString()))
        .redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("crm_simulate took more than 60 s on " + cib);
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
