package io.ha4j.zookeeper;

import io.ha4j.spi.Coordinator;
import io.ha4j.spi.CoordinatorException;
import io.ha4j.spi.CoordinatorListener;
import io.ha4j.spi.Leadership;
import io.ha4j.spi.Member;
import io.ha4j.spi.Versioned;
import io.ha4j.spi.Watch;
import io.ha4j.spi.WatchEvent;
import io.ha4j.spi.support.Command;
import io.ha4j.spi.support.CoordinationState;
import io.ha4j.spi.support.ExecutorTaskScheduler;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The external coordination backend: an Apache ZooKeeper ensemble through Apache Curator.
 *
 * <p>Znodes under the namespace: {@code /members/<node>~<session>} (ephemeral, one per session),
 * {@code /leader} (ephemeral, "node, session, epoch"), {@code /epoch} (persistent counter) and
 * {@code /kv/<url-encoded key>}. Leadership is claimed with one ZooKeeper transaction that creates
 * {@code /leader} and advances {@code /epoch} with a version check, so every grant gets an epoch
 * strictly greater than the last, persisted in the ensemble (not a sequence node).
 *
 * <p>Leadership is a local deadline: every heartbeat the node reads {@code /leader} (a round trip to
 * the ensemble); a successful read sent at {@code t} extends the deadline to {@code t + negotiated
 * session timeout - margin}, because the ensemble cannot expire the session earlier than that. A
 * {@code SUSPENDED} or {@code LOST} connection ends leadership <em>at once</em> (no grace period), so
 * Curator's classic two-leaders case cannot happen. Versions are the znode's {@code mzxid}, which
 * grows across delete and re-create. Reads are sequentially consistent (ZooKeeper reads are served
 * by the connected server).
 */
public final class ZooKeeperCoordinator implements Coordinator {
  private static final Logger log = LoggerFactory.getLogger(ZooKeeperCoordinator.class);
  private static final String MEMBERS = "/members";
  private static final String LEADER = "/leader";
  private static final String EPOCH = "/epoch";
  private static final String KV = "/kv";

  private record Confirmed(long sessionId, long deadlineNanos, Leadership leader) {}

  private record WatchRegistration(String prefix, Consumer<WatchEvent> listener) {}

  private final ZooKeeperCoordinatorConfig config;
  private final CuratorFramework client;
  private final CuratorCache cache;
  private final ExecutorTaskScheduler scheduler;
  private final List<CoordinatorListener> listeners = new CopyOnWriteArrayList<>();
  private final List<WatchRegistration> watches = new CopyOnWriteArrayList<>();
  private volatile Confirmed confirmed = new Confirmed(0, 0, null);
  private volatile boolean connected;
  // the cache has loaded the namespace once: before that, members() would miss live members
  private volatile boolean cacheLoaded;
  private volatile boolean closed;
  private volatile long highestEpoch;
  private volatile long resignedUntilNanos;
  private volatile boolean hasResigned;
  private Leadership reportedLeadership;
  private boolean reportedQuorum;

  private ZooKeeperCoordinator(ZooKeeperCoordinatorConfig config) {
    this.config = config;
    ZKClientConfig zkConfig = new ZKClientConfig();
    config.clientProperties().forEach(zkConfig::setProperty);
    this.client = CuratorFrameworkFactory.builder()
        .connectString(config.connectString())
        .namespace(config.namespace())
        .sessionTimeoutMs((int) config.sessionTimeout().toMillis())
        .connectionTimeoutMs((int) config.connectionTimeout().toMillis())
        .retryPolicy(new ExponentialBackoffRetry(100, 3, 1000))
        .zkClientConfig(zkConfig)
        .build();
    this.cache = CuratorCache.build(client, "/");
    this.scheduler = new ExecutorTaskScheduler("ha4j-zk-" + config.nodeId());
  }

  /** Connects to the ensemble and joins (does not wait for the connection). */
  public static ZooKeeperCoordinator start(ZooKeeperCoordinatorConfig config) {
    var c = new ZooKeeperCoordinator(Objects.requireNonNull(config, "config"));
    c.client.getConnectionStateListenable().addListener((cl, state) -> c.onConnectionState(state));
    c.cache.listenable().addListener(CuratorCacheListener.builder()
        .forCreates(c::onCreated)
        .forChanges((before, after) -> c.onChanged(after))
        .forDeletes(c::onDeleted)
        .forInitialized(() -> {
          c.cacheLoaded = true;
          c.evaluate();
        })
        .build());
    c.client.start();
    c.cache.start();
    c.scheduler.scheduleWithFixedDelay(c::tick, Duration.ZERO, config.heartbeat());
    return c;
  }

  // ---- connection and renewal ----

  private void onConnectionState(ConnectionState state) {
    if (state == ConnectionState.SUSPENDED || state == ConnectionState.LOST) {
      // conservative: no grace period; whoever leads stops now
      connected = false;
      confirmed = new Confirmed(confirmed.sessionId(), config.clock().monotonicNanos(), null);
      log.info("{}: connection {}; not leader until confirmed again", config.nodeId(), state);
      evaluate();
    } else if (state.isConnected()) {
      connected = true;
      scheduler.schedule(this::tick, Duration.ZERO);
    }
  }

  private long zkSessionId() throws Exception {
    return client.getZookeeperClient().getZooKeeper().getSessionId();
  }

  private long negotiatedTimeoutNanos() throws Exception {
    return TimeUnit.MILLISECONDS.toNanos(client.getZookeeperClient().getZooKeeper().getSessionTimeout());
  }

  void tick() {
    if (closed) {
      return;
    }
    try {
      if (!connected) {
        return;
      }
      long sentAt = config.clock().monotonicNanos();
      long sid = zkSessionId();
      ensureMember(sid);
      Leadership leader = readLeader();
      confirm(sid, sentAt, leader);
      boolean mayClaim = !config.witness() && (!hasResigned || config.clock().monotonicNanos() - resignedUntilNanos > 0);
      if (leader == null && mayClaim) {
        tryClaim(sid, config.clock().monotonicNanos());
      }
    } catch (Exception e) {
      log.debug("{}: renewal failed: {}", config.nodeId(), e.toString());
    } finally {
      evaluate();
    }
  }

  private void confirm(long sid, long sentAt, Leadership leader) throws Exception {
    if (!connected || sid != zkSessionId()) {
      return;
    }
    long deadline = sentAt + negotiatedTimeoutNanos() - config.margin().toNanos();
    confirmed = new Confirmed(sid, deadline, leader);
    if (leader != null) {
      highestEpoch = Math.max(highestEpoch, leader.epoch());
    }
  }

  private void ensureMember(long sid) throws Exception {
    String path = MEMBERS + "/" + config.nodeId() + "~" + Long.toHexString(sid);
    if (client.checkExists().forPath(path) == null) {
      try {
        client.create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL)
            .forPath(path, (config.witness() ? "witness" : "node").getBytes(StandardCharsets.UTF_8));
      } catch (KeeperException.NodeExistsException e) {
        // created concurrently by a previous attempt
      }
    }
  }

  private Leadership readLeader() throws Exception {
    try {
      return parseLeader(client.getData().forPath(LEADER));
    } catch (KeeperException.NoNodeException e) {
      return null;
    }
  }

  private static Leadership parseLeader(byte[] data) {
    String[] parts = new String(data, StandardCharsets.UTF_8).split("\n");
    return new Leadership(parts[0], Long.parseLong(parts[1], 16), Long.parseLong(parts[2]));
  }

  private void tryClaim(long sid, long sentAt) throws Exception {
    Stat epochStat = new Stat();
    long current;
    try {
      current = Long.parseLong(new String(client.getData().storingStatIn(epochStat).forPath(EPOCH), StandardCharsets.UTF_8));
    } catch (KeeperException.NoNodeException e) {
      try {
        client.create().forPath(EPOCH, "0".getBytes(StandardCharsets.UTF_8));
      } catch (KeeperException.NodeExistsException ignored) {
        // another node created it
      }
      return; // claim on the next round
    }
    long next = current + 1;
    String data = config.nodeId() + "\n" + Long.toHexString(sid) + "\n" + next;
    try {
      client.transaction().forOperations(
          client.transactionOp().create().withMode(CreateMode.EPHEMERAL).forPath(LEADER, data.getBytes(StandardCharsets.UTF_8)),
          client.transactionOp().setData().withVersion(epochStat.getVersion())
              .forPath(EPOCH, Long.toString(next).getBytes(StandardCharsets.UTF_8)));
      confirm(sid, sentAt, new Leadership(config.nodeId(), sid, next));
    } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException e) {
      log.debug("{}: lost the race for leadership", config.nodeId());
    }
  }

  private void evaluate() {
    Runnable[] fire = new Runnable[3];
    synchronized (this) {
      Leadership now = leadership().orElse(null);
      Leadership before = reportedLeadership;
      if (before != null && !before.equals(now)) {
        fire[0] = () -> listeners.forEach(l -> l.leadershipLost(before));
      }
      if (now != null && !now.equals(before)) {
        fire[1] = () -> listeners.forEach(l -> l.leadershipGained(now));
      }
      reportedLeadership = now;
      boolean quorum = hasQuorum();
      if (quorum != reportedQuorum) {
        reportedQuorum = quorum;
        fire[2] = () -> listeners.forEach(l -> l.quorumChanged(quorum));
      }
    }
    for (Runnable r : fire) {
      if (r != null) {
        scheduler.execute(r);
      }
    }
  }

  // ---- cache events ----

  private void onCreated(ChildData node) {
    onChanged(node);
    if (node.getPath().startsWith(MEMBERS + "/")) {
      member(node).ifPresent(m -> scheduler.execute(() -> listeners.forEach(l -> l.memberJoined(m))));
    }
  }

  private void onChanged(ChildData node) {
    if (node.getPath().startsWith(KV + "/")) {
      String key = decode(node.getPath().substring(KV.length() + 1));
      dispatch(new WatchEvent(key, Optional.of(new Versioned(key, orEmpty(node.getData()), node.getStat().getMzxid()))));
    } else if (node.getPath().equals(LEADER) && node.getData() != null) {
      highestEpoch = Math.max(highestEpoch, parseLeader(node.getData()).epoch());
    }
  }

  private void onDeleted(ChildData node) {
    if (node.getPath().startsWith(KV + "/")) {
      dispatch(new WatchEvent(decode(node.getPath().substring(KV.length() + 1)), Optional.empty()));
    } else if (node.getPath().startsWith(MEMBERS + "/")) {
      member(node).ifPresent(m -> scheduler.execute(() -> listeners.forEach(l -> l.memberLost(m))));
    } else if (node.getPath().equals(LEADER) && !config.witness()) {
      scheduler.schedule(this::tick, Duration.ZERO);
    }
  }

  private void dispatch(WatchEvent event) {
    if (closed) {
      return;
    }
    for (WatchRegistration w : watches) {
      if (event.key().startsWith(w.prefix())) {
        scheduler.execute(() -> {
          if (watches.contains(w)) {
            w.listener().accept(event);
          }
        });
      }
    }
  }

  private static byte[] orEmpty(byte[] data) {
    return data == null ? new byte[0] : data;
  }

  private static Optional<Member> member(ChildData node) {
    String name = node.getPath().substring(MEMBERS.length() + 1);
    int tilde = name.lastIndexOf('~');
    if (tilde < 1) {
      return Optional.empty();
    }
    boolean witness = "witness".equals(new String(orEmpty(node.getData()), StandardCharsets.UTF_8));
    return Optional.of(new Member(name.substring(0, tilde), witness, Long.parseLong(name.substring(tilde + 1), 16)));
  }

  // ---- queries ----

  @Override
  public String nodeId() {
    return config.nodeId();
  }

  @Override
  public boolean isWitness() {
    return config.witness();
  }

  @Override
  public List<Member> members() {
    List<Member> out = new ArrayList<>();
    cache.stream().filter(d -> d.getPath().startsWith(MEMBERS + "/")).forEach(d -> member(d).ifPresent(out::add));
    out.sort(CoordinationState.MEMBER_ORDER);
    return out;
  }

  @Override
  public boolean hasQuorum() {
    Confirmed c = confirmed;
    return !closed && connected && cacheLoaded && c.sessionId() != 0
        && config.clock().monotonicNanos() - c.deadlineNanos() < 0;
  }

  @Override
  public java.util.OptionalLong sessionId() {
    Confirmed c = confirmed;
    return closed || c.sessionId() == 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(c.sessionId());
  }

  @Override
  public java.util.OptionalLong sessionDeadlineNanos() {
    Confirmed c = confirmed;
    if (closed || c.sessionId() == 0) {
      return java.util.OptionalLong.empty();
    }
    // while disconnected the session is not confirmed: report a passed deadline
    return java.util.OptionalLong.of(connected ? c.deadlineNanos() : Math.min(c.deadlineNanos(), config.clock().monotonicNanos()));
  }

  @Override
  public boolean isLeader() {
    return leadership().isPresent();
  }

  @Override
  public Optional<Leadership> leadership() {
    Confirmed c = confirmed;
    if (!hasQuorum() || c.leader() == null || c.leader().sessionId() != c.sessionId()
        || !c.leader().nodeId().equals(config.nodeId())) {
      return Optional.empty();
    }
    return Optional.of(c.leader());
  }

  @Override
  public Optional<Leadership> currentLeader() {
    return hasQuorum() ? Optional.ofNullable(confirmed.leader()) : Optional.empty();
  }

  @Override
  public long epoch() {
    return highestEpoch;
  }

  @Override
  public void resign() {
    hasResigned = true;
    resignedUntilNanos = config.clock().monotonicNanos() + config.sessionTimeout().toNanos();
    Optional<Leadership> mine = leadership();
    Confirmed c = confirmed;
    confirmed = new Confirmed(c.sessionId(), c.deadlineNanos(), null);
    if (mine.isPresent()) {
      deleteLeaderIfMine(mine.get());
    }
    evaluate();
  }

  private void deleteLeaderIfMine(Leadership mine) {
    try {
      Stat stat = new Stat();
      Leadership current = parseLeader(client.getData().storingStatIn(stat).forPath(LEADER));
      if (current.sessionId() == mine.sessionId()) {
        client.delete().withVersion(stat.getVersion()).forPath(LEADER);
      }
    } catch (KeeperException.NoNodeException | KeeperException.BadVersionException e) {
      // already gone
    } catch (Exception e) {
      throw new CoordinatorException("could not resign: " + e, e);
    }
  }

  // ---- key-value store ----

  private static String path(String key) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
    return KV + "/" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace(".", "%2E").replace("*", "%2A");
  }

  private static String decode(String name) {
    return URLDecoder.decode(name, StandardCharsets.UTF_8);
  }

  private void checkOpen() {
    if (closed) {
      throw new CoordinatorException("coordinator of " + config.nodeId() + " is closed");
    }
  }

  private static CoordinatorException failure(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new CoordinatorException(what + " failed: " + e, e);
  }

  @Override
  public Optional<Versioned> get(String key) {
    checkOpen();
    try {
      Stat stat = new Stat();
      byte[] data = client.getData().storingStatIn(stat).forPath(path(key));
      return Optional.of(new Versioned(key, orEmpty(data), stat.getMzxid()));
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    } catch (Exception e) {
      throw failure("get " + key, e);
    }
  }

  @Override
  public List<Versioned> list(String prefix) {
    checkOpen();
    List<Versioned> out = new ArrayList<>();
    try {
      List<String> children;
      try {
        children = client.getChildren().forPath(KV);
      } catch (KeeperException.NoNodeException e) {
        return List.of();
      }
      for (String child : children) {
        String key = decode(child);
        if (key.startsWith(prefix)) {
          get(key).ifPresent(out::add);
        }
      }
    } catch (Exception e) {
      throw failure("list " + prefix, e);
    }
    out.sort(Comparator.comparing(Versioned::key));
    return out;
  }

  @Override
  public Versioned put(String key, byte[] value) {
    checkOpen();
    try {
      for (int attempt = 0; attempt < 10; attempt++) {
        try {
          Stat stat = client.setData().forPath(path(key), value);
          return new Versioned(key, value, stat.getMzxid());
        } catch (KeeperException.NoNodeException e) {
          try {
            Stat stat = new Stat();
            client.create().creatingParentContainersIfNeeded().storingStatIn(stat).forPath(path(key), value);
            return new Versioned(key, value, stat.getMzxid());
          } catch (KeeperException.NodeExistsException raced) {
            // created concurrently: set it on the next attempt
          }
        }
      }
      throw new CoordinatorException("put " + key + " kept racing with concurrent deletes");
    } catch (CoordinatorException e) {
      throw e;
    } catch (Exception e) {
      throw failure("put " + key, e);
    }
  }

  @Override
  public Optional<Versioned> compareAndSet(String key, long expectedVersion, byte[] value) {
    checkOpen();
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("expectedVersion must be >= 0, was " + expectedVersion);
    }
    try {
      if (expectedVersion == 0) {
        try {
          Stat stat = new Stat();
          client.create().creatingParentContainersIfNeeded().storingStatIn(stat).forPath(path(key), value);
          return Optional.of(new Versioned(key, value, stat.getMzxid()));
        } catch (KeeperException.NodeExistsException e) {
          return Optional.empty();
        }
      }
      Stat stat = new Stat();
      try {
        client.getData().storingStatIn(stat).forPath(path(key));
      } catch (KeeperException.NoNodeException e) {
        return Optional.empty();
      }
      if (stat.getMzxid() != expectedVersion) {
        return Optional.empty();
      }
      try {
        Stat written = client.setData().withVersion(stat.getVersion()).forPath(path(key), value);
        return Optional.of(new Versioned(key, value, written.getMzxid()));
      } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
        return Optional.empty();
      }
    } catch (Exception e) {
      throw failure("compareAndSet " + key, e);
    }
  }

  @Override
  public Optional<Versioned> compareAndSet(String key, long expectedVersion, byte[] value,
      Map<String, Long> conditions) {
    checkOpen();
    Command.ConditionalPut.check(key, expectedVersion, conditions);
    try {
      for (int attempt = 0; attempt < 10; attempt++) {
        // read the versions, then let one transaction check that none moved (znode versions, since a
        // check op cannot test the mzxid this coordinator exposes as the version)
        List<CuratorOp> ops = new ArrayList<>();
        for (var c : new java.util.TreeMap<>(conditions).entrySet()) {
          Stat stat = client.checkExists().forPath(path(c.getKey()));
          if (stat == null || stat.getMzxid() != c.getValue()) {
            return Optional.empty();
          }
          ops.add(client.transactionOp().check().withVersion(stat.getVersion()).forPath(path(c.getKey())));
        }
        Stat own = client.checkExists().forPath(path(key));
        if (expectedVersion != ANY_VERSION && expectedVersion != (own == null ? 0 : own.getMzxid())) {
          return Optional.empty();
        }
        if (own == null) {
          client.createContainers(KV);
          ops.add(client.transactionOp().create().forPath(path(key), value));
          // a transaction's create reports no stat; a set of the fresh node does, with the same mzxid
          ops.add(client.transactionOp().setData().withVersion(0).forPath(path(key), value));
        } else {
          ops.add(client.transactionOp().setData().withVersion(own.getVersion()).forPath(path(key), value));
        }
        try {
          List<CuratorTransactionResult> results = client.transaction().forOperations(ops);
          Stat written = results.get(results.size() - 1).getResultStat();
          return Optional.of(new Versioned(key, value, written.getMzxid()));
        } catch (KeeperException.BadVersionException | KeeperException.NoNodeException
            | KeeperException.NodeExistsException e) {
          // something moved between the reads and the transaction: the next round tells what
        }
      }
      throw new CoordinatorException("compareAndSet " + key + " kept racing with concurrent writes");
    } catch (CoordinatorException e) {
      throw e;
    } catch (Exception e) {
      throw failure("compareAndSet " + key, e);
    }
  }

  @Override
  public boolean delete(String key) {
    checkOpen();
    try {
      client.delete().forPath(path(key));
      return true;
    } catch (KeeperException.NoNodeException e) {
      return false;
    } catch (Exception e) {
      throw failure("delete " + key, e);
    }
  }

  @Override
  public boolean compareAndDelete(String key, long expectedVersion) {
    checkOpen();
    if (expectedVersion < 1) {
      throw new IllegalArgumentException("expectedVersion must be >= 1, was " + expectedVersion);
    }
    try {
      Stat stat = new Stat();
      client.getData().storingStatIn(stat).forPath(path(key));
      if (stat.getMzxid() != expectedVersion) {
        return false;
      }
      client.delete().withVersion(stat.getVersion()).forPath(path(key));
      return true;
    } catch (KeeperException.NoNodeException | KeeperException.BadVersionException e) {
      return false;
    } catch (Exception e) {
      throw failure("compareAndDelete " + key, e);
    }
  }

  @Override
  public Watch watch(String prefix, Consumer<WatchEvent> listener) {
    checkOpen();
    var w = new WatchRegistration(Objects.requireNonNull(prefix, "prefix"), Objects.requireNonNull(listener, "listener"));
    watches.add(w);
    return () -> watches.remove(w);
  }

  @Override
  public void addListener(CoordinatorListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeListener(CoordinatorListener listener) {
    listeners.remove(listener);
  }

  /** Resigns, closes the ZooKeeper session (its ephemeral znodes go at once) and stops threads. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      leadership().ifPresent(this::deleteLeaderIfMine);
    } catch (RuntimeException e) {
      log.debug("resign on close failed: {}", e.toString());
    }
    closeWithoutGoodbye();
  }

  /** Stops without deleting anything explicitly (the session close still removes ephemerals). */
  void closeWithoutGoodbye() {
    closed = true;
    cache.close();
    client.close();
    evaluate();
    scheduler.close();
  }

  /** The Curator client, for tests in this package (session expiry injection). */
  CuratorFramework curatorForTest() {
    return client;
  }

  @Override
  public String toString() {
    return "ZooKeeperCoordinator[" + config.nodeId() + " -> " + config.connectString() + "/" + config.namespace() + "]";
  }
}
