package io.ha4j.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One node's handle on the cluster's coordination service: membership, quorum, leader election with
 * a fencing epoch, and a small versioned key-value store. Implementations: the in-memory ensemble
 * ({@link io.ha4j.spi.memory.MemoryEnsemble}), {@code ha-raft} and {@code ha-zookeeper}; all pass the
 * same contract test suite.
 *
 * <h2>Sessions and membership</h2>
 *
 * A coordinator opens a session for its node when it starts and renews it every heartbeat (see
 * {@link SessionTiming}). The session ends when the node closes it, or when the coordination
 * authority has not seen it renewed for the lease. A node whose session ended opens a new one by
 * itself (it leaves and re-joins the member list); whatever it held under the old session
 * (leadership) is gone.
 *
 * <h2>Leadership</h2>
 *
 * Every non-witness member is a candidate. At most one session holds leadership at a time in the
 * authority's view, and each grant gets an epoch strictly greater than every earlier one. Locally,
 * leadership is a <b>monotonic deadline</b>: {@link #isLeader()} is true only while this node's last
 * confirmed renewal is younger than {@code lease - margin} and that renewal confirmed this node as
 * holder. A node that cannot confirm in time stops being leader by itself, without being told — so two
 * nodes never both return {@code true} from {@code isLeader()} for overlapping periods, provided the
 * two processes' clocks run at rates within the margin. A paused process resumes with a passed
 * deadline; epochs protect anything it sends before it notices. Listener events are advisory.
 *
 * <h2>Key-value store</h2>
 *
 * Writes ({@link #put}, {@link #compareAndSet}, {@link #delete}, {@link #compareAndDelete}) are
 * linearizable: when one returns, it has been committed by a quorum and every later read anywhere
 * sees it (or something newer). Reads ({@link #get}, {@link #list}) are linearizable in the in-memory
 * and Raft backends; in ZooKeeper they are sequentially consistent (they may miss a write committed
 * elsewhere a moment ago, never one this node made). Decisions that must not race use {@link
 * #compareAndSet}, also across keys (its form with conditions on other keys). A write that throws
 * {@link CoordinatorException} may still have committed.
 *
 * <h2>Watches</h2>
 *
 * A watch on a prefix delivers {@link WatchEvent}s for keys under it, per key in version order.
 * Watches are level-triggered: intermediate versions may be coalesced (a watcher is only guaranteed to
 * eventually see the latest value of each key, or its deletion; a key created and deleted in between
 * may produce no event at all), and while a node is cut off from the
 * quorum it sees nothing; after reconnecting it sees the current values. Events for changes made
 * before the watch was registered are not replayed; read with {@link #list} after registering.
 *
 * <h2>Threading</h2>
 *
 * All methods are thread-safe. Blocking methods wait at most the backend's request timeout and then
 * throw {@link CoordinatorException}. {@link #isLeader()}, {@link #leadership()}, {@link
 * #currentLeader()}, {@link #epoch()}, {@link #hasQuorum()} and {@link #members()} never block.
 */
public interface Coordinator extends AutoCloseable {

  /** This node's name. */
  String nodeId();

  /** True when this node is a witness: it votes but never leads and never runs resources. */
  boolean isWitness();

  // ---- membership and quorum ----

  /** The live members as last observed by this node, ordered by node id then session id. */
  List<Member> members();

  /**
   * This node's own session: the one this coordinator opened and last had confirmed, or empty while
   * it has none (a client without a session returns empty). Never taken from {@link #members()}: a
   * restarted node whose view is still catching up lists its previous process's session there, and
   * a node that adopted that session would run what was asked of its previous incarnation.
   */
  java.util.OptionalLong sessionId();

  /**
   * True while this node's session is confirmed by a quorum: its last renewal was confirmed and is
   * younger than {@code lease - margin}.
   */
  boolean hasQuorum();

  // ---- leadership ----

  /**
   * The monotonic instant ({@link Ha4jClock#monotonicNanos()} of the coordinator's clock) at which
   * this node's session ends by its own reckoning unless renewed: {@code sentAt + lease - margin} of
   * the last confirmed renewal. {@link #hasQuorum()} is true exactly while this lies in the future.
   * The runtime uses it to stop local resources before the lease ends and to extend the external
   * guard's lease. Empty when there is no session or the backend cannot tell (the runtime then
   * relies on {@link #hasQuorum()} alone).
   */
  default java.util.OptionalLong sessionDeadlineNanos() {
    return java.util.OptionalLong.empty();
  }

  /** True while this node holds leadership and its local deadline has not passed. */
  boolean isLeader();

  /** This node's current grant when {@link #isLeader()}, with its epoch; else empty. */
  Optional<Leadership> leadership();

  /**
   * The leader as last observed by this node (may be stale by a heartbeat or two; empty while there
   * is none or while this node has no quorum).
   */
  Optional<Leadership> currentLeader();

  /** The highest epoch this node has observed; {@code 0} before any leader was elected. */
  long epoch();

  /**
   * Gives up leadership if held (another candidate will be elected with a higher epoch). This node
   * stays a candidate and may be elected again later.
   */
  void resign();

  // ---- key-value store ----

  /** The key's current value and version. */
  Optional<Versioned> get(String key);

  /** All keys starting with {@code prefix} (the empty prefix lists everything), ordered by key. */
  List<Versioned> list(String prefix);

  /** Writes the key unconditionally and returns the new entry. */
  Versioned put(String key, byte[] value);

  /**
   * Writes the key only if its version is {@code expectedVersion} ({@code 0} means "only if the key
   * does not exist"). Returns the new entry, or empty when the version did not match.
   */
  Optional<Versioned> compareAndSet(String key, long expectedVersion, byte[] value);

  /** An {@code expectedVersion} for {@link #compareAndSet(String, long, byte[], Map)}: any version or none. */
  long ANY_VERSION = -1;

  /**
   * Writes the key only if, atomically with the write, its version is {@code expectedVersion} ({@code
   * 0}: absent; {@link #ANY_VERSION}: whatever it is) and every key of {@code conditions} exists with
   * exactly the version mapped to it (each {@code >= 1}). Returns the new entry, or empty when any
   * version did not match (nothing is written then).
   *
   * <p>This is what keeps two writers that each read before they write from both succeeding on a
   * stale view: the controller publishes a transition only if no node's observed state changed since
   * it read it, and a node records an operation as begun only if the transition it runs is still the
   * published one — so either the controller sees the operation in flight, or the node sees that its
   * transition was replaced, never neither.
   *
   * @throws IllegalArgumentException when a condition's version is below 1 or names {@code key}
   */
  Optional<Versioned> compareAndSet(String key, long expectedVersion, byte[] value, Map<String, Long> conditions);

  /** Deletes the key; returns whether it existed. */
  boolean delete(String key);

  /** Deletes the key only if its version is {@code expectedVersion}; returns whether it did. */
  boolean compareAndDelete(String key, long expectedVersion);

  /** Watches every key starting with {@code prefix}; see the class comment for what may be missed. */
  Watch watch(String prefix, Consumer<WatchEvent> listener);

  // ---- events and lifecycle ----

  /** Adds an advisory listener (see {@link CoordinatorListener}). */
  void addListener(CoordinatorListener listener);

  /** Removes a listener added before. */
  void removeListener(CoordinatorListener listener);

  /**
   * Leaves the cluster: gives up leadership (firing {@code leadershipLost}), closes the session, and
   * releases threads. Idempotent; never throws.
   */
  @Override
  void close();
}
