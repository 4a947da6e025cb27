package io.ha4j.zookeeper;

import io.ha4j.ConfigViolation;
import io.ha4j.Ha4jConfigException;
import io.ha4j.spi.Ha4jClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the ZooKeeper coordinator needs. Build with {@link #builder()}.
 *
 * @param nodeId this node's name
 * @param witness a witness joins the member list but never becomes leader
 * @param connectString the ensemble, e.g. {@code zk1:2181,zk2:2181,zk3:2181}
 * @param namespace the chroot under which ha4j keeps its znodes (without a leading slash)
 * @param sessionTimeout the ZooKeeper session timeout requested (the server may adjust it within its
 *     min/max; the negotiated value is used for the local deadline)
 * @param connectionTimeout how long to wait for a connection before an operation fails
 * @param heartbeat how often the node confirms its session and the leader with a round trip
 * @param margin how much earlier than the session timeout the node considers itself expired
 * @param clientProperties passed as is to ZooKeeper's {@code ZKClientConfig}: TLS ({@code
 *     zookeeper.client.secure}, {@code zookeeper.clientCnxnSocket}, {@code zookeeper.ssl.*}) and SASL
 *     ({@code zookeeper.sasl.client}, {@code zookeeper.sasl.clientconfig}, ...)
 * @param clock the time source for deadlines
 */
public record ZooKeeperCoordinatorConfig(
    String nodeId,
    boolean witness,
    String connectString,
    String namespace,
    Duration sessionTimeout,
    Duration connectionTimeout,
    Duration heartbeat,
    Duration margin,
    Map<String, String> clientProperties,
    Ha4jClock clock) {

  /** Copies the map. */
  public ZooKeeperCoordinatorConfig {
    clientProperties = Map.copyOf(clientProperties);
  }

  /** Defaults: namespace "ha4j", session 10 s, connection 5 s, heartbeat 1 s, margin 2 s. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ZooKeeperCoordinatorConfig}. Not thread-safe. */
  public static final class Builder {
    private String nodeId;
    private boolean witness;
    private String connectString;
    private String namespace = "ha4j";
    private Duration sessionTimeout = Duration.ofSeconds(10);
    private Duration connectionTimeout = Duration.ofSeconds(5);
    private Duration heartbeat = Duration.ofSeconds(1);
    private Duration margin = Duration.ofSeconds(2);
    private final Map<String, String> clientProperties = new LinkedHashMap<>();
    private Ha4jClock clock = Ha4jClock.system();

    private Builder() {}

    /** This node's name (required). */
    public Builder nodeId(String nodeId) {
      this.nodeId = nodeId;
      return this;
    }

    /** Join as a witness (never leads). */
    public Builder witness(boolean witness) {
      this.witness = witness;
      return this;
    }

    /** The ensemble's connect string (required). */
    public Builder connectString(String connectString) {
      this.connectString = connectString;
      return this;
    }

    /** The chroot for ha4j's znodes. */
    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    /** Requested session timeout. */
    public Builder sessionTimeout(Duration sessionTimeout) {
      this.sessionTimeout = sessionTimeout;
      return this;
    }

    /** Connection timeout. */
    public Builder connectionTimeout(Duration connectionTimeout) {
      this.connectionTimeout = connectionTimeout;
      return this;
    }

    /** Heartbeat (confirmation round trip) interval. */
    public Builder heartbeat(Duration heartbeat) {
      this.heartbeat = heartbeat;
      return this;
    }

    /** Safety margin before the session timeout. */
    public Builder margin(Duration margin) {
      this.margin = margin;
      return this;
    }

    /** One ZooKeeper client property (TLS, SASL, ...). */
    public Builder clientProperty(String key, String value) {
      clientProperties.put(key, value);
      return this;
    }

    /** The clock (tests). */
    public Builder clock(Ha4jClock clock) {
      this.clock = clock;
      return this;
    }

    /** Checks everything and builds. */
    public ZooKeeperCoordinatorConfig build() {
      List<ConfigViolation> problems = new ArrayList<>();
      if (nodeId == null || !nodeId.matches("[A-Za-z0-9._-]+")) {
        problems.add(new ConfigViolation("zookeeper.nodeId", "must match [A-Za-z0-9._-]+, was " + nodeId));
      }
      if (connectString == null || connectString.isBlank()) {
        problems.add(new ConfigViolation("zookeeper.connectString", "is required"));
      }
      if (namespace == null || namespace.isBlank() || namespace.startsWith("/")) {
        problems.add(new ConfigViolation("zookeeper.namespace", "must be non-empty without a leading '/', was " + namespace));
      }
      if (heartbeat == null || heartbeat.isNegative() || heartbeat.isZero()) {
        problems.add(new ConfigViolation("zookeeper.heartbeat", "must be > 0"));
      }
      if (sessionTimeout == null || margin == null || heartbeat == null || connectionTimeout == null
          || heartbeat.multipliedBy(2).compareTo(sessionTimeout.minus(margin)) > 0) {
        problems.add(new ConfigViolation("zookeeper.sessionTimeout",
            "2 * heartbeat must be <= sessionTimeout - margin, was heartbeat=" + heartbeat
                + " sessionTimeout=" + sessionTimeout + " margin=" + margin));
      }
      if (clock == null) {
        problems.add(new ConfigViolation("zookeeper.clock", "is required"));
      }
      if (!problems.isEmpty()) {
        throw new Ha4jConfigException(problems);
      }
      return new ZooKeeperCoordinatorConfig(nodeId, witness, connectString, namespace, sessionTimeout,
          connectionTimeout, heartbeat, margin, clientProperties, clock);
    }
  }
}
