package io.ha4j.benchmarks.failover;

import io.ha4j.ClusterConfig;
import io.ha4j.Ha4j;
import io.ha4j.Ha4jEvent;
import io.ha4j.Ha4jNode;
import io.ha4j.Primitive;
import io.ha4j.Timing;
import io.ha4j.agents.CommandPrefix;
import io.ha4j.agents.VipAgent;
import io.ha4j.guard.GuardOptions;
import io.ha4j.guard.GuardProcessAdapter;
import io.ha4j.raft.RaftCoordinator;
import io.ha4j.raft.RaftCoordinatorConfig;
import io.ha4j.raft.RaftTiming;
import io.ha4j.spi.Coordinator;
import io.ha4j.zookeeper.ZooKeeperCoordinator;
import io.ha4j.zookeeper.ZooKeeperCoordinatorConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One ha4j node in its own JVM, driven by {@link FailoverBenchmark} through stdin/stdout.
 *
 * <p>Arguments ({@code key=value}): {@code backend=raft|zk}, {@code id}, {@code nodes=n1,n2,n3},
 * {@code dir} (Raft storage), {@code timing=DEFAULT|LAN_FAST}, {@code peers=n1@127.0.0.1:port,...}
 * (Raft) or {@code zk=host:port,...} (ZooKeeper), {@code netns=NAME} and {@code vip=A.B.C.D/24}
 * (the seed's group: {@code ClusterVIP} as {@code ha4j:vip} in that namespace, guarded by ha-guard,
 * then {@code WebService}, an in-JVM service); {@code netns=-} runs only the in-JVM service (no
 * root needed: footprint runs). {@code guardLog=FILE}.
 *
 * <p>Prints (times are {@link System#nanoTime}, CLOCK_MONOTONIC, comparable between JVMs of one
 * machine): {@code GUARD pid}, {@code STARTED nanos}, {@code EV nanos Type subject node} for every
 * runtime event; answers {@code ROLE}, {@code MOVE node}, {@code CLEAR}, {@code HEAP}; {@code BYE}
 * closes the node.
 */
public final class BenchNode {
  /** The group's id. */
  static final String GROUP = "WebGroup";

  private BenchNode() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = new LinkedHashMap<>();
    for (String s : argv) {
      int i = s.indexOf('=');
      a.put(s.substring(0, i), s.substring(i + 1));
    }
    String id = a.get("id");
    String netns = a.getOrDefault("netns", "-");
    boolean vip = !netns.equals("-");
    Timing timing = a.get("timing").equals("LAN_FAST") ? Timing.LAN_FAST : Timing.DEFAULT;
    GuardProcessAdapter guard = null;
    if (vip) {
      guard = GuardProcessAdapter.start(GuardOptions.defaults().withStderrFile(Path.of(a.get("guardLog"))));
      out("GUARD " + guard.guardPid());
    }
    Coordinator coordinator;
    RaftCoordinator raft = null;
    if (a.get("backend").equals("raft")) {
      var b = RaftCoordinatorConfig.builder().nodeId(id).storageDir(Path.of(a.get("dir")))
          .timing(RaftTiming.valueOf(a.get("timing")));
      b.peers(a.get("peers").split(","));
      raft = RaftCoordinator.start(b.build());
      coordinator = raft;
    } else {
      coordinator = ZooKeeperCoordinator.start(ZooKeeperCoordinatorConfig.builder().nodeId(id)
          .connectString(a.get("zk")).namespace("ha4jbench")
          .sessionTimeout(timing.session().lease()).heartbeat(timing.session().heartbeat())
          .margin(timing.session().margin()).connectionTimeout(timing.session().lease()).build());
    }
    Duration monitor = timing == Timing.LAN_FAST ? Duration.ofMillis(500) : Duration.ofSeconds(1);
    Primitive web = Primitive.builder("WebService", InJvmService.TYPE).monitor(monitor, Duration.ofSeconds(5)).build();
    ClusterConfig.Builder config = ClusterConfig.builder().nodes(a.get("nodes").split(","));
    if (vip) {
      Primitive address = Primitive.builder("ClusterVIP", VipAgent.TYPE).param("ip", a.get("vip").split("/")[0])
          .param("cidr_netmask", a.get("vip").split("/")[1]).param("nic", "eth0").param("arp_count", "0")
          .monitor(monitor, Duration.ofSeconds(5)).build();
      config.group(GROUP, address, web);
    } else {
      config.group(GROUP, web);
    }
    Ha4j.Builder builder = Ha4j.builder().nodeId(id).coordinator(coordinator).configuration(config.build())
        .agent(InJvmService.TYPE, new InJvmService()).discoverAgents(false).timing(timing)
        .listener(BenchNode::event);
    if (vip) {
      builder.agent(VipAgent.TYPE, new VipAgent(CommandPrefix.netns(netns))).guard(guard);
    }
    Ha4jNode node = builder.build();
    node.start();
    out("STARTED " + System.nanoTime());

    var stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = stdin.readLine()) != null) {
      String[] w = line.split(" ");
      try {
        switch (w[0]) {
          case "ROLE" -> out("ROLE " + (raft != null && raft.isRaftLeader()) + " " + node.isLeader());
          case "MOVE" -> {
            out("MOVE_ISSUED " + System.nanoTime());
            node.move(GROUP, w[1], Duration.ofMinutes(10));
            out("MOVE_ACCEPTED " + System.nanoTime());
          }
          case "CLEAR" -> {
            node.clear(GROUP);
            out("CLEARED");
          }
          case "HEAP" -> {
            System.gc();
            var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            out("HEAP " + heap.getUsed() + " " + heap.getCommitted());
          }
          case "BYE" -> {
            node.close();
            coordinator.close();
            out("CLOSED");
            System.exit(0);
          }
          default -> out("ERR unknown command " + Arrays.toString(w));
        }
      } catch (RuntimeException e) {
        out("ERR " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' '));
      }
    }
  }

  private static void event(Ha4jEvent e) {
    long now = System.nanoTime();
    String text;
    if (e instanceof Ha4jEvent.LeadershipGained g) {
      text = "LeadershipGained - " + g.node();
    } else if (e instanceof Ha4jEvent.LeadershipLost l) {
      text = "LeadershipLost - " + l.node();
    } else if (e instanceof Ha4jEvent.NodeJoined j) {
      text = "NodeJoined " + j.node() + " -";
    } else if (e instanceof Ha4jEvent.NodeLost l) {
      text = "NodeLost " + l.node() + " -";
    } else if (e instanceof Ha4jEvent.ResourceStarting r) {
      text = "ResourceStarting " + r.resource() + " " + r.node();
    } else if (e instanceof Ha4jEvent.ResourceStarted r) {
      text = "ResourceStarted " + r.resource() + " " + r.node();
    } else if (e instanceof Ha4jEvent.ResourceStopping r) {
      text = "ResourceStopping " + r.resource() + " " + r.node();
    } else if (e instanceof Ha4jEvent.ResourceStopped r) {
      text = "ResourceStopped " + r.resource() + " " + r.node();
    } else if (e instanceof Ha4jEvent.ResourceFailed r) {
      text = "ResourceFailed " + r.resource() + " " + r.node();
    } else if (e instanceof Ha4jEvent.NodeFenced f) {
      text = "NodeFenced " + f.node() + " -";
    } else if (e instanceof Ha4jEvent.SelfFencing f) {
      text = "SelfFencing - " + f.node();
    } else {
      text = e.getClass().getSimpleName() + " - -";
    }
    out("EV " + now + " " + text);
  }

  private static synchronized void out(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
