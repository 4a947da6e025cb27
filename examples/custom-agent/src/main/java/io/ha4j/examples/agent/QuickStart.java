package io.ha4j.examples.agent;

import io.ha4j.ClusterConfig;
import io.ha4j.Ha4j;
import io.ha4j.Ha4jNode;
import io.ha4j.Primitive;
import io.ha4j.raft.RaftCoordinator;
import io.ha4j.raft.RaftCoordinatorConfig;
import java.nio.file.Path;
import java.time.Duration;

/** The README's quick start, kept compiling here: run it three times, with node1, node2 and node3. */
public final class QuickStart {
  private QuickStart() {}

  /** {@code java ... io.ha4j.examples.agent.QuickStart node1} (then node2, node3, each in its own terminal). */
  public static void main(String[] args) {
    String me = args[0];                                     // node1, node2 or node3
    RaftCoordinatorConfig raft = RaftCoordinatorConfig.builder().nodeId(me)
        .peers("node1@127.0.0.1:9871", "node2@127.0.0.1:9872", "node3@127.0.0.1:9873")
        .storageDir(Path.of("/tmp/ha4j-quickstart", me)).build();
    ClusterConfig config = ClusterConfig.builder()
        .nodes("node1", "node2", "node3")
        .resource(Primitive.builder("report-job", ReportJobAgent.TYPE)
            .monitor(Duration.ofSeconds(10), Duration.ofSeconds(20)).build())
        .build();                                            // throws, listing every problem, if invalid
    Ha4jNode node = Ha4j.builder()
        .nodeId(me)
        .coordinator(clock -> RaftCoordinator.start(raft))  // embedded Raft: nothing else to install
        .configuration(config)                              // stored once; admin changes go through the cluster
        .agent(ReportJobAgent.TYPE, new ReportJobAgent())   // your start/stop/monitor
        .listener(event -> System.out.println(event))       // advisory events
        .build();
    Runtime.getRuntime().addShutdownHook(new Thread(node::close));  // clean leave: stop, hand over
    node.start();                                           // the job runs on exactly one of the three
  }
}
