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
import java.nio.charset.StandardCharsets;
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
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Coordinator} that is only a Ratis <em>client</em> of a running ha4j Raft group: no peer, no
 * session, never a member, never leader. For tools that administer a cluster from outside it (the
 * {@code ha4j} command line), typically through {@code Ha4jAdmin.connect(client)}.
 *
 * <p>Differences from a node's coordinator, by design:
 *
 * <ul>
 *   <li>Key-value calls are the same commands a node sends, so compare-and-set decisions are exactly
 *       as safe. Writes are linearizable. Reads are served by the Raft leader from its state without a
 *       ReadIndex round: right after a leader change, a deposed leader that has not noticed yet may
 *       answer with a slightly old value (writes are never affected).
 *   <li>{@link #members()}, {@link #currentLeader()}, {@link #epoch()} and {@link #hasQuorum()} come
 *       from a status read that is refreshed when older than {@link RaftClientConfig#statusMaxAge()};
 *       so they may block up to the request timeout (a node's never block). {@link #hasQuorum()} is
 *       true when the last such read was answered.
 *   <li>{@link #isWitness()} is true (it never leads or runs resources); {@link #isLeader()} is always
 *       false; {@link #resign()} does nothing; listeners are accepted and never called.
 *   <li>{@link #watch} is not supported: poll instead.
 * </ul>
 *
 * Thread-safe.
 */
public final class RaftClusterClient implements Coordinator {
  private static final Logger log = LoggerFactory.getLogger(RaftClusterClient.class);

  private record StatusView(long readAtNanos, boolean ok, List<Member> members, Leadership leader, long epoch) {}

  private final RaftClientConfig config;
  private final RaftGroup group;
  private final RaftProperties properties;
  private final Parameters rpcParameters;
  private volatile RaftClient client;
  private volatile StatusView status = new StatusView(Long.MIN_VALUE, false, List.of(), null, 0);
  private volatile boolean closed;

  private RaftClusterClient(RaftClientConfig config) {
    this.config = config;
    RaftGroupId groupId =
        RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("ha4j:" + config.clusterName()).getBytes(StandardCharsets.UTF_8)));
    this.group = RaftGroup.valueOf(groupId, config.peers().stream().map(RaftCoordinator::toRaftPeer).toList());
    this.properties = new RaftProperties();
    RaftTransport.configure(properties, config.tls(), -1);
    this.rpcParameters = RaftTransport.parameters(config.tls(), "raftClient.tls");
    RaftClientConfigKeys.Rpc.setRequestTimeout(properties,
        TimeDuration.valueOf(Math.max(500, config.requestTimeout().toMillis() / 4), TimeUnit.MILLISECONDS));
    this.client = newClient();
  }

  /** A client of the group; connects lazily (the first call reaches the peers). */
  public static RaftClusterClient connect(RaftClientConfig config) {
    return new RaftClusterClient(config);
  }

  private RaftClient newClient() {
    return RaftClient.newBuilder()
        .setProperties(properties)
        .setParameters(rpcParameters)
        .setRaftGroup(group)
        .setClientId(ClientId.randomId())
        .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(
            (int) Math.max(3, config.requestTimeout().toMillis() / 100), TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
        .build();
  }

  private CommandResult call(Command command) {
    if (closed) {
      throw new CoordinatorException("Raft client " + config.clientName() + " is closed");
    }
    RaftClient c = client;
    Message message = Message.valueOf(ByteString.copyFrom(command.encode()));
    // Reads go to the Raft leader only (a follower answers "not leader", and the client follows the hint).
    // A linearizable read sent to a follower would need the follower's ReadIndex call to the leader, which
    // Ratis 3.3.0's Netty transport does not implement: the request would hang until it times out.
    CompletableFuture<RaftClientReply> future =
        command.readOnly() ? c.async().sendReadOnlyNonLinearizable(message) : c.async().send(message);
    try {
      RaftClientReply reply = future.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
      if (!reply.isSuccess()) {
        replace(c);
        throw new CoordinatorException(failed(reply.getException()));
      }
      return CommandResult.decode(reply.getMessage().getContent().toByteArray());
    } catch (TimeoutException e) {
      future.cancel(true);
      replace(c);
      throw new CoordinatorException("no quorum of the Raft group at " + addresses() + " answered within "
          + config.requestTimeout().toMillis() + " ms", e);
    } catch (ExecutionException e) {
      replace(c);
      throw new CoordinatorException(failed(e.getCause()), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CoordinatorException("interrupted", e);
    }
  }

  private String addresses() {
    return String.join(",", config.peers().stream().map(RaftPeerAddress::address).toList());
  }

  private String failed(Throwable cause) {
    Throwable root = cause;
    while (root != null && root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String why = root == null ? "unknown error" : root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
    return "the Raft group at " + addresses() + " did not answer (" + why + ")";
  }

  /** A failed async client keeps its sliding window closed: use a fresh one for the next call. */
  private synchronized void replace(RaftClient broken) {
    if (client != broken || closed) {
      return;
    }
    client = newClient();
    closeQuietly(broken);
  }

  private StatusView view() {
    StatusView s = status;
    long now = System.nanoTime();
    if (s.readAtNanos() != Long.MIN_VALUE && now - s.readAtNanos() <= config.statusMaxAge().toNanos()) {
      return s;
    }
    try {
      CommandResult r = call(new Command.Status());
      List<Member> members = new java.util.ArrayList<>(r.members());
      members.sort(CoordinationState.MEMBER_ORDER);
      s = new StatusView(System.nanoTime(), true, List.copyOf(members), r.leader(), Math.max(r.epoch(), s.epoch()));
    } catch (CoordinatorException e) {
      log.debug("status read failed: {}", e.getMessage());
      s = new StatusView(System.nanoTime(), false, s.members(), null, s.epoch());
    }
    status = s;
    return s;
  }

  @Override
  public String nodeId() {
    return config.clientName();
  }

  /** Always true: a client never leads and runs nothing. */
  @Override
  public boolean isWitness() {
    return true;
  }

  @Override
  public List<Member> members() {
    return view().members();
  }

  /** Empty: a client opens no session. */
  @Override
  public java.util.OptionalLong sessionId() {
    return java.util.OptionalLong.empty();
  }

  @Override
  public boolean hasQuorum() {
    return !closed && view().ok();
  }

  @Override
  public boolean isLeader() {
    return false;
  }

  @Override
  public Optional<Leadership> leadership() {
    return Optional.empty();
  }

  @Override
  public Optional<Leadership> currentLeader() {
    StatusView s = view();
    return s.ok() ? Optional.ofNullable(s.leader()) : Optional.empty();
  }

  @Override
  public long epoch() {
    return view().epoch();
  }

  /** Does nothing: a client never holds leadership. */
  @Override
  public void resign() {}

  @Override
  public Optional<Versioned> get(String key) {
    return call(new Command.Get(key)).entries().stream().findFirst();
  }

  @Override
  public List<Versioned> list(String prefix) {
    return call(new Command.ListPrefix(prefix)).entries();
  }

  @Override
  public Versioned put(String key, byte[] value) {
    return call(new Command.Put(key, value)).entries().get(0);
  }

  @Override
  public Optional<Versioned> compareAndSet(String key, long expectedVersion, byte[] value) {
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("expectedVersion must be >= 0, was " + expectedVersion);
    }
    CommandResult r = call(new Command.CompareAndSet(key, expectedVersion, value));
    return r.ok() ? Optional.of(r.entries().get(0)) : Optional.empty();
  }

  @Override
  public Optional<Versioned> compareAndSet(String key, long expectedVersion, byte[] value,
      Map<String, Long> conditions) {
    CommandResult r = call(new Command.ConditionalPut(key, expectedVersion, value, conditions));
    return r.ok() ? Optional.of(r.entries().get(0)) : Optional.empty();
  }

  @Override
  public boolean delete(String key) {
    return call(new Command.Delete(key, -1)).ok();
  }

  @Override
  public boolean compareAndDelete(String key, long expectedVersion) {
    if (expectedVersion < 1) {
      throw new IllegalArgumentException("expectedVersion must be >= 1, was " + expectedVersion);
    }
    return call(new Command.Delete(key, expectedVersion)).ok();
  }

  /**
   * Not supported by a client-only coordinator.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public Watch watch(String prefix, Consumer<WatchEvent> listener) {
    throw new UnsupportedOperationException("a Raft client cannot watch keys; poll with get/list");
  }

  /** Accepted; never called (a client sees no events). */
  @Override
  public void addListener(CoordinatorListener listener) {}

  @Override
  public void removeListener(CoordinatorListener listener) {}

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(client);
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
    return "RaftClusterClient[" + config.clientName() + " -> "
        + config.peers().stream().map(RaftPeerAddress::address).toList() + "]";
  }
}
