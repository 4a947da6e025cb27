package io.ha4j.benchmarks.failover;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;

/**
 * A three-server ZooKeeper ensemble (Curator's {@link TestingCluster}) in its own JVM, on loopback,
 * with a 200 ms tick so that sessions may be as short as 400 ms (ZooKeeper's minimum is two ticks).
 * Prints {@code ZK connectString}; ends on end of stdin or {@code BYE}.
 */
public final class ZkEnsemble {
  /** The server tick; a session timeout must be between 2 and 20 ticks. */
  static final int TICK_MS = 200;

  private ZkEnsemble() {}

  public static void main(String[] args) throws Exception {
    List<InstanceSpec> specs = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      specs.add(new InstanceSpec(null, -1, -1, -1, true, i, TICK_MS, 200));
    }
    try (TestingCluster cluster = new TestingCluster(specs)) {
      cluster.start();
      System.out.println("ZK " + cluster.getConnectString());
      System.out.flush();
      var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null && !line.equals("BYE")) {
        // wait
      }
    }
    System.exit(0);
  }
}
