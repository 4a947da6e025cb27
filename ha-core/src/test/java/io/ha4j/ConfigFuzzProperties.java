package io.ha4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.scheduler.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Random, often broken, configurations: validation lists problems with paths and never throws;
 * the builder throws nothing but {@link Ha4jConfigException}; a configuration that validates is
 * always schedulable.
 */
class ConfigFuzzProperties {

  private static final String[] NAMES = {"n1", "n2", "web", "vip", "", " ", null, "a b", "-x", "x;rm -rf /",
      "$(id)", "g1", "r1", "r2", "new\nline", "ünï", "node.example.com", "_ok"};
  private static final String[] AGENTS = {"ocf:heartbeat:IPaddr2", "ha4j:vip", "stonith:fence_xvm", "", null,
      "ocf", "ocf::x", "lsb:/etc/init.d/x", "a:b:c:d", "ha4j:process"};
  private static final Duration[] DURATIONS = {null, Duration.ZERO, Duration.ofSeconds(-1), Duration.ofSeconds(10),
      Duration.ofMillis(1), Duration.ofDays(400)};
  private static final int[] SCORES = {0, 1, -1, Score.INFINITY, -Score.INFINITY, Integer.MAX_VALUE, Integer.MIN_VALUE, 250};

  @Property(tries = 10_000, seed = "42")
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void validationNeverThrowsAndEveryProblemHasAPath(@ForAll long seed) {
    Random rnd = new Random(seed);
    ClusterConfig config = rnd.nextBoolean() ? randomConfig(rnd) : slightlyBroken(rnd);

    List<ConfigViolation> violations = config.validate();
    Statistics.collect(violations.isEmpty() ? "valid" : "invalid");
    Statistics.coverage(c -> {
      c.check("valid").percentage(p -> p > 5); // the scheduler half is really exercised
      c.check("invalid").percentage(p -> p > 50);
    });
    for (ConfigViolation v : violations) {
      assertThat(v.path()).isNotBlank();
      assertThat(v.message()).isNotBlank();
    }
    try {
      config.toBuilder().build();
      assertThat(violations).isEmpty();
    } catch (Ha4jConfigException e) {
      assertThat(e.violations()).isEqualTo(violations);
    }
    if (violations.isEmpty()) {
      ClusterState.Builder state = ClusterState.builder().quorate(rnd.nextBoolean());
      for (Node n : config.nodes()) {
        state.node(new NodeState(n.name(), NodeStatus.values()[rnd.nextInt(NodeStatus.values().length)],
            rnd.nextBoolean(), false));
      }
      for (Primitive p : config.primitives()) {
        if (!config.nodes().isEmpty() && rnd.nextBoolean()) {
          String node = config.nodes().get(rnd.nextInt(config.nodes().size())).name();
          state.resource(new ResourceNodeState(p.id(), node, ObservedRole.values()[rnd.nextInt(3)],
              rnd.nextBoolean(), rnd.nextBoolean() ? Instant.EPOCH : null, rnd.nextInt(10) == 0, rnd.nextInt(10) == 0));
        }
      }
      assertThat(Scheduler.schedule(config, state.build(), Instant.EPOCH.plusSeconds(seed & 0xffff))).isNotNull();
    }
  }

  /** A sensible configuration with, sometimes, one thing wrong. */
  static ClusterConfig slightlyBroken(Random rnd) {
    List<Node> nodes = new ArrayList<>();
    int nodeCount = 1 + rnd.nextInt(3);
    for (int i = 1; i <= nodeCount; i++) {
      nodes.add(new Node("n" + i, rnd.nextInt(4) == 0, false));
    }
    List<Resource> resources = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 1 + rnd.nextInt(4); i++) {
      Primitive p = Primitive.builder("r" + i, AGENTS[rnd.nextInt(4)])
          .monitor(Duration.ofSeconds(10), Duration.ofSeconds(20))
          .meta(new ResourceMeta(rnd.nextInt(300), rnd.nextInt(4), Duration.ofSeconds(rnd.nextInt(100)), null, null, null))
          .build();
      if (rnd.nextInt(4) == 0) {
        resources.add(Group.of("g" + i, p, Primitive.builder("m" + i, "ha4j:process").build()));
        ids.add("g" + i);
      } else {
        resources.add(p);
        ids.add(p.id());
      }
    }
    List<Constraint> constraints = new ArrayList<>();
    for (int i = rnd.nextInt(4); i > 0; i--) {
      String a = ids.get(rnd.nextInt(ids.size()));
      String o = ids.get(rnd.nextInt(ids.size()));
      constraints.add(switch (rnd.nextInt(3)) {
        case 0 -> Location.of("l" + i, a, "n" + (1 + rnd.nextInt(nodeCount)), SCORES[rnd.nextInt(SCORES.length)]);
        case 1 -> new Colocation("c" + i, a, o, SCORES[rnd.nextInt(SCORES.length)]);
        default -> new Order("o" + i, a, o, OrderKind.values()[rnd.nextInt(2)], rnd.nextBoolean());
      });
    }
    ClusterConfig config = new ClusterConfig(1, nodes, resources, constraints, ResourceMeta.HA4J_DEFAULTS,
        ClusterProperties.HA4J_DEFAULTS);
    return rnd.nextInt(5) == 0 ? randomlyDamaged(rnd, config) : config;
  }

  private static ClusterConfig randomlyDamaged(Random rnd, ClusterConfig c) {
    List<Resource> resources = new ArrayList<>(c.resources());
    resources.add(primitive(rnd));
    return new ClusterConfig(c.version(), c.nodes(), resources, c.constraints(), c.resourceDefaults(), c.properties());
  }

  static ClusterConfig randomConfig(Random rnd) {
    List<Node> nodes = new ArrayList<>();
    for (int i = rnd.nextInt(4); i > 0; i--) {
      nodes.add(rnd.nextInt(15) == 0 ? null : new Node(pick(rnd, NAMES), rnd.nextBoolean(), rnd.nextInt(5) == 0));
    }
    List<Resource> resources = new ArrayList<>();
    for (int i = rnd.nextInt(5); i > 0; i--) {
      if (rnd.nextInt(4) == 0) {
        List<Primitive> members = new ArrayList<>();
        for (int m = rnd.nextInt(3); m > 0; m--) {
          members.add(rnd.nextInt(15) == 0 ? null : primitive(rnd));
        }
        resources.add(new Group(pick(rnd, NAMES), members, meta(rnd)));
      } else {
        resources.add(rnd.nextInt(15) == 0 ? null : primitive(rnd));
      }
    }
    List<Constraint> constraints = new ArrayList<>();
    for (int i = rnd.nextInt(4); i > 0; i--) {
      constraints.add(switch (rnd.nextInt(4)) {
        case 0 -> new Location(pick(rnd, NAMES), pick(rnd, NAMES), pick(rnd, NAMES), SCORES[rnd.nextInt(SCORES.length)],
            rnd.nextBoolean() ? null : Instant.EPOCH);
        case 1 -> new Colocation(pick(rnd, NAMES), pick(rnd, NAMES), pick(rnd, NAMES), SCORES[rnd.nextInt(SCORES.length)]);
        case 2 -> new Order(pick(rnd, NAMES), pick(rnd, NAMES), pick(rnd, NAMES),
            rnd.nextInt(5) == 0 ? null : OrderKind.values()[rnd.nextInt(2)], rnd.nextBoolean());
        default -> null;
      });
    }
    ClusterProperties props = rnd.nextInt(20) == 0 ? null : new ClusterProperties(rnd.nextBoolean(),
        rnd.nextInt(10) == 0 ? null : NoQuorumPolicy.values()[rnd.nextInt(3)], rnd.nextBoolean(), rnd.nextBoolean(),
        rnd.nextBoolean(), rnd.nextInt(8) == 0);
    return new ClusterConfig(rnd.nextInt(20) == 0 ? -1 : rnd.nextInt(5), nodes, resources, constraints,
        rnd.nextInt(10) == 0 ? null : meta(rnd), props);
  }

  private static Primitive primitive(Random rnd) {
    Map<String, String> params = new HashMap<>();
    for (int i = rnd.nextInt(3); i > 0; i--) {
      params.put(rnd.nextInt(10) == 0 ? "" : "p" + i, rnd.nextInt(10) == 0 ? null : pick(rnd, NAMES));
    }
    List<Operation> ops = new ArrayList<>();
    for (int i = rnd.nextInt(3); i > 0; i--) {
      ops.add(rnd.nextInt(15) == 0 ? null : new Operation(pick(rnd, new String[] {"start", "stop", "monitor", "", null}),
          DURATIONS[rnd.nextInt(DURATIONS.length)], DURATIONS[rnd.nextInt(DURATIONS.length)],
          rnd.nextInt(10) == 0 ? null : OnFail.values()[rnd.nextInt(OnFail.values().length)]));
    }
    return new Primitive(pick(rnd, NAMES), pick(rnd, AGENTS), params, ops, meta(rnd));
  }

  private static ResourceMeta meta(Random rnd) {
    if (rnd.nextInt(3) == 0) {
      return null;
    }
    return new ResourceMeta(rnd.nextBoolean() ? null : SCORES[rnd.nextInt(SCORES.length)],
        rnd.nextBoolean() ? null : rnd.nextInt(7) - 2, DURATIONS[rnd.nextInt(DURATIONS.length)],
        rnd.nextBoolean() ? null : TargetRole.values()[rnd.nextInt(2)], rnd.nextBoolean() ? null : rnd.nextBoolean(),
        rnd.nextBoolean() ? null : rnd.nextInt(5));
  }

  private static String pick(Random rnd, String[] values) {
    return values[rnd.nextInt(values.length)];
  }
}
