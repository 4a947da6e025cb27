package io.ha4j.guard;

import io.ha4j.ClusterConfig;
import io.ha4j.Ha4j;
import io.ha4j.Ha4jNode;
import io.ha4j.Primitive;
import io.ha4j.Timing;
import io.ha4j.raft.RaftCoordinator;
import io.ha4j.raft.RaftCoordinatorConfig;
import io.ha4j.raft.RaftTiming;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One ha4j node in its own JVM for the end-to-end test: embedded Raft on loopback, one primitive
 * {@code vip} (an address managed by {@link NetnsAddressAgent} in this node's own namespace), and
 * the guard plugged in through {@link GuardProcessAdapter} in kill-jvm mode. Arguments: nodeId
 * storageDir netns cidr timing(LAN_FAST|DEFAULT) guardLog peer... ({@code id@127.0.0.1:port}).
 * Prints {@code GUARD <pid>} and {@code STARTED}; {@code BYE} on stdin closes the node cleanly.
 */
public final class GuardedNodeMain {
  private GuardedNodeMain() {}

  public static void main(String[] args) throws Exception {
    String id = args[0];
    String netns = args[2];
    String cidr = args[3];
    String timing = args[4];
    List<String> peers = List.of(args).subList(6, args.length);
    GuardProcessAdapter guard = GuardProcessAdapter.start(GuardOptions.defaults().withStderrFile(Path.of(args[5])));
    System.out.println("GUARD " + guard.guardPid());

    var raft = RaftCoordinatorConfig.builder().nodeId(id).storageDir(Path.of(args[1]))
        .timing(RaftTiming.valueOf(timing));
    peers.forEach(raft::peers);
    RaftCoordinator coordinator = RaftCoordinator.start(raft.build());
    ClusterConfig config = ClusterConfig.builder()
        .nodes(peers.stream().map(p -> p.substring(0, p.indexOf('@'))).toArray(String[]::new))
        .resource(Primitive.builder("vip", NetnsAddressAgent.TYPE).param("ip", cidr).param("device", TestNamespace.DEVICE)
            .monitor(Duration.ofSeconds(1), Duration.ofSeconds(5)).build())
        .build();
    Ha4jNode node = Ha4j.builder().nodeId(id).coordinator(coordinator).configuration(config)
        .agent(NetnsAddressAgent.TYPE, new NetnsAddressAgent(netns)).discoverAgents(false)
        .timing(timing.equals("LAN_FAST") ? Timing.LAN_FAST : Timing.DEFAULT)
        .guard(guard).build();
    node.start();
    System.out.println("STARTED");

    var stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = stdin.readLine()) != null) {
      if (line.equals("BYE")) {
        break;
      }
    }
    node.close(); // stops its resources, then says BYE to the guard
    coordinator.close();
    System.out.println("CLOSED");
    System.exit(0);
  }
}
