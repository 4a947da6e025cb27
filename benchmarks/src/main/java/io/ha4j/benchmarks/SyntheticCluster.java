package io.ha4j.benchmarks;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterState;
import io.ha4j.Colocation;
import io.ha4j.FailCount;
import io.ha4j.Group;
import io.ha4j.Location;
import io.ha4j.NodeState;
import io.ha4j.NodeStatus;
import io.ha4j.Order;
import io.ha4j.Primitive;
import io.ha4j.Resource;
import io.ha4j.ResourceMeta;
import io.ha4j.ResourceNodeState;
import io.ha4j.Score;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A synthetic cluster for benchmarks: {@code resources} {@code ocf:heartbeat:Dummy} primitives on
 * {@code nodes} nodes, plus one fencing device, the same for the same seed.
 *
 * <p>The shape, chosen so that one schedule does real work without absurd constraint density:
 *
 * <ul>
 *   <li>about 20 % of the primitives are members of groups of 2 or 3, the rest stand alone;
 *   <li>about 10 % of the top-level resources have a location constraint, most of them a finite
 *       preference (50 to 500), some a {@code -INFINITY} ban;
 *   <li>about 4 % are colocated with the top-level resource before them (mostly {@code +INFINITY},
 *       some finite, some {@code -INFINITY}), about 4 % ordered after it (mandatory, symmetrical);
 *   <li>{@code resource-stickiness} 100 and {@code migration-threshold} 3 as resource defaults, a
 *       {@code failure-timeout} of 10 minutes on about 5 % of the primitives;
 *   <li>stonith enabled, with a {@code stonith:fence_dummy} device, so a lost node is fenced;
 *   <li>the state: the last node is {@linkplain NodeStatus#UNCLEAN unclean} (its resources are
 *       recovered elsewhere after fencing), with four or more nodes the one before it is in
 *       standby (its resources move); about 93 % of the rest run, spread round-robin over the
 *       other nodes, a colocated dependent where its primary runs; about 2 % failed with a fail
 *       count of 1 to 3 (3 reaches the threshold and moves the resource), some of those failures
 *       older than their failure-timeout; the others were never started.
 * </ul>
 *
 * <p>Names sort in creation order: {@code node007}, {@code rsc00042}, {@code grp00040}. Every
 * primitive has a 10 s monitor with a 20 s timeout and no parameters, so Pacemaker's operation
 * digests are constants and a CIB written from this cluster is replayed by {@code crm_simulate}
 * without "resource definition change" restarts.
 *
 * @param config the configuration (valid)
 * @param state the observed state
 * @param now the time to schedule at (failure timeouts are judged against it)
 */
public record SyntheticCluster(ClusterConfig config, ClusterState state, Instant now) {

  /** The "now" of every synthetic cluster: fixed, so a CIB's {@code execution-date} is too. */
  public static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  /** The id of the fencing device. */
  public static final String FENCING_DEVICE = "fencing";

  /** The seed used when none is given. */
  public static final long DEFAULT_SEED = 42;

  private static final String AGENT = "ocf:heartbeat:Dummy";
  private static final Duration MONITOR_INTERVAL = Duration.ofSeconds(10);
  private static final Duration MONITOR_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration FAILURE_TIMEOUT = Duration.ofMinutes(10);
  private static final int STICKINESS = 100;
  private static final int MIGRATION_THRESHOLD = 3;

  /**
   * A benchmark size, written {@code RESOURCESxNODES} (e.g. {@code 1000x32}).
   *
   * @param resources number of Dummy primitives (the fencing device not counted), at least 1
   * @param nodes number of nodes, at least 2
   */
  public record Size(int resources, int nodes) {

    private static final Pattern FORMAT = Pattern.compile("(\\d+)x(\\d+)");

    /** Checks the bounds. */
    public Size {
      if (resources < 1) {
        throw new IllegalArgumentException("resources must be >= 1, got " + resources);
      }
      if (nodes < 2) {
        throw new IllegalArgumentException("nodes must be >= 2, got " + nodes);
      }
    }

    /**
     * Parses {@code RESOURCESxNODES}.
     *
     * @throws IllegalArgumentException if {@code text} is not of that form
     */
    public static Size parse(String text) {
      Matcher m = FORMAT.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new IllegalArgumentException("size must be RESOURCESxNODES (e.g. 1000x32), got '" + text + "'");
      }
      try {
        return new Size(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("size out of range: '" + text + "'", e);
      }
    }

    @Override
    public String toString() {
      return resources + "x" + nodes;
    }
  }

  /** The cluster of {@code size} ({@code RESOURCESxNODES}) for {@code seed}. */
  public static SyntheticCluster generate(String size, long seed) {
    return generate(Size.parse(size), seed);
  }

  /** The cluster of {@code size} for {@code seed}. */
  public static SyntheticCluster generate(Size size, long seed) {
    return new Generator(size, seed).generate();
  }

  /** One top-level resource being generated and its primitives (itself, or a group's members). */
  private record Top(Resource resource, List<Primitive> primitives) {}

  /** One generation; not thread-safe. */
  private static final class Generator {
    private final Size size;
    private final Random random;
    private final List<String> nodes = new ArrayList<>();
    /** Nodes that run resources in the state: all but the standby and the unclean one. */
    private final List<String> runNodes = new ArrayList<>();
    private final String uncleanNode;
    private final String standbyNode;
    private final String resourceFormat;

    Generator(Size size, long seed) {
      this.size = size;
      this.random = new Random(seed);
      String nodeFormat = "node%0" + Math.max(3, digits(size.nodes())) + "d";
      for (int i = 1; i <= size.nodes(); i++) {
        nodes.add(String.format(Locale.ROOT, nodeFormat, i));
      }
      this.resourceFormat = "%s%0" + Math.max(5, digits(size.resources())) + "d";
      this.uncleanNode = nodes.get(nodes.size() - 1);
      this.standbyNode = size.nodes() >= 4 ? nodes.get(nodes.size() - 2) : null;
      for (String n : nodes) {
        if (!n.equals(uncleanNode) && !n.equals(standbyNode)) {
          runNodes.add(n);
        }
      }
    }

    private static int digits(int n) {
      return Integer.toString(n).length();
    }

    SyntheticCluster generate() {
      ClusterConfig.Builder config = ClusterConfig.pacemakerBuilder()
          .version(1)
          .resourceDefaults(ResourceMeta.EMPTY.withStickiness(STICKINESS).withMigrationThreshold(MIGRATION_THRESHOLD));
      ClusterState.Builder state = ClusterState.builder();
      nodes.forEach(config::nodes);
      for (String n : nodes) {
        if (n.equals(uncleanNode)) {
          state.node(NodeState.of(n, NodeStatus.UNCLEAN));
        } else if (n.equals(standbyNode)) {
          state.node(new NodeState(n, NodeStatus.ONLINE, true, false));
        } else {
          state.online(n);
        }
      }

      config.resource(Primitive.builder(FENCING_DEVICE, "stonith:fence_dummy")
          .monitor(MONITOR_INTERVAL, MONITOR_TIMEOUT)
          .build());
      state.running(FENCING_DEVICE, nodes.get(0));

      List<Top> tops = resources();
      // where each top-level resource runs in the state (null: not running)
      String[] runsOn = new String[tops.size()];
      int roundRobin = 0;
      for (int i = 0; i < tops.size(); i++) {
        Top top = tops.get(i);
        config.resource(top.resource());
        String topId = top.resource().id();
        String previous = i > 0 ? tops.get(i - 1).resource().id() : null;

        // constraints on this resource
        String bannedFrom = null;
        if (random.nextInt(100) < 10) {
          String node = nodes.get(random.nextInt(nodes.size()));
          if (random.nextInt(100) < 70) {
            int score = 50 + 50 * random.nextInt(10);
            config.constraint(Location.of("loc-" + topId + "-" + node, topId, node, score));
          } else {
            config.constraint(Location.of("ban-" + topId + "-" + node, topId, node, -Score.INFINITY));
            bannedFrom = node;
          }
        }
        String colocatedWith = null;
        boolean antiColocated = false;
        if (previous != null && random.nextInt(100) < 4) {
          int kind = random.nextInt(10);
          int score = kind < 6 ? Score.INFINITY : kind < 8 ? 500 : -Score.INFINITY;
          config.constraint(new Colocation("col-" + topId + "-" + previous, topId, previous, score));
          colocatedWith = score > 0 ? runsOn[i - 1] : null;
          antiColocated = score < 0;
        }
        if (previous != null && random.nextInt(100) < 4) {
          config.constraint(Order.of("ord-" + previous + "-" + topId, previous, topId));
        }

        // where it runs now
        String node = null;
        int story = random.nextInt(100);
        if (story < 95) {
          if (colocatedWith != null) {
            node = colocatedWith;
          } else {
            node = runNodes.get(roundRobin++ % runNodes.size());
            if (node.equals(bannedFrom) || (antiColocated && node.equals(runsOn[i - 1]))) {
              node = runNodes.get(roundRobin++ % runNodes.size());
            }
          }
          // a share of the lost node's and the standby node's load, so that both cause moves
          if (colocatedWith == null && random.nextInt(runNodes.size() + 2) < 2) {
            node = standbyNode != null && random.nextBoolean() ? standbyNode : uncleanNode;
          }
        }
        runsOn[i] = node;
        if (node == null) {
          continue; // never started: the schedule starts it
        }
        List<Primitive> members = top.primitives();
        // in a group, the last member may be stopped (it will be started)
        int running = members.size() > 1 && random.nextInt(100) < 5 ? members.size() - 1 : members.size();
        for (int m = 0; m < running; m++) {
          Primitive p = members.get(m);
          if (random.nextInt(100) < 2 && !node.equals(uncleanNode)) {
            failed(state, p, node);
          } else {
            state.running(p.id(), node);
          }
        }
      }
      return new SyntheticCluster(config.build(), state.build(), NOW);
    }

    /** A failed monitor with a fail count of 1 to 3, sometimes older than the failure-timeout. */
    private void failed(ClusterState.Builder state, Primitive p, String node) {
      boolean hasTimeout = p.meta().failureTimeout() != null;
      Duration age = hasTimeout && random.nextBoolean()
          ? FAILURE_TIMEOUT.plusMinutes(1 + random.nextInt(60))
          : Duration.ofSeconds(30 + random.nextInt(300));
      Instant at = NOW.minus(age);
      state.resource(ResourceNodeState.failed(p.id(), node, at));
      state.failCount(new FailCount(p.id(), node, 1 + random.nextInt(MIGRATION_THRESHOLD), at));
    }

    /** The top-level resources: primitives, and groups of 2 or 3 holding about 20 % of them. */
    private List<Top> resources() {
      List<Top> tops = new ArrayList<>();
      int made = 0;
      while (made < size.resources()) {
        int left = size.resources() - made;
        if (left >= 2 && random.nextInt(1000) < 90) {
          int n = Math.min(left, 2 + random.nextInt(2));
          List<Primitive> members = new ArrayList<>();
          for (int m = 0; m < n; m++) {
            members.add(primitive(++made));
          }
          String id = String.format(Locale.ROOT, resourceFormat, "grp", made - n + 1);
          tops.add(new Top(new Group(id, members, ResourceMeta.EMPTY), members));
        } else {
          Primitive p = primitive(++made);
          tops.add(new Top(p, List.of(p)));
        }
      }
      return tops;
    }

    private Primitive primitive(int index) {
      Primitive.Builder b = Primitive.builder(String.format(Locale.ROOT, resourceFormat, "rsc", index), AGENT)
          .monitor(MONITOR_INTERVAL, MONITOR_TIMEOUT);
      if (random.nextInt(100) < 5) {
        b.failureTimeout(FAILURE_TIMEOUT);
      }
      return b.build();
    }
  }
}
