package io.ha4j.benchmarks.failover;

import io.ha4j.testkit.NetnsLab;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.retry.RetryNTimes;

/**
 * The alternative a user would write with Apache Curator: a {@link LeaderLatch}, and the VIP added
 * in this node's namespace by whoever holds it ({@code isLeader}) and removed on {@code notLeader}
 * (which Curator's default error policy also calls on a SUSPENDED connection, i.e. before the
 * session can have expired). Arguments: connectString netns vip/prefix sessionMs connectionMs.
 * Prints {@code STARTED nanos} and {@code EV nanos leader|notleader}.
 */
public final class LatchNode {
  private LatchNode() {}

  public static void main(String[] args) throws Exception {
    String netns = args[1];
    String vip = args[2];
    CuratorFramework client = CuratorFrameworkFactory.builder().connectString(args[0])
        .sessionTimeoutMs(Integer.parseInt(args[3])).connectionTimeoutMs(Integer.parseInt(args[4]))
        .retryPolicy(new RetryNTimes(Integer.MAX_VALUE, 50)).build();
    client.start();
    LeaderLatch latch = new LeaderLatch(client, "/bench-latch");
    latch.addListener(new LeaderLatchListener() {
      @Override
      public void isLeader() {
        print("EV " + System.nanoTime() + " leader");
        NetnsLab.run(List.of(NetnsLab.IP, "-n", netns, "addr", "add", vip, "dev", "eth0"));
      }

      @Override
      public void notLeader() {
        print("EV " + System.nanoTime() + " notleader");
        NetnsLab.run(List.of(NetnsLab.IP, "-n", netns, "addr", "del", vip, "dev", "eth0"));
      }
    });
    latch.start();
    print("STARTED " + System.nanoTime());
    var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null && !line.equals("BYE")) {
      // wait
    }
    latch.close();
    client.close();
    System.exit(0);
  }

  private static synchronized void print(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
