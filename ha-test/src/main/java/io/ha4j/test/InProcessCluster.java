package io.ha4j.test;

import io.ha4j.ClusterConfig;
import io.ha4j.Ha4j;
import io.ha4j.Ha4jEvent;
import io.ha4j.Ha4jNode;
import io.ha4j.Node;
import io.ha4j.Timing;
import io.ha4j.spi.Coordinator;
import io.ha4j.spi.FencingAgent;
import io.ha4j.spi.ResourceAgent;
import io.ha4j.spi.memory.ManualClock;
import io.ha4j.spi.memory.MemoryEnsemble;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A whole cluster in one test: N nodes over the in-memory coordinator ({@link MemoryEnsemble}) on one
 * virtual clock ({@link ManualClock}), each running the production runtime (controller, executor,
 * monitor loop, lease watchdog, scheduler). Nothing runs in the background: time moves only in
 * {@link #advance}, so every scenario replays identically and takes milliseconds.
 *
 * <p>Each node gets a {@link RecordingAgent} for type {@value RecordingAgent#TYPE}; all of them
 * write to one {@link Journal}. A node can be started, stopped cleanly, crashed (kill -9: its
 * in-JVM resources die, its session expires after the lease), partitioned from the quorum and
 * healed. When a node's self-fencing halts it, it crashes the same way and is listed in {@link
 * #halted()}.
 *
 * <pre>{@code
 * try (var cluster = InProcessCluster.of(config)) {
 *   cluster.startAll().advance(Duration.ofSeconds(5));
 *   assertThat(cluster.runningOn("ClusterVIP")).containsExactly("node1");
 *   cluster.crash("node1").advance(Duration.ofSeconds(10));
 *   assertThat(cluster.runningOn("ClusterVIP")).containsExactly("node2");
 *   assertThat(cluster.journal().overlaps()).isEmpty();
 * }
 * }</pre>
 *
 * Not thread-safe: drive it from the test thread.
 */
public final class InProcessCluster implements AutoCloseable {

  private final ManualClock clock;
  private final MemoryEnsemble ensemble;
  private final ClusterConfig config;
  private final Timing timing;
  private final Journal journal = new Journal();
  private final Map<String, RecordingAgent> agents = new LinkedHashMap<>();
  private final Map<String, Ha4jNode> nodes = new LinkedHashMap<>();
  private final Map<String, Coordinator> coordinators = new LinkedHashMap<>();
  private final Map<String, List<Ha4jEvent>> events = new LinkedHashMap<>();
  private final Map<String, ResourceAgent> extraAgents;
  private final List<FencingAgent> fencingAgents;
  private final Set<String> halted = new LinkedHashSet<>();
  private final Duration operationTime;
  private final Map<String, Duration> nodeOperationTimes = new LinkedHashMap<>();
  private final Map<String, Integer> incarnations = new LinkedHashMap<>();
  private final Set<String> hanging = new LinkedHashSet<>();
  private final java.util.function.BiFunction<String, Coordinator, Coordinator> decorator;
  private boolean inlineOperations;

  private InProcessCluster(ClusterConfig config, Timing timing, Map<String, ResourceAgent> extraAgents,
      List<FencingAgent> fencingAgents, Duration operationTime,
      java.util.function.BiFunction<String, Coordinator, Coordinator> decorator) {
    this.config = config;
    this.decorator = decorator;
    this.operationTime = operationTime;
    this.timing = timing;
    this.clock = new ManualClock();
    this.ensemble = MemoryEnsemble.create(clock, timing.session());
    this.extraAgents = Map.copyOf(extraAgents);
    this.fencingAgents = List.copyOf(fencingAgents);
    for (Node n : config.nodes()) {
      agents.put(n.name(), new RecordingAgent(n.name(), journal));
    }
  }

  /** A cluster of the configuration's nodes with {@link Timing#DEFAULT}. */
  public static InProcessCluster of(ClusterConfig config) {
    return builder(config).build();
  }

  /** A builder for more options. */
  public static Builder builder(ClusterConfig config) {
    return new Builder(config);
  }

  /** Options of an {@link InProcessCluster}. */
  public static final class Builder {
    private final ClusterConfig config;
    private Timing timing = Timing.DEFAULT;
    private final Map<String, ResourceAgent> agents = new LinkedHashMap<>();
    private final List<FencingAgent> fencingAgents = new ArrayList<>();
    private Duration operationTime = Duration.ZERO;
    private java.util.function.BiFunction<String, Coordinator, Coordinator> decorator = (node, c) -> c;

    private Builder(ClusterConfig config) {
      this.config = config;
    }

    /** The timing every node and the ensemble use. */
    public Builder timing(Timing timing) {
      this.timing = timing;
      return this;
    }

    /** An extra agent registered on every node. */
    public Builder agent(String type, ResourceAgent agent) {
      agents.put(type, agent);
      return this;
    }

    /** A fencing agent registered on every node. */
    public Builder fencingAgent(FencingAgent agent) {
      fencingAgents.add(agent);
      return this;
    }

    /**
     * How long every agent operation takes in virtual time (default zero: operations complete at
     * once). A clean stop of a node always runs its stops at once.
     */
    public Builder operationTime(Duration operationTime) {
      this.operationTime = operationTime;
      return this;
    }

    /**
     * Wraps the coordinator each node gets (called with the node's name at every start), e.g. to
     * inject a fault or a concurrent write at an exact point of the runtime's protocol. Default: none.
     */
    public Builder coordinatorDecorator(java.util.function.BiFunction<String, Coordinator, Coordinator> decorator) {
      this.decorator = java.util.Objects.requireNonNull(decorator, "decorator");
      return this;
    }

    /** The cluster (no node started yet). */
    public InProcessCluster build() {
      return new InProcessCluster(config, timing, agents, fencingAgents, operationTime, decorator);
    }
  }

  // ---------------------------------------------------------------- driving

  /** Starts every configured node. */
  public InProcessCluster startAll() {
    for (Node n : config.nodes()) {
      if (!nodes.containsKey(n.name())) {
        start(n.name());
      }
    }
    return this;
  }

  /** Starts (or restarts) a node: a new coordinator session and a new runtime. */
  public InProcessCluster start(String name) {
    if (nodes.containsKey(name)) {
      throw new IllegalStateException(name + " is running");
    }
    RecordingAgent agent = agents.get(name);
    if (agent == null) {
      throw new IllegalArgumentException("no such node: " + name);
    }
    halted.remove(name);
    List<Ha4jEvent> log = events.computeIfAbsent(name, k -> new ArrayList<>());
    Ha4j.Builder b = Ha4j.builder()
        .nodeId(name)
        .coordinator(c -> {
          Coordinator coordinator = ensemble.connect(name);
          coordinators.put(name, coordinator);
          return decorator.apply(name, coordinator);
        })
        .configuration(config)
        .agent(RecordingAgent.TYPE, agent)
        .discoverAgents(false)
        .clock(clock)
        .scheduler(clock)
        .agentExecutor(op -> runOperation(name, op))
        .eventExecutor(clock::execute)
        .timing(timing)
        .listener(log::add)
        .halt(reason -> halt(name));
    extraAgents.forEach(b::agent);
    fencingAgents.forEach(b::fencingAgent);
    Ha4jNode node = b.build();
    nodes.put(name, node);
    node.start();
    return this;
  }

  private void runOperation(String node, Runnable op) {
    Duration time = nodeOperationTimes.getOrDefault(node, operationTime);
    if (inlineOperations) {
      op.run();
    } else if (hanging.contains(node)) {
      // never returns: the runtime times it out and interrupts it; the agent honours that and does nothing
    } else if (time.isZero()) {
      op.run();
    } else {
      // an operation of a node that was killed or stopped meanwhile never completes (its process is gone)
      int incarnation = incarnations.getOrDefault(node, 0);
      clock.schedule(() -> {
        if (incarnations.getOrDefault(node, 0) == incarnation) {
          op.run();
        }
      }, time);
    }
  }

  /**
   * A hanging agent: while on, every agent operation this node begins never returns (the runtime
   * times it out; the operation is abandoned without effect, as an agent that honours the
   * interruption or a killed agent process). A clean {@link #stop} still runs its stops.
   */
  public InProcessCluster hangAgent(String node, boolean hang) {
    agent(node);
    if (hang) {
      hanging.add(node);
    } else {
      hanging.remove(node);
    }
    return this;
  }

  /**
   * From now on, every agent operation on this node takes {@code time} in virtual time (a slow agent; keep it
   * below the operation's timeout, or use {@link #hangAgent}). Operations
   * already under way keep their time. {@code null} returns to the cluster's {@link
   * Builder#operationTime}.
   */
  public InProcessCluster operationTime(String node, Duration time) {
    agent(node);
    if (time == null) {
      nodeOperationTimes.remove(node);
    } else {
      nodeOperationTimes.put(node, time);
    }
    return this;
  }

  /** Stops a node cleanly: it stops its resources, then leaves. */
  public InProcessCluster stop(String name) {
    Ha4jNode node = requireRunning(name);
    inlineOperations = true;
    try {
      node.close();
    } finally {
      inlineOperations = false;
    }
    nodes.remove(name);
    coordinators.remove(name);
    incarnations.merge(name, 1, Integer::sum);
    return this;
  }

  /** Kills a node as with {@code kill -9}: its resources die with it; its session expires after the lease. */
  public InProcessCluster crash(String name) {
    Ha4jNode node = requireRunning(name);
    kill(name, node);
    return this;
  }

  private void kill(String name, Ha4jNode node) {
    ((io.ha4j.runtime.NodeRuntime) node).abandon();
    Coordinator c = coordinators.remove(name);
    if (c != null) {
      ensemble.crash(c);
    }
    agents.get(name).died(clock.monotonicNanos());
    nodes.remove(name);
    incarnations.merge(name, 1, Integer::sum);
  }

  private void halt(String name) {
    Ha4jNode node = nodes.get(name);
    halted.add(name);
    if (node != null) {
      clock.execute(() -> {
        if (nodes.get(name) == node) {
          kill(name, node);
        }
      });
    }
  }

  /** Cuts a node off from the quorum (it keeps running and must fence itself). */
  public InProcessCluster partition(String name) {
    ensemble.partition(name);
    return this;
  }

  /** Reconnects a partitioned node. */
  public InProcessCluster heal(String name) {
    ensemble.heal(name);
    return this;
  }

  /** Moves virtual time forward, running everything that falls due. */
  public InProcessCluster advance(Duration d) {
    clock.advance(d);
    return this;
  }

  /** Advances in steps of {@code step} until {@code condition} holds or {@code max} has passed; returns whether it held. */
  public boolean advanceUntil(java.util.function.BooleanSupplier condition, Duration step, Duration max) {
    long steps = Math.max(1, max.toNanos() / step.toNanos());
    for (long i = 0; i < steps; i++) {
      if (condition.getAsBoolean()) {
        return true;
      }
      clock.advance(step);
    }
    return condition.getAsBoolean();
  }

  /** Runs an admin operation (or anything) on a running node. */
  public InProcessCluster on(String name, Consumer<Ha4jNode> action) {
    action.accept(requireRunning(name));
    clock.runPending();
    return this;
  }

  // ---------------------------------------------------------------- observing

  /** The virtual clock. */
  public ManualClock clock() {
    return clock;
  }

  /** The in-memory ensemble. */
  public MemoryEnsemble ensemble() {
    return ensemble;
  }

  /** The timing in use. */
  public Timing timing() {
    return timing;
  }

  /** A running node. */
  public Ha4jNode node(String name) {
    return requireRunning(name);
  }

  /** Whether the node runs (not stopped, crashed or halted). */
  public boolean isRunning(String name) {
    return nodes.containsKey(name);
  }

  /** A node's recording agent. */
  public RecordingAgent agent(String name) {
    RecordingAgent a = agents.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no such node: " + name);
    }
    return a;
  }

  /** Every start, stop and death so far. */
  public Journal journal() {
    return journal;
  }

  /** The nodes where the resource runs now, judged by the agents themselves, sorted. */
  public Set<String> runningOn(String resource) {
    Set<String> out = new TreeSet<>();
    agents.forEach((n, a) -> {
      if (a.isRunning(resource)) {
        out.add(n);
      }
    });
    return out;
  }

  /** The controller's node, as any running node sees it. */
  public Optional<String> leader() {
    for (Ha4jNode n : nodes.values()) {
      if (n.isLeader()) {
        return Optional.of(n.nodeId());
      }
    }
    return Optional.empty();
  }

  /** The events a node delivered to its listener so far (across restarts). */
  public List<Ha4jEvent> events(String name) {
    return List.copyOf(events.getOrDefault(name, List.of()));
  }

  /** The nodes that halted themselves (self-fencing could not stop everything). */
  public Set<String> halted() {
    return Set.copyOf(halted);
  }

  private Ha4jNode requireRunning(String name) {
    Ha4jNode n = nodes.get(name);
    if (n == null) {
      throw new IllegalStateException(name + " is not running");
    }
    return n;
  }

  /** Stops every running node cleanly. */
  @Override
  public void close() {
    for (String name : new ArrayList<>(nodes.keySet())) {
      try {
        stop(name);
      } catch (RuntimeException e) {
        // best effort
      }
    }
  }
}
