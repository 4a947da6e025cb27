package io.ha4j;

import io.ha4j.runtime.NodeRuntime;
import io.ha4j.spi.Coordinator;
import io.ha4j.spi.ExternalResourceGuard;
import io.ha4j.spi.FencingAgent;
import io.ha4j.spi.Ha4jClock;
import io.ha4j.spi.ResourceAgent;
import io.ha4j.spi.ResourceAgentProvider;
import io.ha4j.spi.support.TaskScheduler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The entry point: {@code Ha4j.builder()...build()} makes an {@link Ha4jNode}.
 *
 * <pre>{@code
 * Ha4jNode node = Ha4j.builder()
 *     .nodeId("node1")
 *     .coordinator(clock -> RaftCoordinator.start(raftConfig))
 *     .configuration(config)              // written to the store only if it holds none
 *     .agent("ha4j:vip", vipAgent)         // explicit agents beat ServiceLoader
 *     .timing(Timing.DEFAULT)
 *     .build();                            // validates everything, or throws Ha4jConfigException
 * node.start();
 * }</pre>
 */
public final class Ha4j {
  private Ha4j() {}

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds an {@link Ha4jNode}. Each setting may be set once (a second call fails with the old value
   * in the message); {@link #build()} checks everything together and lists every problem. Not
   * thread-safe.
   */
  public static final class Builder {
    private String nodeId;
    private Coordinator coordinator;
    private Function<Ha4jClock, Coordinator> coordinatorFactory;
    private ClusterConfig configuration;
    private boolean replaceConfiguration;
    private final Map<String, ResourceAgent> agents = new LinkedHashMap<>();
    private final List<String> duplicateAgents = new ArrayList<>();
    private final List<FencingAgent> fencingAgents = new ArrayList<>();
    private final List<Ha4jListener> listeners = new ArrayList<>();
    private Ha4jClock clock;
    private TaskScheduler scheduler;
    private Executor agentExecutor;
    private Executor eventExecutor;
    private Timing timing;
    private Halt halt;
    private ExternalResourceGuard guard;
    private Boolean discoverAgents;

    private Builder() {}

    private static void once(Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set to " + current);
      }
    }

    /** This node's id (required); must be a node of the configuration. */
    public Builder nodeId(String nodeId) {
      once(this.nodeId, "nodeId");
      this.nodeId = nodeId;
      return this;
    }

    /** The coordinator to use; the caller keeps ownership (the node does not close it). */
    public Builder coordinator(Coordinator coordinator) {
      once(this.coordinator != null ? this.coordinator : coordinatorFactory, "coordinator");
      this.coordinator = coordinator;
      return this;
    }

    /** Makes the coordinator at build time, given the node's clock; the node closes it on close. */
    public Builder coordinator(Function<Ha4jClock, Coordinator> factory) {
      once(this.coordinator != null ? this.coordinator : coordinatorFactory, "coordinator");
      this.coordinatorFactory = factory;
      return this;
    }

    /** The initial configuration: written to the store only if it holds none. */
    public Builder configuration(ClusterConfig configuration) {
      once(this.configuration, "configuration");
      this.configuration = configuration;
      return this;
    }

    /** Replace the stored configuration with the given one on start (a new version). */
    public Builder replaceStoredConfiguration(boolean replace) {
      this.replaceConfiguration = replace;
      return this;
    }

    /** Registers an agent for a type; beats ServiceLoader; a second agent for the same type fails build(). */
    public Builder agent(String type, ResourceAgent agent) {
      if (agents.putIfAbsent(type, agent) != null) {
        duplicateAgents.add(type);
      }
      return this;
    }

    /** Whether to discover agents with {@link ServiceLoader} (default true). */
    public Builder discoverAgents(boolean discover) {
      once(discoverAgents, "discoverAgents");
      this.discoverAgents = discover;
      return this;
    }

    /** Adds a fencing agent (tried in order; the first that can fence a node does). */
    public Builder fencingAgent(FencingAgent agent) {
      fencingAgents.add(agent);
      return this;
    }

    /** Adds a listener. */
    public Builder listener(Ha4jListener listener) {
      listeners.add(listener);
      return this;
    }

    /** The clock (default {@link Ha4jClock#system()}). */
    public Builder clock(Ha4jClock clock) {
      once(this.clock, "clock");
      this.clock = clock;
      return this;
    }

    /**
     * Where the engine and the lease watchdog run (default: one thread each). Tests pass a {@code
     * ManualClock} to run on virtual time.
     */
    public Builder scheduler(TaskScheduler scheduler) {
      once(this.scheduler, "scheduler");
      this.scheduler = scheduler;
      return this;
    }

    /** Where agent operations run (default: a cached pool of daemon threads). */
    public Builder agentExecutor(Executor executor) {
      once(this.agentExecutor, "agentExecutor");
      this.agentExecutor = executor;
      return this;
    }

    /** Where listeners are called; must run tasks one at a time in order (default: one daemon thread). */
    public Builder eventExecutor(Executor executor) {
      once(this.eventExecutor, "eventExecutor");
      this.eventExecutor = executor;
      return this;
    }

    /** The timing preset (default {@link Timing#DEFAULT}). */
    public Builder timing(Timing timing) {
      once(this.timing, "timing");
      this.timing = timing;
      return this;
    }

    /** What to do when self-fencing cannot stop resources in time (default {@link Halt#jvm()}). */
    public Builder halt(Halt halt) {
      once(this.halt, "halt");
      this.halt = halt;
      return this;
    }

    /** The external guard hook (default {@link ExternalResourceGuard#NONE}). */
    public Builder guard(ExternalResourceGuard guard) {
      once(this.guard, "guard");
      this.guard = guard;
      return this;
    }

    /**
     * Checks everything and makes the node (not started).
     *
     * @throws Ha4jConfigException listing every problem
     */
    public Ha4jNode build() {
      List<ConfigViolation> problems = new ArrayList<>();
      Timing t = timing == null ? Timing.DEFAULT : timing;
      problems.addAll(t.violations());
      if (nodeId == null || nodeId.isBlank()) {
        problems.add(new ConfigViolation("nodeId", "required"));
      }
      if (coordinator == null && coordinatorFactory == null) {
        problems.add(new ConfigViolation("coordinator", "required (an instance or a factory)"));
      }
      for (String type : duplicateAgents) {
        problems.add(new ConfigViolation("agents[" + type + "]", "registered twice"));
      }
      Map<String, ResourceAgent> all = new LinkedHashMap<>(agents);
      if (discoverAgents == null || discoverAgents) {
        for (ResourceAgentProvider p : ServiceLoader.load(ResourceAgentProvider.class)) {
          all.putIfAbsent(p.type(), p.agent());
        }
      }
      if (configuration != null) {
        for (ConfigViolation v : configuration.validate()) {
          problems.add(new ConfigViolation("configuration." + v.path(), v.message()));
        }
        if (nodeId != null && configuration.node(nodeId).isEmpty()) {
          problems.add(new ConfigViolation("nodeId", "'" + nodeId + "' is not a node of the configuration"));
        }
        for (Primitive p : configuration.primitives()) {
          if (p.isFencingDevice()) {
            continue;
          }
          String path = "configuration.resources[" + p.id() + "]";
          ResourceAgent a = all.get(p.agent());
          if (a == null) {
            problems.add(new ConfigViolation(path + ".agent", "no agent for type '" + p.agent()
                + "' (registered: " + String.join(", ", all.keySet()) + ")"));
            continue;
          }
          try {
            for (ConfigViolation v : a.validate(p.parameters())) {
              problems.add(new ConfigViolation(path + "." + v.path(), v.message()));
            }
          } catch (RuntimeException e) {
            problems.add(new ConfigViolation(path + ".parameters", "the agent's validate failed: " + e));
          }
        }
      }
      if (!problems.isEmpty()) {
        throw new Ha4jConfigException(problems);
      }
      Ha4jClock c = clock == null ? Ha4jClock.system() : clock;
      List<AutoCloseable> owned = new ArrayList<>();
      TaskScheduler engine = scheduler;
      TaskScheduler watchdog = scheduler;
      if (scheduler == null) {
        var e = new io.ha4j.runtime.SerialSchedulers(nodeId);
        engine = e.engine();
        watchdog = e.watchdog();
        owned.add(e);
      }
      Executor agentsExec = agentExecutor;
      if (agentsExec == null) {
        ExecutorService pool = Executors.newCachedThreadPool(daemon("ha4j-" + nodeId + "-agent"));
        agentsExec = pool;
        owned.add(pool::shutdownNow);
      }
      Executor eventsExec = eventExecutor;
      if (eventsExec == null) {
        ExecutorService single = Executors.newSingleThreadExecutor(daemon("ha4j-" + nodeId + "-events"));
        eventsExec = single;
        owned.add(single::shutdown);
      }
      Coordinator coord = coordinator != null ? coordinator : coordinatorFactory.apply(c);
      return new NodeRuntime(new NodeRuntime.Parts(nodeId, coord, coordinator == null, configuration,
          replaceConfiguration, all, fencingAgents, listeners, c, engine, watchdog, agentsExec, eventsExec, owned, t,
          halt == null ? Halt.jvm() : halt, guard == null ? ExternalResourceGuard.NONE : guard));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
      java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
      return r -> {
        Thread th = new Thread(r, name + "-" + n.incrementAndGet());
        th.setDaemon(true);
        return th;
      };
    }

    @Override
    public String toString() {
      return "Ha4j.Builder[nodeId=" + nodeId + ", timing=" + (timing == null ? Timing.DEFAULT : timing)
          + ", agents=" + agents.keySet() + "]";
    }
  }
}
