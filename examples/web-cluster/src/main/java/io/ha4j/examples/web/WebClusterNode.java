package io.ha4j.examples.web;

import io.ha4j.ClusterConfig;
import io.ha4j.Ha4j;
import io.ha4j.Ha4jNode;
import io.ha4j.Primitive;
import io.ha4j.ResourceMeta;
import io.ha4j.Timing;
import io.ha4j.agents.HttpServiceAgent;
import io.ha4j.agents.VipAgent;
import io.ha4j.guard.GuardOptions;
import io.ha4j.guard.GuardProcessAdapter;
import io.ha4j.raft.RaftCoordinator;
import io.ha4j.raft.RaftCoordinatorConfig;
import io.ha4j.raft.RaftTiming;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of the seed's web cluster: group {@code WebGroup} = {@code ClusterVIP} (a virtual IP,
 * {@code ha4j:vip}) then {@code WebService} (an HTTP service, {@code ha4j:http} running {@link
 * HelloService} in this JVM), on three JVMs with the embedded Raft backend. Run one per node:
 *
 * <pre>
 * java -jar web-cluster.jar --node node1 --peers node1@10.77.0.1:9870,node2@10.77.0.2:9870,node3@10.77.0.3:9870 \
 *      --data /tmp/node1 --vip 10.77.0.100/24 --nic eth0 --port 8080
 * </pre>
 *
 * Without {@code --vip} (no root), the group is the web service alone, listening on {@code --address}
 * (e.g. 127.0.0.100, a loopback address only the active node binds). {@code --timing} picks a preset
 * (LAN_FAST, DEFAULT, WAN) for both Raft and the runtime. With a VIP, an external guard process
 * removes the address if this JVM dies ({@code kill -9}).
 */
public final class WebClusterNode {
  private static final Logger log = LoggerFactory.getLogger(WebClusterNode.class);

  private WebClusterNode() {}

  /** The cluster configuration: the seed's group, monitors every 10 s (timeout 20 s), migration-threshold 3. */
  static ClusterConfig config(List<String> nodes, String vip, String nic, String address, int port) {
    List<Primitive> members = new ArrayList<>();
    if (vip != null) {
      String[] ipAndPrefix = vip.split("/");
      Primitive.Builder b = Primitive.builder("ClusterVIP", VipAgent.TYPE).param("ip", ipAndPrefix[0])
          .monitor(Duration.ofSeconds(10), Duration.ofSeconds(20));
      if (ipAndPrefix.length > 1) {
        b.param("cidr_netmask", ipAndPrefix[1]);
      }
      if (nic != null) {
        b.param("nic", nic);
      }
      members.add(b.build());
    }
    members.add(Primitive.builder("WebService", HttpServiceAgent.TYPE)
        .param("url", "http://" + address + ":" + port + "/")
        .param("lifecycle", "hello")
        .param("request_timeout", "2s")
        .monitor(Duration.ofSeconds(10), Duration.ofSeconds(20))
        .build());
    return ClusterConfig.builder()
        .nodes(nodes.toArray(String[]::new))
        .group("WebGroup", members.toArray(Primitive[]::new))
        .resourceDefaults(ResourceMeta.HA4J_DEFAULTS.withMigrationThreshold(3))
        .build();
  }

  /** Runs the node until SIGTERM (clean shutdown: stops its resources, leaves) or SIGKILL. */
  public static void main(String[] args) throws Exception {
    Map<String, String> a = options(args);
    String node = required(a, "node");
    String peers = required(a, "peers");
    Path data = Path.of(required(a, "data"));
    String vip = a.get("vip");
    int port = Integer.parseInt(a.getOrDefault("port", "8080"));
    String address = vip != null ? vip.split("/")[0] : a.getOrDefault("address", "127.0.0.100");
    String timingName = a.getOrDefault("timing", "DEFAULT");

    List<String> nodeNames = new ArrayList<>();
    RaftCoordinatorConfig.Builder raft = RaftCoordinatorConfig.builder().nodeId(node).storageDir(data.resolve("raft"))
        .timing(RaftTiming.valueOf(timingName));
    for (String p : peers.split(",")) {
      raft.peers(p);
      nodeNames.add(p.substring(0, p.indexOf('@')));
    }
    RaftCoordinatorConfig raftConfig = raft.build();
    Timing timing = switch (timingName) {
      case "LAN_FAST" -> Timing.LAN_FAST;
      case "WAN" -> Timing.WAN;
      default -> Timing.DEFAULT;
    };

    Ha4j.Builder builder = Ha4j.builder()
        .nodeId(node)
        .coordinator(clock -> RaftCoordinator.start(raftConfig))
        .configuration(config(nodeNames, vip, a.get("nic"), address, port))
        .agent(HttpServiceAgent.TYPE, HttpServiceAgent.builder().lifecycle("hello", new HelloService(node, address, port)).build())
        .agent(VipAgent.TYPE, new VipAgent())
        .discoverAgents(false)
        .timing(timing)
        .listener(event -> log.info("{}", event));
    GuardProcessAdapter guard = null;
    if (vip != null) {
      Files.createDirectories(data);
      guard = GuardProcessAdapter.start(GuardOptions.defaults().withStderrFile(data.resolve("guard.log")));
      builder.guard(guard);
    }
    Ha4jNode ha = builder.build();
    if (a.containsKey("pid-file")) {
      Files.writeString(Path.of(a.get("pid-file")), ProcessHandle.current().pid() + "\n");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("{}: shutting down", node);
      ha.close();
      stopped.countDown();
    }, "shutdown"));
    ha.start();
    log.info("{}: started ({} timing; web service on http://{}:{}/)", node, timing.name(), address, port);
    stopped.await();
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("usage: --node N --peers id@host:port,... --data DIR [--vip IP/PREFIX"
            + " --nic DEV] [--address ADDR] [--port P] [--timing LAN_FAST|DEFAULT|WAN] [--pid-file F]; got " + args[i]);
      }
      out.put(args[i].substring(2), args[++i]);
    }
    return out;
  }

  private static String required(Map<String, String> a, String name) {
    String v = a.get(name);
    if (v == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return v;
  }
}
