package io.ha4j.raft;

import io.ha4j.spi.Coordinator;
import io.ha4j.spi.CoordinatorException;
import io.ha4j.spi.CoordinatorListener;
import io.ha4j.spi.Leadership;
import io.ha4j.spi.Member;
import io.ha4j.spi.Versioned;
import io.ha4j.spi.Watch;
import io.ha4j.spi.WatchEvent;
import io.ha4j.spi.support.Command;
import io.ha4j.spi.support.CommandResult;
import io.ha4j.spi.support.CoordinationState;
import io.ha4j.spi.support.ExecutorTaskScheduler;
import io.ha4j.spi.support.ReplicatedCoordinator;
import io.ha4j.spi.support.Replica;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded coordination backend: this JVM is one voter of a Raft group (Apache Ratis over Netty),
 * and the group replicates the coordination state (key-value store, sessions, leader, epoch).
 *
 * <p>How the {@link Coordinator} guarantees map onto Raft:
 *
 * <ul>
 *   <li>Every write, session renewal and leadership claim is a Raft log entry; writes return after
 *       commit (linearizable). Reads use Ratis' linearizable read (ReadIndex on the Raft leader).
 *   <li>The epoch is a replicated counter bumped on every leadership grant; it survives crashes and
 *       restarts because it lives in the log and the snapshots.
 *   <li>A session's expiry is decided only by the current Raft leader, on its own monotonic clock,
 *       counted from when it <em>applied</em> the session's last renewal (a new Raft leader first
 *       grants every session a full lease), and replicated as a log entry.
 *   <li>The node's own leadership deadline counts from when it <em>sent</em> the renewal, so it runs
 *       out first (see {@link io.ha4j.spi.SessionTiming}).
 * </ul>
 *
 * <p>Start with {@link #start(RaftCoordinatorConfig)}. {@link #close()} resigns, closes the session
 * and hands Raft leadership to another peer before stopping the server.
 */
public final class RaftCoordinator implements Coordinator {
  private static final Logger log = LoggerFactory.getLogger(RaftCoordinator.class);

  private final RaftCoordinatorConfig config;
  private final RaftGroup group;
  private final CoordinationStateMachine stateMachine;
  private final RaftServer server;
  private final RaftProperties clientProperties;
  private final Parameters rpcParameters;
  private volatile RaftClient client;
  private final ExecutorTaskScheduler scheduler;
  private final ReplicatedCoordinator delegate;
  private final Duration requestTimeout;
  private volatile long authorityTerm = -1;
  private volatile boolean closed;

  private RaftCoordinator(RaftCoordinatorConfig config) throws IOException {
    this.config = config;
    RaftTiming timing = config.timing();
    this.requestTimeout = timing.requestTimeout();
    RaftGroupId groupId =
        RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("ha4j:" + config.clusterName()).getBytes(StandardCharsets.UTF_8)));
    this.group = RaftGroup.valueOf(groupId, config.peers().stream().map(RaftCoordinator::toRaftPeer).toList());
    RaftProperties props = properties(config);
    this.rpcParameters = RaftTransport.parameters(config.tls(), "raft.tls");
    this.stateMachine = new CoordinationStateMachine(config.clock());
    boolean existing = Files.isDirectory(config.storageDir().resolve(groupId.getUuid().toString()));
    this.server =
        RaftServer.newBuilder()
            .setServerId(RaftPeerId.valueOf(config.nodeId()))
            .setGroup(group)
            .setProperties(props)
            .setParameters(rpcParameters)
            .setStateMachine(stateMachine)
            .setOption(existing ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
            .build();
    this.clientProperties = props;
    this.client = newClient();
    this.scheduler = new ExecutorTaskScheduler("ha4j-raft-" + config.nodeId());
    Replica replica =
        new Replica() {
          @Override
          public CommandResult write(Command command) {
            return send(command);
          }

          @Override
          public CommandResult read(Command command) {
            return sendReadOnly(command);
          }

          @Override
          public CoordinationState localState() {
            return stateMachine.state;
          }
        };
    this.delegate =
        new ReplicatedCoordinator(
            config.nodeId(), config.self().witness(), timing.session(), config.clock(), scheduler, replica);
  }

  /**
   * Starts this node's Raft peer (recovering from {@code storageDir} if it holds data) and joins the
   * cluster.
   *
   * @throws CoordinatorException when the Raft server cannot start (e.g. the port is taken)
   */
  public static RaftCoordinator start(RaftCoordinatorConfig config) {
    if (config.peers().size() == 2 && config.peers().stream().noneMatch(RaftPeerAddress::witness)) {
      log.warn("UNSAFE: a two-voter Raft group without a witness stops when either node fails"
          + " (allowUnsafeTwoNode=true). Add a witness peer.");
    }
    RaftCoordinator c = null;
    try {
      c = new RaftCoordinator(config);
      c.server.start();
    } catch (IOException | RuntimeException e) {
      if (c != null) {
        c.crashForTest(); // release the half-started server's threads and ports: nothing was joined yet
      }
      throw new CoordinatorException(startFailure(config, e), e);
    }
    c.delegate.start();
    Duration check = config.timing().session().heartbeat().dividedBy(2);
    c.scheduler.scheduleWithFixedDelay(c::expireSessions, check, check);
    log.info("Raft peer {} started on {} ({} peers, timing {})",
        config.nodeId(), config.self().address(), config.peers().size(), config.timing());
    return c;
  }

  /** Why the peer did not start, with what to do when its storage cannot be read. */
  static String startFailure(RaftCoordinatorConfig config, Throwable e) {
    String base = "cannot start Raft peer " + config.nodeId() + " on " + config.self().address();
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (m.startsWith("Failed to load") || m.contains("not found in properties")) {
        return base + ": its storage in " + config.storageDir() + " cannot be read (" + m + "), e.g. after"
            + " its disk filled up. Move that directory away and start the node again: it rejoins as a new"
            + " follower and copies the state from the others (with a majority of the peers still intact)";
      }
    }
    return base + ": " + e;
  }

  private static RaftProperties properties(RaftCoordinatorConfig config) {
    RaftTiming timing = config.timing();
    RaftProperties props = new RaftProperties();
    RaftTransport.configure(props, config.tls(), config.self().port());
    RaftServerConfigKeys.setStorageDir(props, List.of(config.storageDir().toFile()));
    RaftServerConfigKeys.Rpc.setTimeoutMin(props, millis(timing.electionMin()));
    RaftServerConfigKeys.Rpc.setTimeoutMax(props, millis(timing.electionMax()));
    RaftServerConfigKeys.Rpc.setRequestTimeout(props, millis(timing.requestTimeout()));
    RaftServerConfigKeys.Read.setOption(props, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, config.snapshotEvery());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(props, 2);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(props, true);
    RaftServerConfigKeys.Log.setSegmentSizeMax(props, SizeInBytes.valueOf("4MB"));
    RaftServerConfigKeys.Log.setPreallocatedSize(props, SizeInBytes.valueOf("1MB"));
    RaftClientConfigKeys.Rpc.setRequestTimeout(props, millis(timing.electionMax().multipliedBy(2)));
    return props;
  }

  private static TimeDuration millis(Duration d) {
    return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
  }

  static RaftPeer toRaftPeer(RaftPeerAddress p) {
    return RaftPeer.newBuilder().setId(p.id()).setAddress(p.address()).setPriority(p.priority()).build();
  }

  private static Message message(Command command) {
    return Message.valueOf(ByteString.copyFrom(command.encode()));
  }

  private RaftClient newClient() {
    return RaftClient.newBuilder()
        .setProperties(clientProperties)
        .setParameters(rpcParameters)
        .setRaftGroup(group)
        .setClientId(ClientId.randomId())
        .setRetryPolicy(
            RetryPolicies.retryUpToMaximumCountWithFixedSleep(
                (int) Math.max(3, requestTimeout.toMillis() / 50), TimeDuration.valueOf(50, TimeUnit.MILLISECONDS)))
        .build();
  }

  /**
   * Ratis' ordered async client closes its sliding window for good after a request exhausts its
   * retries; replace the client so that the renewal loop keeps working after a quorum comes back.
   */
  private synchronized void replaceClient(RaftClient broken) {
    if (client != broken || closed) {
      return;
    }
    client = newClient();
    closeQuietly(broken);
    log.debug("{}: replaced the Raft client after a failure", config.nodeId());
  }

  private CommandResult send(Command command) {
    RaftClient c = client;
    return call(c, c.async().send(message(command)), command);
  }

  private CommandResult sendReadOnly(Command command) {
    RaftClient c = client;
    return call(c, c.async().sendReadOnly(message(command)), command);
  }

  private CommandResult call(RaftClient usedClient, CompletableFuture<RaftClientReply> future, Command command) {
    if (closed && !(command instanceof Command.CloseSession || command instanceof Command.Resign)) {
      future.cancel(true);
      throw new CoordinatorException("coordinator of " + config.nodeId() + " is closed");
    }
    try {
      RaftClientReply reply = future.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!reply.isSuccess()) {
        replaceClient(usedClient);
        throw new CoordinatorException("Raft request failed: " + reply.getException());
      }
      return CommandResult.decode(reply.getMessage().getContent().toByteArray());
    } catch (TimeoutException e) {
      future.cancel(true);
      replaceClient(usedClient);
      throw new CoordinatorException("no Raft quorum answered within " + requestTimeout, e);
    } catch (ExecutionException e) {
      replaceClient(usedClient);
      throw new CoordinatorException("Raft request failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CoordinatorException("interrupted", e);
    }
  }

  /** On the Raft leader only: proposes the expiry of sessions whose lease ran out. */
  private void expireSessions() {
    if (closed) {
      return;
    }
    DivisionInfo info;
    try {
      info = server.getDivision(group.getGroupId()).getInfo();
    } catch (IOException e) {
      return;
    }
    if (!info.isLeader() || !info.isLeaderReady()) {
      authorityTerm = -1;
      return;
    }
    long now = config.clock().monotonicNanos();
    long term = info.getCurrentTerm();
    if (term != authorityTerm) {
      // a new Raft leader knows nothing about recent renewals: grant every session a full lease from now
      stateMachine.authority.resetAll(now);
      authorityTerm = term;
      return;
    }
    for (long sessionId : stateMachine.authority.expired(stateMachine.state.sessionLeases(), now)) {
      try {
        log.info("{}: session {} expired (no renewal for its lease)", config.nodeId(), sessionId);
        send(new Command.ExpireSession(sessionId));
      } catch (CoordinatorException e) {
        log.debug("could not expire session {}: {}", sessionId, e.getMessage());
      }
    }
  }

  // ---- Raft group administration ----

  /** The Raft group's current voters as this peer knows them. */
  public List<String> raftPeers() {
    try {
      return server.getDivision(group.getGroupId()).getGroup().getPeers().stream()
          .map(p -> p.getId().toString()).sorted().toList();
    } catch (IOException e) {
      throw new CoordinatorException("cannot read the Raft group", e);
    }
  }

  /** True when this peer is currently the Raft leader (not the same thing as the ha4j leader). */
  public boolean isRaftLeader() {
    try {
      return server.getDivision(group.getGroupId()).getInfo().isLeader();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Adds a voter at runtime. Start the new node first with a configuration that lists the new peer
   * set; this call replicates the new membership (the new peer catches up from the leader).
   */
  public void addPeer(RaftPeerAddress peer) {
    List<RaftPeer> peers = new ArrayList<>(currentPeers());
    peers.removeIf(p -> p.getId().toString().equals(peer.id()));
    peers.add(toRaftPeer(peer));
    setConfiguration(peers);
  }

  /** Removes a voter at runtime (stop that node afterwards). */
  public void removePeer(String peerId) {
    List<RaftPeer> peers = new ArrayList<>(currentPeers());
    if (!peers.removeIf(p -> p.getId().toString().equals(peerId))) {
      throw new IllegalArgumentException("no peer '" + peerId + "' in the group");
    }
    setConfiguration(peers);
  }

  private List<RaftPeer> currentPeers() {
    try {
      return List.copyOf(server.getDivision(group.getGroupId()).getGroup().getPeers());
    } catch (IOException e) {
      throw new CoordinatorException("cannot read the Raft group", e);
    }
  }

  private void setConfiguration(List<RaftPeer> peers) {
    try {
      RaftClientReply reply = client.admin().setConfiguration(peers);
      if (!reply.isSuccess()) {
        throw new CoordinatorException("membership change failed: " + reply.getException());
      }
    } catch (IOException e) {
      throw new CoordinatorException("membership change failed", e);
    }
  }

  // ---- Coordinator: delegated ----

  @Override
  public String nodeId() {
    return delegate.nodeId();
  }

  @Override
  public boolean isWitness() {
    return delegate.isWitness();
  }

  @Override
  public List<Member> members() {
    return delegate.members();
  }

  @Override
  public boolean hasQuorum() {
    return delegate.hasQuorum();
  }

  @Override
  public java.util.OptionalLong sessionId() {
    return delegate.sessionId();
  }

  @Override
  public java.util.OptionalLong sessionDeadlineNanos() {
    return delegate.sessionDeadlineNanos();
  }

  @Override
  public boolean isLeader() {
    return delegate.isLeader();
  }

  @Override
  public Optional<Leadership> leadership() {
    return delegate.leadership();
  }

  @Override
  public Optional<Leadership> currentLeader() {
    return delegate.currentLeader();
  }

  @Override
  public long epoch() {
    return delegate.epoch();
  }

  @Override
  public void resign() {
    delegate.resign();
  }

  @Override
  public Optional<Versioned> get(String key) {
    return delegate.get(key);
  }

  @Override
  public List<Versioned> list(String prefix) {
    return delegate.list(prefix);
  }

  @Override
  public Versioned put(String key, byte[] value) {
    return delegate.put(key, value);
  }

  @Override
  public Optional<Versioned> compareAndSet(String key, long expectedVersion, byte[] value) {
    return delegate.compareAndSet(key, expectedVersion, value);
  }

  @Override
  public Optional<Versioned> compareAndSet(String key, long expectedVersion, byte[] value,
      Map<String, Long> conditions) {
    return delegate.compareAndSet(key, expectedVersion, value, conditions);
  }

  @Override
  public boolean delete(String key) {
    return delegate.delete(key);
  }

  @Override
  public boolean compareAndDelete(String key, long expectedVersion) {
    return delegate.compareAndDelete(key, expectedVersion);
  }

  @Override
  public Watch watch(String prefix, Consumer<WatchEvent> listener) {
    return delegate.watch(prefix, listener);
  }

  @Override
  public void addListener(CoordinatorListener listener) {
    delegate.addListener(listener);
  }

  @Override
  public void removeListener(CoordinatorListener listener) {
    delegate.removeListener(listener);
  }

  /**
   * Leaves gracefully: resigns and closes the session, hands Raft leadership to another peer if this
   * one holds it, then stops the Raft server and threads. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    delegate.close();
    closed = true;
    if (isRaftLeader() && group.getPeers().size() > 1) {
      try {
        client.admin().transferLeadership(null, config.timing().electionMax().toMillis() * 2);
      } catch (IOException | RuntimeException e) {
        log.debug("leadership transfer before shutdown failed: {}", e.toString());
      }
    }
    closeQuietly(client);
    closeQuietly(server);
    scheduler.close();
    log.info("Raft peer {} stopped", config.nodeId());
  }

  /**
   * Stops this peer abruptly, as {@code kill -9} would: no resign, no session close, no leadership
   * transfer. For tests in this package, and to release a peer that failed to start.
   */
  void crashForTest() {
    closed = true;
    scheduler.close();
    closeQuietly(client);
    closeQuietly(server);
  }

  /** Proposes the expiry of every session of {@code nodeId} now. For tests in this package. */
  void expireSessionsOfForTest(String nodeId) {
    for (Member m : stateMachine.state.members()) {
      if (m.nodeId().equals(nodeId)) {
        send(new Command.ExpireSession(m.sessionId()));
      }
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      log.debug("close failed: {}", e.toString());
    }
  }

  @Override
  public String toString() {
    return "RaftCoordinator[" + config.nodeId() + "@" + config.self().address() + "]";
  }
}
