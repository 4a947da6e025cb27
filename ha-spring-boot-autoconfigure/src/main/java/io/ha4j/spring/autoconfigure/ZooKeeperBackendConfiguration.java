package io.ha4j.spring.autoconfigure;

import io.ha4j.ConfigViolation;
import io.ha4j.Ha4jConfigException;
import io.ha4j.spi.Coordinator;
import io.ha4j.zookeeper.ZooKeeperCoordinator;
import io.ha4j.zookeeper.ZooKeeperCoordinatorConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The ZooKeeper backend: {@code ha4j.backend=zookeeper} with io.ha4j:ha-zookeeper on the classpath. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.ha4j.zookeeper.ZooKeeperCoordinator")
@ConditionalOnProperty(prefix = "ha4j", name = "backend", havingValue = "zookeeper")
class ZooKeeperBackendConfiguration {

  /** Connects to the ensemble; closed after the node. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(Coordinator.class)
  ZooKeeperCoordinator ha4jCoordinator(Ha4jProperties properties) {
    return ZooKeeperCoordinator.start(zooKeeperConfig(properties));
  }

  static ZooKeeperCoordinatorConfig zooKeeperConfig(Ha4jProperties properties) {
    Ha4jProperties.ZooKeeper zk = properties.getZookeeper();
    ZooKeeperCoordinatorConfig.Builder b = ZooKeeperCoordinatorConfig.builder()
        .nodeId(properties.getNodeId())
        .witness(zk.isWitness())
        .connectString(zk.getConnectString())
        .namespace(zk.getNamespace())
        .sessionTimeout(zk.getSessionTimeout())
        .connectionTimeout(zk.getConnectionTimeout())
        .heartbeat(zk.getHeartbeat())
        .margin(zk.getMargin());
    clientProperties(properties).forEach(b::clientProperty);
    try {
      return b.build();
    } catch (Ha4jConfigException e) {
      throw new Ha4jConfigException(e.violations().stream()
          .map(v -> new ConfigViolation("ha4j." + v.path().replaceAll("([a-z])([A-Z])", "$1-$2")
              .toLowerCase(Locale.ROOT), v.message())).toList());
    }
  }

  /** {@code ha4j.zookeeper.client-properties} plus the ZooKeeper client's TLS keys from {@code ha4j.tls}. */
  static Map<String, String> clientProperties(Ha4jProperties properties) {
    Map<String, String> out = new LinkedHashMap<>(properties.getZookeeper().getClientProperties());
    Ha4jProperties.Tls tls = properties.getTls();
    if (!tls.isEnabled()) {
      return out;
    }
    if (tls.getKeyStore() == null || tls.getTrustStore() == null) {
      throw new Ha4jConfigException(List.of(new ConfigViolation("ha4j.tls",
          "key-store and trust-store are required when TLS is enabled (mutual TLS)")));
    }
    out.put("zookeeper.client.secure", "true");
    out.put("zookeeper.clientCnxnSocket", "org.apache.zookeeper.ClientCnxnSocketNetty");
    put(out, "zookeeper.ssl.keyStore.location", tls.getKeyStore());
    put(out, "zookeeper.ssl.keyStore.password", tls.getKeyStorePassword());
    put(out, "zookeeper.ssl.keyStore.type", tls.getKeyStoreType());
    put(out, "zookeeper.ssl.trustStore.location", tls.getTrustStore());
    put(out, "zookeeper.ssl.trustStore.password", tls.getTrustStorePassword());
    put(out, "zookeeper.ssl.trustStore.type", tls.getTrustStoreType());
    out.put("zookeeper.ssl.hostnameVerification", Boolean.toString(tls.isHostnameVerification()));
    return out;
  }

  private static void put(Map<String, String> out, String key, String value) {
    if (value != null && !value.isBlank()) {
      out.put(key, value);
    }
  }
}
