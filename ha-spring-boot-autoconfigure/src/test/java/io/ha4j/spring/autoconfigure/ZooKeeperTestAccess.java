package io.ha4j.spring.autoconfigure;

import io.ha4j.zookeeper.ZooKeeperCoordinatorConfig;

/** Test access to the ZooKeeper backend's property mapping. */
public final class ZooKeeperTestAccess {
  private ZooKeeperTestAccess() {}

  /** The coordinator configuration made from {@code properties}. */
  public static ZooKeeperCoordinatorConfig config(Ha4jProperties properties) {
    return ZooKeeperBackendConfiguration.zooKeeperConfig(properties);
  }
}
