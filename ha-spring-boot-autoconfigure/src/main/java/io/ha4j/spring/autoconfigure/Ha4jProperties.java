package io.ha4j.spring.autoconfigure;

import io.ha4j.NoQuorumPolicy;
import io.ha4j.OnFail;
import io.ha4j.TargetRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything under {@code ha4j.*}: which node this is, how it reaches the others (embedded Raft or
 * ZooKeeper), timing, TLS, and the cluster configuration written to the store when it holds none
 * (nodes, cluster properties, resource defaults, resources with built-in agents, groups and
 * constraints). Resources may also come from {@code @ManagedResource} beans and {@code
 * ClusterConfigCustomizer} beans.
 */
@ConfigurationProperties("ha4j")
public class Ha4jProperties {

  /** Whether to run an ha4j node in this application. */
  private boolean enabled = true;

  /** This node's id; must be one of the cluster's nodes (for Raft: one of the peers' ids). */
  private String nodeId;

  /** The coordination backend: raft (embedded, the default) or zookeeper (an external ensemble). */
  private Backend backend = Backend.RAFT;

  /**
   * The cluster's resource nodes. Defaults to the ids of the Raft peers that are not witnesses;
   * required with ZooKeeper.
   */
  private List<String> nodes = new ArrayList<>();

  /**
   * Replace the configuration stored in the cluster with this application's on start (a new
   * version). By default the stored configuration wins and this one is written only when the store
   * holds none.
   */
  private boolean replaceStoredConfiguration;

  private final Raft raft = new Raft();
  private final ZooKeeper zookeeper = new ZooKeeper();
  private final TimingSettings timing = new TimingSettings();
  private final Tls tls = new Tls();
  private final Cluster cluster = new Cluster();
  private final ResourceDefaults resourceDefaults = new ResourceDefaults();

  /** Resources run by agents (built-in ones such as ha4j:vip and ha4j:http, or agent beans), by id. */
  private Map<String, ResourceSpec> resources = new LinkedHashMap<>();

  /** Groups by id: the member resource ids in start order (from these properties or managed beans). */
  private Map<String, List<String>> groups = new LinkedHashMap<>();

  private final Constraints constraints = new Constraints();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getNodeId() {
    return nodeId;
  }

  public void setNodeId(String nodeId) {
    this.nodeId = nodeId;
  }

  public Backend getBackend() {
    return backend;
  }

  public void setBackend(Backend backend) {
    this.backend = backend;
  }

  public List<String> getNodes() {
    return nodes;
  }

  public void setNodes(List<String> nodes) {
    this.nodes = nodes;
  }

  public boolean isReplaceStoredConfiguration() {
    return replaceStoredConfiguration;
  }

  public void setReplaceStoredConfiguration(boolean replaceStoredConfiguration) {
    this.replaceStoredConfiguration = replaceStoredConfiguration;
  }

  public Raft getRaft() {
    return raft;
  }

  public ZooKeeper getZookeeper() {
    return zookeeper;
  }

  public TimingSettings getTiming() {
    return timing;
  }

  public Tls getTls() {
    return tls;
  }

  public Cluster getCluster() {
    return cluster;
  }

  public ResourceDefaults getResourceDefaults() {
    return resourceDefaults;
  }

  public Map<String, ResourceSpec> getResources() {
    return resources;
  }

  public void setResources(Map<String, ResourceSpec> resources) {
    this.resources = resources;
  }

  public Map<String, List<String>> getGroups() {
    return groups;
  }

  public void setGroups(Map<String, List<String>> groups) {
    this.groups = groups;
  }

  public Constraints getConstraints() {
    return constraints;
  }

  /** The coordination backends. */
  public enum Backend {
    /** The embedded Raft group (ha-raft): every application instance is a voter. */
    RAFT,
    /** An external ZooKeeper ensemble (ha-zookeeper must be on the classpath). */
    ZOOKEEPER
  }

  /** The timing presets (see {@code io.ha4j.Timing}). */
  public enum Preset {
    /** One rack or loopback: lease 400 ms. */
    LAN_FAST,
    /** The default: lease 3 s. */
    DEFAULT,
    /** Across data centres: lease 15 s. */
    WAN
  }

  /** The embedded Raft backend. */
  public static class Raft {

    /**
     * The Raft voters, this node included, as id@host:port, optionally followed by ;witness (a
     * witness votes but runs no resources).
     */
    private List<String> peers = new ArrayList<>();

    /** Where this node keeps its Raft log and snapshots (a restart recovers from it). */
    private Path storageDir;

    /** Names the Raft group; nodes with different names never join each other. */
    private String clusterName = "ha4j";

    /** Take a snapshot (and purge the log) every this many log entries. */
    private long snapshotEvery = 10_000;

    /** Accept exactly two voters without a witness (either failure stops the cluster). */
    private boolean allowUnsafeTwoNode;

    public List<String> getPeers() {
      return peers;
    }

    public void setPeers(List<String> peers) {
      this.peers = peers;
    }

    public Path getStorageDir() {
      return storageDir;
    }

    public void setStorageDir(Path storageDir) {
      this.storageDir = storageDir;
    }

    public String getClusterName() {
      return clusterName;
    }

    public void setClusterName(String clusterName) {
      this.clusterName = clusterName;
    }

    public long getSnapshotEvery() {
      return snapshotEvery;
    }

    public void setSnapshotEvery(long snapshotEvery) {
      this.snapshotEvery = snapshotEvery;
    }

    public boolean isAllowUnsafeTwoNode() {
      return allowUnsafeTwoNode;
    }

    public void setAllowUnsafeTwoNode(boolean allowUnsafeTwoNode) {
      this.allowUnsafeTwoNode = allowUnsafeTwoNode;
    }
  }

  /** The ZooKeeper backend. */
  public static class ZooKeeper {

    /** The ensemble, e.g. zk1:2181,zk2:2181,zk3:2181. */
    private String connectString;

    /** The chroot under which ha4j keeps its znodes (without a leading slash). */
    private String namespace = "ha4j";

    /** The requested ZooKeeper session timeout. */
    private Duration sessionTimeout = Duration.ofSeconds(10);

    /** How long to wait for a connection before an operation fails. */
    private Duration connectionTimeout = Duration.ofSeconds(5);

    /** How often the node confirms its session and the leader with a round trip. */
    private Duration heartbeat = Duration.ofSeconds(1);

    /** How much earlier than the session timeout the node considers itself expired. */
    private Duration margin = Duration.ofSeconds(2);

    /** Join as a witness: a member that never leads. */
    private boolean witness;

    /** Extra ZooKeeper client properties (ZKClientConfig), e.g. SASL settings. */
    private Map<String, String> clientProperties = new LinkedHashMap<>();

    public String getConnectString() {
      return connectString;
    }

    public void setConnectString(String connectString) {
      this.connectString = connectString;
    }

    public String getNamespace() {
      return namespace;
    }

    public void setNamespace(String namespace) {
      this.namespace = namespace;
    }

    public Duration getSessionTimeout() {
      return sessionTimeout;
    }

    public void setSessionTimeout(Duration sessionTimeout) {
      this.sessionTimeout = sessionTimeout;
    }

    public Duration getConnectionTimeout() {
      return connectionTimeout;
    }

    public void setConnectionTimeout(Duration connectionTimeout) {
      this.connectionTimeout = connectionTimeout;
    }

    public Duration getHeartbeat() {
      return heartbeat;
    }

    public void setHeartbeat(Duration heartbeat) {
      this.heartbeat = heartbeat;
    }

    public Duration getMargin() {
      return margin;
    }

    public void setMargin(Duration margin) {
      this.margin = margin;
    }

    public boolean isWitness() {
      return witness;
    }

    public void setWitness(boolean witness) {
      this.witness = witness;
    }

    public Map<String, String> getClientProperties() {
      return clientProperties;
    }

    public void setClientProperties(Map<String, String> clientProperties) {
      this.clientProperties = clientProperties;
    }
  }

  /** Timing: a preset, optionally with some of its values overridden. */
  public static class TimingSettings {

    /** The preset: lan-fast, default or wan (sets the session lease and the Raft election timeout). */
    private Preset preset = Preset.DEFAULT;

    /** Overrides the preset's delay before a lost holder counts as fenced (watchdog fencing). */
    private Duration fenceDelay;

    /** Overrides how long before its lease ends a node that cannot renew starts stopping resources. */
    private Duration selfFenceLead;

    /** Overrides the timeout of an operation that neither the resource nor its agent names. */
    private Duration defaultOperationTimeout;

    /** Overrides how long the controller coalesces bursts of changes before scheduling. */
    private Duration rescheduleDelay;

    public Preset getPreset() {
      return preset;
    }

    public void setPreset(Preset preset) {
      this.preset = preset;
    }

    public Duration getFenceDelay() {
      return fenceDelay;
    }

    public void setFenceDelay(Duration fenceDelay) {
      this.fenceDelay = fenceDelay;
    }

    public Duration getSelfFenceLead() {
      return selfFenceLead;
    }

    public void setSelfFenceLead(Duration selfFenceLead) {
      this.selfFenceLead = selfFenceLead;
    }

    public Duration getDefaultOperationTimeout() {
      return defaultOperationTimeout;
    }

    public void setDefaultOperationTimeout(Duration defaultOperationTimeout) {
      this.defaultOperationTimeout = defaultOperationTimeout;
    }

    public Duration getRescheduleDelay() {
      return rescheduleDelay;
    }

    public void setRescheduleDelay(Duration rescheduleDelay) {
      this.rescheduleDelay = rescheduleDelay;
    }
  }

  /**
   * TLS for the cluster's connections, handed to the backend; mutual TLS (key and trust store both
   * required). ZooKeeper: through its Netty client. Raft: Ratis runs over gRPC instead of Netty and
   * refuses a peer or client whose certificate is not signed by a CA of the trust store; the stores
   * are PKCS12/JKS (detected) or PEM (type PEM: the key store file holds the certificate chain and the
   * unencrypted PKCS#8 key).
   */
  public static class Tls {

    /** Whether the cluster's connections use TLS. */
    private boolean enabled;

    /** The key store holding this node's certificate and key (a file path). */
    private String keyStore;

    /** The key store's password. */
    private String keyStorePassword;

    /** The key store's type: PKCS12, JKS or PEM (default: from the file name). */
    private String keyStoreType;

    /** The trust store holding the CA certificates of the peers (a file path). */
    private String trustStore;

    /** The trust store's password. */
    private String trustStorePassword;

    /** The trust store's type: PKCS12, JKS or PEM (default: from the file name). */
    private String trustStoreType;

    /** Whether to check that a peer's certificate matches its host name. */
    private boolean hostnameVerification = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getKeyStore() {
      return keyStore;
    }

    public void setKeyStore(String keyStore) {
      this.keyStore = keyStore;
    }

    public String getKeyStorePassword() {
      return keyStorePassword;
    }

    public void setKeyStorePassword(String keyStorePassword) {
      this.keyStorePassword = keyStorePassword;
    }

    public String getKeyStoreType() {
      return keyStoreType;
    }

    public void setKeyStoreType(String keyStoreType) {
      this.keyStoreType = keyStoreType;
    }

    public String getTrustStore() {
      return trustStore;
    }

    public void setTrustStore(String trustStore) {
      this.trustStore = trustStore;
    }

    public String getTrustStorePassword() {
      return trustStorePassword;
    }

    public void setTrustStorePassword(String trustStorePassword) {
      this.trustStorePassword = trustStorePassword;
    }

    public String getTrustStoreType() {
      return trustStoreType;
    }

    public void setTrustStoreType(String trustStoreType) {
      this.trustStoreType = trustStoreType;
    }

    public boolean isHostnameVerification() {
      return hostnameVerification;
    }

    public void setHostnameVerification(boolean hostnameVerification) {
      this.hostnameVerification = hostnameVerification;
    }
  }

  /** Cluster-wide options (Pacemaker's cluster properties); unset ones keep ha4j's defaults. */
  public static class Cluster {

    /** What a partition without quorum does: stop (default), freeze or ignore. */
    private NoQuorumPolicy noQuorumPolicy;

    /** Resources may run everywhere unless a constraint says otherwise (default true). */
    private Boolean symmetricCluster;

    /** Lost nodes must be fenced before their resources are recovered (default true). */
    private Boolean stonithEnabled;

    /** Self-fencing by lease and guard counts as fencing (default true). */
    private Boolean watchdogFencing;

    /** A failed start bans the resource from that node (default true). */
    private Boolean startFailureIsFatal;

    /** Nothing is started, stopped or recovered anywhere (default false). */
    private Boolean maintenanceMode;

    public NoQuorumPolicy getNoQuorumPolicy() {
      return noQuorumPolicy;
    }

    public void setNoQuorumPolicy(NoQuorumPolicy noQuorumPolicy) {
      this.noQuorumPolicy = noQuorumPolicy;
    }

    public Boolean getSymmetricCluster() {
      return symmetricCluster;
    }

    public void setSymmetricCluster(Boolean symmetricCluster) {
      this.symmetricCluster = symmetricCluster;
    }

    public Boolean getStonithEnabled() {
      return stonithEnabled;
    }

    public void setStonithEnabled(Boolean stonithEnabled) {
      this.stonithEnabled = stonithEnabled;
    }

    public Boolean getWatchdogFencing() {
      return watchdogFencing;
    }

    public void setWatchdogFencing(Boolean watchdogFencing) {
      this.watchdogFencing = watchdogFencing;
    }

    public Boolean getStartFailureIsFatal() {
      return startFailureIsFatal;
    }

    public void setStartFailureIsFatal(Boolean startFailureIsFatal) {
      this.startFailureIsFatal = startFailureIsFatal;
    }

    public Boolean getMaintenanceMode() {
      return maintenanceMode;
    }

    public void setMaintenanceMode(Boolean maintenanceMode) {
      this.maintenanceMode = maintenanceMode;
    }
  }

  /** Meta attributes every resource inherits unless it sets its own (Pacemaker's rsc_defaults). */
  public static class ResourceDefaults {

    /** Preference for staying where a resource runs (default 100). */
    private Integer stickiness;

    /** Failures on a node before a resource is banned from it (default INFINITY; 0 = never). */
    private Integer migrationThreshold;

    /** How long after the last failure a fail count is forgotten (default never). */
    private Duration failureTimeout;

    public Integer getStickiness() {
      return stickiness;
    }

    public void setStickiness(Integer stickiness) {
      this.stickiness = stickiness;
    }

    public Integer getMigrationThreshold() {
      return migrationThreshold;
    }

    public void setMigrationThreshold(Integer migrationThreshold) {
      this.migrationThreshold = migrationThreshold;
    }

    public Duration getFailureTimeout() {
      return failureTimeout;
    }

    public void setFailureTimeout(Duration failureTimeout) {
      this.failureTimeout = failureTimeout;
    }
  }

  /** One resource run by an agent. */
  public static class ResourceSpec {

    /** The agent type, e.g. ha4j:vip, ha4j:http, ha4j:process, ha4j:systemd or ocf:heartbeat:IPaddr2. */
    private String agent;

    /** The agent's parameters (instance attributes). */
    private Map<String, String> parameters = new LinkedHashMap<>();

    private final Monitor monitor = new Monitor();

    /** The start operation's timeout (default: the agent's). */
    private Duration startTimeout;

    /** The stop operation's timeout (default: the agent's). */
    private Duration stopTimeout;

    /** Preference for staying where it runs (default: the resource defaults'). */
    private Integer stickiness;

    /** Failures on a node before it is banned from that node (default INFINITY). */
    private Integer migrationThreshold;

    /** How long after the last failure a fail count is forgotten. */
    private Duration failureTimeout;

    /** Started (default) or stopped. */
    private TargetRole targetRole;

    /** Which resources are placed first when not all can run. */
    private Integer priority;

    public String getAgent() {
      return agent;
    }

    public void setAgent(String agent) {
      this.agent = agent;
    }

    public Map<String, String> getParameters() {
      return parameters;
    }

    public void setParameters(Map<String, String> parameters) {
      this.parameters = parameters;
    }

    public Monitor getMonitor() {
      return monitor;
    }

    public Duration getStartTimeout() {
      return startTimeout;
    }

    public void setStartTimeout(Duration startTimeout) {
      this.startTimeout = startTimeout;
    }

    public Duration getStopTimeout() {
      return stopTimeout;
    }

    public void setStopTimeout(Duration stopTimeout) {
      this.stopTimeout = stopTimeout;
    }

    public Integer getStickiness() {
      return stickiness;
    }

    public void setStickiness(Integer stickiness) {
      this.stickiness = stickiness;
    }

    public Integer getMigrationThreshold() {
      return migrationThreshold;
    }

    public void setMigrationThreshold(Integer migrationThreshold) {
      this.migrationThreshold = migrationThreshold;
    }

    public Duration getFailureTimeout() {
      return failureTimeout;
    }

    public void setFailureTimeout(Duration failureTimeout) {
      this.failureTimeout = failureTimeout;
    }

    public TargetRole getTargetRole() {
      return targetRole;
    }

    public void setTargetRole(TargetRole targetRole) {
      this.targetRole = targetRole;
    }

    public Integer getPriority() {
      return priority;
    }

    public void setPriority(Integer priority) {
      this.priority = priority;
    }
  }

  /** A recurring monitor. */
  public static class Monitor {

    /** How often the monitor runs (default 10s; 0 = no recurring monitor). */
    private Duration interval = Duration.ofSeconds(10);

    /** How long one run may take before it counts as failed (may exceed the interval). */
    private Duration timeout = Duration.ofSeconds(20);

    /** What to do when it fails: restart (default), ignore, block, stop or fence. */
    private OnFail onFail = OnFail.RESTART;

    public Duration getInterval() {
      return interval;
    }

    public void setInterval(Duration interval) {
      this.interval = interval;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    public OnFail getOnFail() {
      return onFail;
    }

    public void setOnFail(OnFail onFail) {
      this.onFail = onFail;
    }
  }

  /** Constraints between resources (by id: primitives, groups and managed beans). */
  public static class Constraints {

    /** Where resources prefer (positive score) or refuse (negative) to run. */
    private List<LocationSpec> locations = new ArrayList<>();

    /** Which resources run together (positive) or apart (negative). */
    private List<ColocationSpec> colocations = new ArrayList<>();

    /** Which resources start before which. */
    private List<OrderSpec> orders = new ArrayList<>();

    public List<LocationSpec> getLocations() {
      return locations;
    }

    public void setLocations(List<LocationSpec> locations) {
      this.locations = locations;
    }

    public List<ColocationSpec> getColocations() {
      return colocations;
    }

    public void setColocations(List<ColocationSpec> colocations) {
      this.colocations = colocations;
    }

    public List<OrderSpec> getOrders() {
      return orders;
    }

    public void setOrders(List<OrderSpec> orders) {
      this.orders = orders;
    }
  }

  /** A location constraint. */
  public static class LocationSpec {

    /** The constraint's id (default: location-RESOURCE-NODE). */
    private String id;

    /** The resource (primitive or group). */
    private String resource;

    /** The node. */
    private String node;

    /** The score: an integer, INFINITY or -INFINITY. */
    private String score = "INFINITY";

    public String getId() {
      return id;
    }

    public void setId(String id) {
      this.id = id;
    }

    public String getResource() {
      return resource;
    }

    public void setResource(String resource) {
      this.resource = resource;
    }

    public String getNode() {
      return node;
    }

    public void setNode(String node) {
      this.node = node;
    }

    public String getScore() {
      return score;
    }

    public void setScore(String score) {
      this.score = score;
    }
  }

  /** A colocation constraint: place resource with (or, negative, away from) with-resource. */
  public static class ColocationSpec {

    /** The constraint's id (default: colocation-RESOURCE-WITH). */
    private String id;

    /** The dependent resource (placed after, and relative to, the other). */
    private String resource;

    /** The primary resource. */
    private String with;

    /** The score: an integer, INFINITY or -INFINITY (never together). */
    private String score = "INFINITY";

    public String getId() {
      return id;
    }

    public void setId(String id) {
      this.id = id;
    }

    public String getResource() {
      return resource;
    }

    public void setResource(String resource) {
      this.resource = resource;
    }

    public String getWith() {
      return with;
    }

    public void setWith(String with) {
      this.with = with;
    }

    public String getScore() {
      return score;
    }

    public void setScore(String score) {
      this.score = score;
    }
  }

  /** An order constraint: start first before then. */
  public static class OrderSpec {

    /** The constraint's id (default: order-FIRST-THEN). */
    private String id;

    /** The resource started first. */
    private String first;

    /** The resource started after it. */
    private String then;

    /** Mandatory (then cannot start unless first can) or optional. */
    private io.ha4j.OrderKind kind = io.ha4j.OrderKind.MANDATORY;

    /** Whether stops run in the reverse order. */
    private boolean symmetrical = true;

    public String getId() {
      return id;
    }

    public void setId(String id) {
      this.id = id;
    }

    public String getFirst() {
      return first;
    }

    public void setFirst(String first) {
      this.first = first;
    }

    public String getThen() {
      return then;
    }

    public void setThen(String then) {
      this.then = then;
    }

    public io.ha4j.OrderKind getKind() {
      return kind;
    }

    public void setKind(io.ha4j.OrderKind kind) {
      this.kind = kind;
    }

    public boolean isSymmetrical() {
      return symmetrical;
    }

    public void setSymmetrical(boolean symmetrical) {
      this.symmetrical = symmetrical;
    }
  }
}
