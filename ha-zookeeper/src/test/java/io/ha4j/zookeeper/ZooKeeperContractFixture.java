package io.ha4j.zookeeper;

import io.ha4j.spi.Coordinator;
import io.ha4j.spi.CoordinatorContractTest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.ZooKeeper;
import org.awaitility.Awaitility;

/** A contract-suite cluster of three ZooKeeper coordinators in a fresh namespace of a shared ensemble. */
final class ZooKeeperContractFixture implements CoordinatorContractTest.Cluster {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  /** How a test cuts the ensemble's quorum and restores it. */
  interface Ensemble {
    String connectString();

    void loseQuorum();

    void regainQuorum();
  }

  private final Ensemble ensemble;
  private final String namespace = "contract-" + NAMESPACES.incrementAndGet();
  private final List<String> ids = List.of("n1", "n2", "n3");
  private final Map<String, ZooKeeperCoordinator> nodes = new LinkedHashMap<>();

  ZooKeeperContractFixture(Ensemble ensemble) {
    this.ensemble = ensemble;
    ids.forEach(this::restart);
  }

  static ZooKeeperCoordinatorConfig config(String connectString, String namespace, String id) {
    return ZooKeeperCoordinatorConfig.builder()
        .nodeId(id)
        .connectString(connectString)
        .namespace(namespace)
        .sessionTimeout(Duration.ofSeconds(2))
        .connectionTimeout(Duration.ofSeconds(2))
        .heartbeat(Duration.ofMillis(200))
        .margin(Duration.ofMillis(300))
        .build();
  }

  @Override
  public List<String> candidates() {
    return ids;
  }

  @Override
  public synchronized Coordinator node(String id) {
    return nodes.get(id);
  }

  @Override
  public synchronized void crash(String id) {
    nodes.get(id).closeWithoutGoodbye();
  }

  @Override
  public synchronized void restart(String id) {
    ZooKeeperCoordinator old = nodes.get(id);
    if (old != null) {
      old.closeWithoutGoodbye();
    }
    nodes.put(id, ZooKeeperCoordinator.start(config(ensemble.connectString(), namespace, id)));
  }

  @Override
  public void expireSession(String id) {
    // the classic way to expire a session on the server: open a second connection with the same
    // session id and password, then close it
    try {
      CuratorFramework curator = nodes.get(id).curatorForTest();
      ZooKeeper zk = curator.getZookeeperClient().getZooKeeper();
      ZooKeeper twin = new ZooKeeper(ensemble.connectString(), 2000, e -> { }, zk.getSessionId(), zk.getSessionPasswd());
      await("twin connected", () -> twin.getState().isConnected());
      twin.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot expire the session of " + id, e);
    }
  }

  @Override
  public void isolate(String id) {
    ensemble.loseQuorum();
  }

  @Override
  public void reconnect(String id) {
    ensemble.regainQuorum();
  }

  @Override
  public void await(String what, BooleanSupplier condition) {
    Awaitility.await().alias(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
        .until(condition::getAsBoolean);
  }

  @Override
  public synchronized void close() {
    nodes.values().forEach(ZooKeeperCoordinator::close);
  }
}
