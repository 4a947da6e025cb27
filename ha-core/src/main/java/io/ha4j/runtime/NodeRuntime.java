package io.ha4j.runtime;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterStatus;
import io.ha4j.Explanation;
import io.ha4j.Ha4jConfigException;
import io.ha4j.Ha4jEvent;
import io.ha4j.Ha4jListener;
import io.ha4j.Ha4jNode;
import io.ha4j.Halt;
import io.ha4j.Primitive;
import io.ha4j.Timing;
import io.ha4j.spi.Coordinator;
import io.ha4j.spi.CoordinatorException;
import io.ha4j.spi.CoordinatorListener;
import io.ha4j.spi.ExternalResourceGuard;
import io.ha4j.spi.FencingAgent;
import io.ha4j.spi.Ha4jClock;
import io.ha4j.spi.Leadership;
import io.ha4j.spi.Member;
import io.ha4j.spi.ResourceAgent;
import io.ha4j.spi.Versioned;
import io.ha4j.spi.Watch;
import io.ha4j.spi.support.TaskScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link Ha4jNode}: wires the executor, the controller, the monitor loop and the
 * lease watchdog of one node. Made by {@link io.ha4j.Ha4j.Builder#build()}; not meant to be
 * constructed directly.
 */
public final class NodeRuntime implements Ha4jNode {
  private static final Logger log = LoggerFactory.getLogger(NodeRuntime.class);

  /** Everything a node is made of; validated by the builder. */
  public record Parts(
      String nodeId,
      Coordinator coordinator,
      boolean ownsCoordinator,
      ClusterConfig initialConfig,
      boolean replaceConfig,
      Map<String, ResourceAgent> agents,
      List<FencingAgent> fencingAgents,
      List<Ha4jListener> listeners,
      Ha4jClock clock,
      TaskScheduler engine,
      TaskScheduler watchdog,
      Executor agentExecutor,
      Executor eventExecutor,
      List<AutoCloseable> ownedResources,
      Timing timing,
      Halt halt,
      ExternalResourceGuard guard) {}

  final String nodeId;
  final Coordinator coordinator;
  final Ha4jClock clock;
  final TaskScheduler engine;
  final TaskScheduler watchdogScheduler;
  final AgentRunner runner;
  final EventBus events;
  final Timing timing;
  final Halt halt;
  final ExternalResourceGuard guard;
  final Map<String, ResourceAgent> agents;
  final List<FencingAgent> fencingAgents;
  final LocalResources local = new LocalResources();
  final Admin admin;
  final NodeExecutor executor;
  final Controller controller;
  final LeaseWatchdog watchdog;
  private final Parts parts;
  private final List<Watch> watches = new ArrayList<>();
  private final CoordinatorListener coordinatorListener;
  private volatile ClusterConfig config;
  private volatile long configStoreVersion;
  private volatile boolean started;
  private volatile boolean closed;
  private TaskScheduler.Cancellable ticker;

  /** Used by the builder. */
  public NodeRuntime(Parts parts) {
    this.parts = parts;
    this.nodeId = parts.nodeId();
    this.coordinator = parts.coordinator();
    this.clock = parts.clock();
    this.engine = parts.engine();
    this.watchdogScheduler = parts.watchdog();
    this.runner = new AgentRunner(parts.agentExecutor());
    this.events = new EventBus(parts.eventExecutor());
    parts.listeners().forEach(events::add);
    this.timing = parts.timing();
    this.halt = parts.halt();
    this.guard = parts.guard();
    this.agents = Map.copyOf(parts.agents());
    this.fencingAgents = List.copyOf(parts.fencingAgents());
    this.config = parts.initialConfig();
    this.admin = new Admin(coordinator, this::now);
    this.executor = new NodeExecutor(this);
    this.controller = new Controller(this);
    this.watchdog = new LeaseWatchdog(this);
    this.coordinatorListener = new CoordinatorListener() {
      @Override
      public void leadershipGained(Leadership l) {
        engine.execute(controller::checkLeadership);
      }

      @Override
      public void leadershipLost(Leadership l) {
        engine.execute(controller::checkLeadership);
      }

      @Override
      public void memberJoined(Member m) {
        if (!m.witness()) {
          events.publish(new Ha4jEvent.NodeJoined(m.nodeId(), coordinator.epoch(), clock.wallTime()));
        }
        engine.execute(controller::requestRun);
      }

      @Override
      public void memberLost(Member m) {
        if (!m.witness()) {
          events.publish(new Ha4jEvent.NodeLost(m.nodeId(), coordinator.epoch(), clock.wallTime()));
        }
        engine.execute(controller::requestRun);
      }
    };
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  public synchronized void start() {
    if (started || closed) {
      return;
    }
    started = true;
    log.info("{}: starting with {}", nodeId, timing);
    coordinator.addListener(coordinatorListener);
    watches.add(coordinator.watch(Keys.CONFIG, e -> engine.execute(() -> onConfigEvent(e.value()))));
    watches.add(coordinator.watch(Keys.TRANSITION, e -> engine.execute(() -> executor.onTransition(e.value()))));
    watches.add(coordinator.watch(Keys.RESULT, e -> engine.execute(() -> {
      executor.onResult(e.key(), e.value());
      controller.requestRun();
    })));
    watches.add(coordinator.watch(Keys.STATE, e -> engine.execute(controller::requestRun)));
    watches.add(coordinator.watch(Keys.FAILCOUNT, e -> engine.execute(controller::requestRun)));
    watches.add(coordinator.watch(Keys.REPROBE, e -> engine.execute(() -> executor.onReprobe(e.key(), e.value()))));
    watches.add(coordinator.watch(Keys.fence(nodeId), e -> engine.execute(() -> executor.onFenceRequest(e.value()))));
    ticker = engine.scheduleWithFixedDelay(this::tick, Duration.ZERO, timing.session().heartbeat());
    watchdog.start();
  }

  private void tick() {
    if (closed) {
      return;
    }
    if (config == null || configStoreVersion == 0) {
      loadConfig();
    }
    executor.tick();
    controller.checkLeadership();
  }

  /** Writes the initial configuration if the store has none (or replaces it when asked), then reads it. */
  private void loadConfig() {
    try {
      Optional<Versioned> stored = coordinator.get(Keys.CONFIG);
      ClusterConfig initial = parts.initialConfig();
      if (initial != null && (stored.isEmpty() || parts.replaceConfig() && configStoreVersion == 0)) {
        long expected = stored.map(Versioned::version).orElse(0L);
        ClusterConfig toWrite = stored.isEmpty() ? initial
            : withVersion(initial, ConfigCodec.read(Json.parse(stored.get().value())).version() + 1);
        Optional<Versioned> w = coordinator.compareAndSet(Keys.CONFIG, expected, Json.bytes(ConfigCodec.write(toWrite)));
        if (w.isPresent()) {
          log.info("{}: stored the initial configuration (version {})", nodeId, toWrite.version());
          stored = w;
        } else {
          stored = coordinator.get(Keys.CONFIG);
        }
      }
      stored.ifPresent(v -> onConfigEvent(Optional.of(v)));
    } catch (CoordinatorException e) {
      log.debug("{}: cannot read the configuration yet: {}", nodeId, e.getMessage());
    }
  }

  static ClusterConfig withVersion(ClusterConfig c, long version) {
    return new ClusterConfig(version, c.nodes(), c.resources(), c.constraints(), c.resourceDefaults(), c.properties());
  }

  private void onConfigEvent(Optional<Versioned> value) {
    if (value.isEmpty()) {
      return;
    }
    Versioned v = value.get();
    if (v.version() <= configStoreVersion) {
      return;
    }
    try {
      ClusterConfig c = ConfigCodec.read(Json.parse(v.value()));
      config = c;
      configStoreVersion = v.version();
      executor.onConfig(c);
      controller.requestRun();
    } catch (RuntimeException e) {
      log.error("{}: cannot read the stored configuration (store version {})", nodeId, v.version(), e);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    log.info("{}: leaving the cluster", nodeId);
    if (ticker != null) {
      ticker.cancel();
    }
    try {
      // the controller treats a leaving node as standby: nothing is placed here any more
      coordinator.put(Keys.shutdown(nodeId), new Stored.Request(mySession(), coordinator.epoch(), "shutdown").toJson());
    } catch (RuntimeException e) {
      log.debug("{}: cannot announce the shutdown: {}", nodeId, e.getMessage());
    }
    watches.forEach(Watch::close);
    coordinator.removeListener(coordinatorListener);
    watchdog.close();
    controller.close();
    try {
      if (coordinator.isLeader()) {
        coordinator.resign();
      }
    } catch (RuntimeException e) {
      log.debug("{}: resign failed: {}", nodeId, e.getMessage());
    }
    executor.stopAllForShutdown();
    guard.release();
    if (parts.ownsCoordinator()) {
      coordinator.close();
    }
    for (AutoCloseable c : parts.ownedResources()) {
      try {
        c.close();
      } catch (Exception e) {
        log.debug("close failed", e);
      }
    }
  }

  /** Stops everything without running any agent, as if the process died (for the test kit's crash). */
  public void abandon() {
    closed = true;
    if (ticker != null) {
      ticker.cancel();
    }
    watches.forEach(Watch::close);
    coordinator.removeListener(coordinatorListener);
    watchdog.close();
    controller.close();
    executor.abandon();
    local.cancelMonitors();
  }

  Executor agentExecutorForShutdown() {
    return parts.agentExecutor();
  }

  boolean closed() {
    return closed;
  }

  // ---------------------------------------------------------------- shared helpers

  ClusterConfig currentConfig() {
    return config;
  }

  Optional<Primitive> primitive(String id) {
    ClusterConfig c = config;
    if (c == null) {
      return Optional.empty();
    }
    return c.primitives().stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /**
   * This node's own confirmed session id, or 0. From the coordinator, not from its member list: a
   * restarted Raft peer replaying its log lists its previous process's session there.
   */
  long mySession() {
    return coordinator.sessionId().orElse(0);
  }

  Instant now() {
    return clock.wallTime();
  }

  // ---------------------------------------------------------------- Ha4jNode

  @Override
  public String nodeId() {
    return nodeId;
  }

  @Override
  public Timing timing() {
    return timing;
  }

  @Override
  public boolean isLeader() {
    return coordinator.isLeader();
  }

  @Override
  public Optional<String> currentLeader() {
    return coordinator.currentLeader().map(Leadership::nodeId);
  }

  @Override
  public long epoch() {
    return coordinator.epoch();
  }

  @Override
  public ClusterConfig config() {
    ClusterConfig c = config;
    if (c == null) {
      throw new IllegalStateException("no configuration read from the store yet");
    }
    return c;
  }

  @Override
  public ClusterStatus status() {
    return StatusView.status(coordinator, now());
  }

  @Override
  public Explanation explain(String resource) {
    return StatusView.explain(coordinator, now(), resource);
  }

  @Override
  public void addListener(Ha4jListener listener) {
    events.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public ClusterConfig updateConfig(UnaryOperator<ClusterConfig> change) {
    return admin.update(change);
  }

  @Override
  public void move(String resource, String node, Duration lifetime) {
    admin.move(resource, node, lifetime);
  }

  @Override
  public void ban(String resource, String node, Duration lifetime) {
    admin.ban(resource, node, lifetime);
  }

  @Override
  public void clear(String resource) {
    admin.clear(resource);
  }

  @Override
  public void standby(String node, boolean standby) {
    admin.nodeFlags(node, standby, null);
  }

  @Override
  public void nodeMaintenance(String node, boolean maintenance) {
    admin.nodeFlags(node, null, maintenance);
  }

  @Override
  public void maintenance(boolean maintenance) {
    admin.update(c -> c.toBuilder().properties(c.properties().withMaintenanceMode(maintenance)).build());
  }

  @Override
  public void enable(String resource) {
    admin.targetRole(resource, io.ha4j.TargetRole.STARTED);
  }

  @Override
  public void disable(String resource) {
    admin.targetRole(resource, io.ha4j.TargetRole.STOPPED);
  }

  @Override
  public void manage(String resource) {
    admin.managed(resource, true);
  }

  @Override
  public void unmanage(String resource) {
    admin.managed(resource, false);
  }

  @Override
  public void cleanup(String resource) {
    admin.cleanup(resource);
  }

  @Override
  public String toString() {
    return "Ha4jNode[" + nodeId + ", " + timing + "]";
  }

  static void requireValid(ClusterConfig c) {
    var v = c.validate();
    if (!v.isEmpty()) {
      throw new Ha4jConfigException(v);
    }
  }
}
