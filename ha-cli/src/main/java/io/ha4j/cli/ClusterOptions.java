package io.ha4j.cli;

import io.ha4j.ConfigViolation;
import io.ha4j.Ha4jConfigException;
import io.ha4j.raft.RaftClientConfig;
import io.ha4j.raft.RaftClusterClient;
import io.ha4j.raft.RaftTlsConfig;
import io.ha4j.spi.Coordinator;
import io.ha4j.zookeeper.ZooKeeperCoordinator;
import io.ha4j.zookeeper.ZooKeeperCoordinatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How a cluster command reaches the cluster: through its coordination backend, as a client that is no
 * node. {@code --raft} (the embedded Raft group's peers) or {@code --zookeeper} (the ensemble); both
 * can come from the environment ({@code HA4J_RAFT}, {@code HA4J_ZOOKEEPER}) so that they need not be
 * repeated.
 */
final class ClusterOptions {

  @Option(names = "--raft", paramLabel = "HOST:PORT[,...]", defaultValue = "${env:HA4J_RAFT}",
      description = "The Raft peers of the cluster (host:port or id@host:port, comma-separated);"
          + " default: $HA4J_RAFT. This tool connects as a client, never as a peer.")
  String raft;

  @Option(names = "--zookeeper", paramLabel = "CONNECT", defaultValue = "${env:HA4J_ZOOKEEPER}",
      description = "The ZooKeeper connect string (zk1:2181,zk2:2181); default: $HA4J_ZOOKEEPER.")
  String zookeeper;

  @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = "ha4j",
      description = "Raft: the group's name as configured on the nodes (default: ${DEFAULT-VALUE}).")
  String clusterName;

  @Option(names = "--zk-namespace", paramLabel = "NAMESPACE", defaultValue = "ha4j",
      description = "ZooKeeper: the cluster's namespace (default: ${DEFAULT-VALUE}).")
  String zkNamespace;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", converter = Durations.class,
      description = "How long one request waits for the quorum (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--tls-keystore", paramLabel = "FILE",
      description = "Mutual TLS (Raft and ZooKeeper): this tool's key store with its private key and certificate"
          + " (PKCS12 or JKS). With --raft it needs --tls-truststore too.")
  Path tlsKeystore;

  @Option(names = "--tls-keystore-password", paramLabel = "PASSWORD", defaultValue = "${env:HA4J_TLS_KEYSTORE_PASSWORD}",
      description = "Password of the key store (and of its key); default: $HA4J_TLS_KEYSTORE_PASSWORD.")
  String tlsKeystorePassword;

  @Option(names = "--tls-truststore", paramLabel = "FILE",
      description = "Mutual TLS (Raft and ZooKeeper): trust store with the CA(s) that signed the nodes' certificates"
          + " (PKCS12 or JKS).")
  Path tlsTruststore;

  @Option(names = "--tls-truststore-password", paramLabel = "PASSWORD", defaultValue = "${env:HA4J_TLS_TRUSTSTORE_PASSWORD}",
      description = "Password of the trust store; default: $HA4J_TLS_TRUSTSTORE_PASSWORD.")
  String tlsTruststorePassword;

  @Option(names = "--jaas-config", paramLabel = "FILE",
      description = "ZooKeeper: JAAS file with the SASL credentials (section 'Client').")
  Path jaasConfig;

  @Option(names = "--zk-property", paramLabel = "KEY=VALUE",
      description = "ZooKeeper: any client property (ZKClientConfig), repeatable.")
  Map<String, String> zkProperties = new LinkedHashMap<>();

  /**
   * Connects to the cluster. The Raft client connects lazily; the ZooKeeper client waits until its
   * session is confirmed and its view loaded (at most {@code --timeout}).
   *
   * @throws CliException USAGE without exactly one backend or with options the backend cannot honour,
   *     UNAVAILABLE when ZooKeeper does not answer in time
   */
  Coordinator connect() {
    boolean hasRaft = raft != null && !raft.isBlank();
    boolean hasZk = zookeeper != null && !zookeeper.isBlank();
    if (hasRaft == hasZk) {
      throw new CliException(ExitCodes.USAGE, hasRaft
          ? "give either --raft or --zookeeper, not both"
          : "which cluster? give --raft HOST:PORT,... or --zookeeper CONNECT (or set HA4J_RAFT / HA4J_ZOOKEEPER)");
    }
    return hasRaft ? connectRaft() : connectZooKeeper();
  }

  private Coordinator connectRaft() {
    if (jaasConfig != null || !zkProperties.isEmpty()) {
      throw new CliException(ExitCodes.USAGE, "--jaas-config and --zk-property need --zookeeper");
    }
    RaftTlsConfig tls = null;
    if (tlsKeystore != null || tlsTruststore != null) {
      if (tlsKeystore == null || tlsTruststore == null) {
        throw new CliException(ExitCodes.USAGE, "--raft with TLS is mutual: give both --tls-keystore and --tls-truststore");
      }
      tls = RaftTlsConfig.ofStores(tlsKeystore, tlsKeystorePassword, tlsTruststore, tlsTruststorePassword);
      List<ConfigViolation> problems = tls.problems("tls");
      if (!problems.isEmpty()) {
        ConfigViolation p = problems.get(0);
        throw new CliException(ExitCodes.INVALID_INPUT, TLS_OPTIONS.getOrDefault(p.path(), p.path()) + ": " + p.message());
      }
    }
    List<String> addresses = Arrays.stream(raft.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    try {
      RaftClientConfig config = RaftClientConfig.of(addresses).withClusterName(clusterName)
          .withRequestTimeout(timeout).withClientName("ha4j-cli").withTls(tls);
      return RaftClusterClient.connect(config);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, "--raft: " + e.getMessage());
    } catch (Ha4jConfigException e) {
      throw new CliException(ExitCodes.USAGE, "--raft: " + e.violations().get(0));
    }
  }

  /** The option behind each field of the Raft client's TLS settings. */
  private static final Map<String, String> TLS_OPTIONS = Map.of(
      "tls.keyStore", "--tls-keystore",
      "tls.keyStorePassword", "--tls-keystore-password",
      "tls.trustStore", "--tls-truststore",
      "tls.trustStorePassword", "--tls-truststore-password");

  private Coordinator connectZooKeeper() {
    Map<String, String> props = new LinkedHashMap<>();
    if (tlsKeystore != null || tlsTruststore != null) {
      props.put("zookeeper.client.secure", "true");
      props.put("zookeeper.clientCnxnSocket", "org.apache.zookeeper.ClientCnxnSocketNetty");
    }
    if (tlsKeystore != null) {
      props.put("zookeeper.ssl.keyStore.location", existing(tlsKeystore, "--tls-keystore").toString());
      if (tlsKeystorePassword != null) {
        props.put("zookeeper.ssl.keyStore.password", tlsKeystorePassword);
      }
    }
    if (tlsTruststore != null) {
      props.put("zookeeper.ssl.trustStore.location", existing(tlsTruststore, "--tls-truststore").toString());
      if (tlsTruststorePassword != null) {
        props.put("zookeeper.ssl.trustStore.password", tlsTruststorePassword);
      }
    }
    if (jaasConfig != null) {
      System.setProperty("java.security.auth.login.config", existing(jaasConfig, "--jaas-config").toString());
      props.put("zookeeper.sasl.client", "true");
    }
    props.putAll(zkProperties);
    ZooKeeperCoordinatorConfig.Builder b = ZooKeeperCoordinatorConfig.builder()
        .nodeId("ha4j-cli-" + ProcessHandle.current().pid())
        .witness(true)
        .connectString(zookeeper)
        .namespace(zkNamespace)
        .connectionTimeout(timeout);
    props.forEach(b::clientProperty);
    ZooKeeperCoordinator c;
    try {
      c = ZooKeeperCoordinator.start(b.build());
    } catch (Ha4jConfigException e) {
      throw new CliException(ExitCodes.USAGE, "--zookeeper: " + e.violations().get(0));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!c.hasQuorum()) {
      if (System.nanoTime() - deadline > 0) {
        c.close();
        throw new CliException(ExitCodes.UNAVAILABLE, "ZooKeeper at " + zookeeper + " did not answer within " + timeout);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        c.close();
        throw new CliException(ExitCodes.UNAVAILABLE, "interrupted while connecting to ZooKeeper");
      }
    }
    return c;
  }

  private static Path existing(Path file, String option) {
    if (!Files.isReadable(file)) {
      throw new CliException(ExitCodes.INVALID_INPUT, option + ": cannot read " + file);
    }
    return file;
  }
}
