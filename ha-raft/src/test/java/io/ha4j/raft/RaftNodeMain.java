package io.ha4j.raft;

import io.ha4j.spi.CoordinatorListener;
import io.ha4j.spi.Leadership;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A Raft node in its own JVM, for the kill -9 tests. Arguments: nodeId, storageDir, timing, peers
 * ({@code id@host:port}...). Prints {@code READY}, {@code LEADER <epoch> <nanoTime>}, {@code LOST
 * <epoch>} and {@code WROTE <epoch> <version>} (a write committed under the new epoch) on stdout.
 */
public final class RaftNodeMain {
  private RaftNodeMain() {}

  public static void main(String[] args) throws InterruptedException {
    var builder = RaftCoordinatorConfig.builder()
        .nodeId(args[0]).storageDir(Path.of(args[1])).timing(RaftTiming.valueOf(args[2]));
    for (int i = 3; i < args.length; i++) {
      builder.peers(args[i]);
    }
    RaftCoordinator node = RaftCoordinator.start(builder.build());
    node.addListener(new CoordinatorListener() {
      @Override
      public void leadershipGained(Leadership l) {
        System.out.println("LEADER " + l.epoch());
        try {
          long v = node.put("leader/epoch", Long.toString(l.epoch()).getBytes(StandardCharsets.UTF_8)).version();
          System.out.println("WROTE " + l.epoch() + " " + v);
        } catch (RuntimeException e) {
          System.out.println("WRITE-FAILED " + l.epoch() + " " + e.getMessage());
        }
      }

      @Override
      public void leadershipLost(Leadership l) {
        System.out.println("LOST " + l.epoch());
      }
    });
    System.out.println("READY");
    Runtime.getRuntime().addShutdownHook(new Thread(node::close));
    Thread.currentThread().join();
  }
}
