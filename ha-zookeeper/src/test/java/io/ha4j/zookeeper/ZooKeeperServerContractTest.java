package io.ha4j.zookeeper;

import io.ha4j.spi.CoordinatorContractTest;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract suite against curator-test's in-process ZooKeeper server (one server). */
class ZooKeeperServerContractTest extends CoordinatorContractTest {
  private static TestingServer server;

  @BeforeAll
  static void startServer() throws Exception {
    // tickTime 100 ms: sessions of 0.2–2 s are allowed
    server = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 100, -1), true);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Override
  protected Cluster createCluster() {
    return new ZooKeeperContractFixture(new ZooKeeperContractFixture.Ensemble() {
      @Override
      public String connectString() {
        return server.getConnectString();
      }

      @Override
      public void loseQuorum() {
        try {
          server.stop();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public void regainQuorum() {
        try {
          server.restart();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    });
  }
}
