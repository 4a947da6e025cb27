package io.ha4j.benchmarks.nemesis;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterStatus;
import io.ha4j.Ha4j;
import io.ha4j.Ha4jNode;
import io.ha4j.Operation;
import io.ha4j.Primitive;
import io.ha4j.Score;
import io.ha4j.TargetRole;
import io.ha4j.Timing;
import io.ha4j.guard.GuardOptions;
import io.ha4j.guard.GuardProcessAdapter;
import io.ha4j.raft.RaftCoordinator;
import io.ha4j.raft.RaftCoordinatorConfig;
import io.ha4j.raft.RaftTiming;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One node of the nemesis cluster, a JVM started inside its own network namespace by {@link Nemesis}:
 * embedded Raft (DEFAULT timing) over the namespace's {@code eth0}, the guard (kill-jvm mode), and
 * five resources, each an address on the device {@code res0} (one end of a veth pair inside the namespace) run by {@link NemesisAgent}: the
 * group {@code G} = {@code G-ip} + {@code G-app}, {@code A}, {@code B} (with A, after A) and {@code
 * C} (kept away from G).
 *
 * <p>Arguments ({@code key=value}): {@code id}, {@code nodes=n1,n2,..}, {@code peers=n1@ip:port,..},
 * {@code dir} (Raft storage, on the harness's tmpfs), {@code journal} (the agents' file), {@code
 * guardLog}. Commands on stdin, each {@code <tag> <command>}, answered by one line {@code <tag>
 * <answer>} (each runs on its own thread, so a command blocked on a store without quorum delays no
 * other): {@code ROLE}, {@code W move|ban|clear|disable|enable RSC [NODE]} ({@code ACK} or {@code ERR}),
 * {@code CONF}, {@code PLACE}, {@code STATUS}, {@code SLOW ms}, {@code HANG}, {@code NORMAL}, {@code CLEANUP},
 * {@code BYE}. Prints {@code STARTED} once the node runs. Uncaught exceptions go to stderr as {@code
 * UNCAUGHT}.
 */
public final class NemesisNode {
  /** Resource ids, in address order (10.88.1.1 ...). */
  static final List<String> RESOURCES = List.of("G-ip", "G-app", "A", "B", "C");
  /** Resources admin writes may move, ban or clear. */
  static final List<String> MOVABLE = List.of("G", "A", "C");
  /** Resources admin writes may disable and enable. */
  static final List<String> DISABLEABLE = List.of("B", "C");

  private NemesisNode() {}

  static String address(int i) {
    return "10.88.1." + (i + 1) + "/32";
  }

  static ClusterConfig config(String[] nodes) {
    Map<String, Primitive> p = new LinkedHashMap<>();
    for (int i = 0; i < RESOURCES.size(); i++) {
      p.put(RESOURCES.get(i), Primitive.builder(RESOURCES.get(i), NemesisAgent.TYPE)
          .param("ip", address(i).split("/")[0]).param("cidr_netmask", "32").param("nic", "res0")
          .param("arp_count", "0")
          .monitor(Duration.ofSeconds(3), Duration.ofSeconds(5))
          .operation(Operation.start(Duration.ofSeconds(5)))
          .operation(Operation.stop(Duration.ofSeconds(5)))
          .failureTimeout(Duration.ofSeconds(60))
          .build());
    }
    return ClusterConfig.builder().nodes(nodes)
        .group("G", p.get("G-ip"), p.get("G-app"))
        .resource(p.get("A")).resource(p.get("B")).resource(p.get("C"))
        .colocation("B", "A", Score.INFINITY)
        .order("A", "B")
        .colocation("C", "G", -1000)
        .build();
  }

  public static void main(String[] argv) throws Exception {
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
      System.err.println("UNCAUGHT in thread " + t.getName() + ": " + e);
      e.printStackTrace();
    });
    Map<String, String> a = new LinkedHashMap<>();
    for (String s : argv) {
      int i = s.indexOf('=');
      a.put(s.substring(0, i), s.substring(i + 1));
    }
    String id = a.get("id");
    GuardProcessAdapter guard = GuardProcessAdapter.start(GuardOptions.defaults()
        .withStderrFile(Path.of(a.get("guardLog"))));
    out("GUARD " + guard.guardPid());
    RaftCoordinator raft;
    try {
      raft = RaftCoordinator.start(RaftCoordinatorConfig.builder().nodeId(id)
          .storageDir(Path.of(a.get("dir"))).timing(RaftTiming.DEFAULT).peers(a.get("peers").split(",")).build());
    } catch (io.ha4j.spi.CoordinatorException e) {
      // e.g. its Raft storage was left unreadable by a full disk: say so and exit (Ratis threads would
      // otherwise keep the JVM alive without a node)
      out("STARTFAILED " + String.valueOf(e.getMessage()).replace('\n', ' '));
      guard.close();
      System.exit(3);
      return;
    }
    NemesisAgent agent = new NemesisAgent(Path.of(a.get("journal")));
    Ha4jNode node = Ha4j.builder().nodeId(id).coordinator(raft).configuration(config(a.get("nodes").split(",")))
        .agent(NemesisAgent.TYPE, agent).discoverAgents(false).timing(Timing.DEFAULT).guard(guard).build();
    node.start();
    out("STARTED " + System.nanoTime());

    ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "nemesis-command");
      t.setDaemon(true);
      return t;
    });
    var stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = stdin.readLine()) != null) {
      String[] w = line.split(" ");
      if (w.length < 2) {
        continue;
      }
      String tag = w[0];
      if (w[1].equals("BYE")) {
        node.close();
        raft.close();
        out(tag + " CLOSED");
        System.exit(0);
      }
      pool.execute(() -> {
        try {
          out(tag + " " + answer(node, raft, agent, w));
        } catch (RuntimeException e) {
          out(tag + " ERR " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' '));
        }
      });
    }
  }

  private static String answer(Ha4jNode node, RaftCoordinator raft, NemesisAgent agent, String[] w) {
    switch (w[1]) {
      case "ROLE":
        return "ROLE " + raft.isRaftLeader() + " " + node.isLeader();
      case "W": {
        String rsc = w[3];
        switch (w[2]) {
          case "move" -> node.move(rsc, w[4], null);
          case "ban" -> node.ban(rsc, w[4], null);
          case "clear" -> node.clear(rsc);
          case "disable" -> node.disable(rsc);
          case "enable" -> node.enable(rsc);
          default -> throw new IllegalArgumentException("unknown write " + w[2]);
        }
        return "ACK";
      }
      case "CONF": {
        ClusterStatus s = node.status();
        List<String> prefer = new ArrayList<>();
        List<String> bans = new ArrayList<>();
        for (ClusterStatus.ConstraintInfo c : s.constraints()) {
          if (c.id().startsWith("cli-prefer-")) {
            prefer.add(c.resource() + ":" + c.node());
          } else if (c.id().startsWith("cli-ban-")) {
            bans.add(c.resource() + ":" + c.node());
          }
        }
        List<String> disabled = s.resources().stream().filter(r -> r.targetRole() == TargetRole.STOPPED)
            .map(ClusterStatus.ResourceInfo::id).toList();
        return "CONF prefer=" + String.join(",", prefer) + " bans=" + String.join(",", bans)
            + " disabled=" + String.join(",", disabled);
      }
      case "PLACE": {
        if (!raft.hasQuorum()) {
          return "NOQUORUM"; // its view may be stale: ask another node
        }
        StringBuilder b = new StringBuilder("PLACE");
        for (String r : RESOURCES) {
          b.append(' ').append(r).append('=').append(node.explain(r).node().orElse("-"));
        }
        return b.toString();
      }
      case "STATUS":
        return "STATUS " + node.status().toString().replace('\n', ' ');
      case "SLOW":
        agent.slow(Long.parseLong(w[2]));
        return "OK";
      case "HANG":
        agent.hang(true);
        return "OK";
      case "NORMAL":
        agent.slow(0);
        agent.hang(false);
        return "OK";
      case "CLEANUP":
        for (String r : RESOURCES) {
          node.cleanup(r);
        }
        return "OK";
      default:
        return "ERR unknown command " + w[1];
    }
  }

  private static synchronized void out(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
