package io.ha4j.zookeeper;

import io.ha4j.spi.CoordinatorContractTest;
import java.util.List;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract suite against a real 3-server ZooKeeper ensemble (curator-test's TestingCluster) with
 * one member killed for the whole run; losing quorum kills a second one.
 */
class ZooKeeperClusterContractTest extends CoordinatorContractTest {
  private static TestingCluster cluster;
  private static List<InstanceSpec> specs;

  @BeforeAll
  static void startEnsemble() throws Exception {
    specs = List.of(spec(1), spec(2), spec(3));
    cluster = new TestingCluster(specs);
    cluster.start();
    cluster.killServer(specs.get(2));
  }

  private static InstanceSpec spec(int id) {
    return new InstanceSpec(null, -1, -1, -1, true, id, 100, -1);
  }

  @AfterAll
  static void stopEnsemble() throws Exception {
    cluster.close();
  }

  @Override
  protected Cluster createCluster() {
    return new ZooKeeperContractFixture(new ZooKeeperContractFixture.Ensemble() {
      @Override
      public String connectString() {
        return cluster.getConnectString();
      }

      @Override
      public void loseQuorum() {
        try {
          cluster.killServer(specs.get(1));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public void regainQuorum() {
        try {
          cluster.restartServer(specs.get(1));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    });
  }
}
