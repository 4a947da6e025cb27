package io.ha4j.pacemaker.difftest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Generates random Pacemaker CIBs (configuration and status) inside ha4j's scope
 * (pacemaker-cts/README.md, "Features in scope"), one per seed, for the differential test against
 * {@code crm_simulate}. The same seed always gives the same text.
 *
 * <p>Every generated CIB has a fixed {@code execution-date} ({@link #EXECUTION_DATE}), so failure
 * timeouts do not depend on the wall clock, and declares a {@code crm_feature_set} of at most 3.16.1
 * (or none), which Pacemaker 2.1.5 can replay. All primitives are parameter-less
 * {@code ocf:heartbeat:Dummy} (fencing devices: {@code stonith:fence_dummy}) with one 10 s monitor,
 * so the operation digests Pacemaker computes are constants ({@link #START_DIGEST},
 * {@link #MONITOR_DIGEST}) and no resource restarts "due to resource definition change".
 *
 * <p>Each CIB comes with the set of features it uses (names of the form {@code group},
 * {@code colocation=-INFINITY}, {@code history=failed-start}, …), so a test can check that every
 * feature is exercised often enough.
 */
final class RandomCibGenerator {

  /** "Now" of every generated CIB: 2023-11-14T22:13:20Z. */
  static final long EXECUTION_DATE = 1_700_000_000L;

  /** Pacemaker's op-digest of a start, stop or probe of a parameter-less agent. */
  static final String START_DIGEST = "f2317cad3d54cec5d7d7aa7d0bf35cf8";

  /** Pacemaker's op-digest of a parameter-less agent's {@code monitor interval=10s}. */
  static final String MONITOR_DIGEST = "4811cef7f7f94e3a35a70be7916cb2fd";

  /** The features a generated CIB can use; a test checks each is used often enough. */
  static final List<String> FEATURES = List.of(
      "nodes=1", "nodes=2", "nodes=3", "nodes=4", "nodes=5",
      "node=online", "node=offline", "node=standby", "node=unclean", "node=unseen",
      "group", "group-size=3",
      "location=finite", "location=0", "location=INFINITY", "location=-INFINITY", "location-on-member",
      "colocation=INFINITY", "colocation=-INFINITY", "colocation=finite",
      "order=Mandatory", "order=Optional", "order-symmetrical=false",
      "stickiness(rsc_defaults)", "stickiness(primitive)", "stickiness(group)",
      "migration-threshold", "migration-threshold-reached", "fail-count",
      "fail-count-name=legacy", "fail-count-name=per-operation", "fail-count-name-ignored",
      "failure-timeout-expired", "failure-timeout-not-expired",
      "target-role=Stopped", "target-role=Stopped(group)", "is-managed=false",
      "no-quorum", "no-quorum-policy=stop", "no-quorum-policy=freeze", "no-quorum-policy=ignore",
      "symmetric-cluster=false", "stonith-enabled=true", "stonith-enabled=false", "stonith-primitive",
      "stonith-enabled-without-device", "start-failure-is-fatal=false", "maintenance-mode",
      "crm_feature_set=none", "crm_feature_set=3.16.1", "crm_feature_set=old",
      "history=running", "history=running(probe)", "history=stopped", "history=failed-monitor",
      "history=failed-start", "history=stopped-after-failure", "history=none",
      "history=active-on-lost-node");

  /** One generated CIB and the features it uses. */
  record GeneratedCib(long seed, String xml, SortedSet<String> features) {}

  private enum NodeKind { ONLINE, STANDBY, OFFLINE, UNCLEAN, UNSEEN }

  private enum Story { NONE, STOPPED, RUNNING, FAILED_MONITOR, FAILED_START, STOPPED_AFTER_FAILURE }

  /** Meta attributes of a resource or of rsc_defaults; null = not set. */
  private static final class Meta {
    Integer stickiness;
    Integer migrationThreshold;
    Integer failureTimeout; // seconds
    String failureTimeoutText;
    String targetRole;
    Boolean managed;
  }

  private record GenNode(String id, String name, NodeKind kind, boolean standbyTransient) {}

  private static final class GenPrimitive {
    final String id;
    final boolean stonith;
    final Meta meta = new Meta();
    GenGroup group;
    Story story = Story.NONE;
    GenNode node; // where the story happens
    GenNode alsoRunningOn; // STOPPED_AFTER_FAILURE: now running here
    boolean runningFromProbe;
    boolean lastFailureEntry;

    GenPrimitive(String id, boolean stonith) {
      this.id = id;
      this.stonith = stonith;
    }
  }

  private static final class GenGroup {
    final String id;
    final List<GenPrimitive> members = new ArrayList<>();
    final Meta meta = new Meta();

    GenGroup(String id) {
      this.id = id;
    }
  }

  private final Random random;
  private final SortedSet<String> features = new TreeSet<>();

  private RandomCibGenerator(long seed) {
    this.random = new Random(seed);
  }

  /** The CIB for {@code seed}. */
  static GeneratedCib generate(long seed) {
    RandomCibGenerator g = new RandomCibGenerator(seed);
    String xml = g.build();
    return new GeneratedCib(seed, xml, Collections.unmodifiableSortedSet(g.features));
  }

  private boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  private <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  private String build() {
    // ---- cluster-wide choices
    boolean quorum = chance(70);
    String featureSet = switch (random.nextInt(10)) {
      case 0, 1, 2, 3 -> null;
      case 4, 5, 6, 7 -> "3.16.1";
      case 8 -> "3.0.12";
      default -> "3.3.0";
    };
    features.add(featureSet == null ? "crm_feature_set=none"
        : featureSet.equals("3.16.1") ? "crm_feature_set=3.16.1" : "crm_feature_set=old");
    boolean perOperationFailCounts = featureSet != null && !featureSet.equals("3.0.12");
    if (!quorum) {
      features.add("no-quorum");
    }

    Map<String, String> properties = new LinkedHashMap<>();
    int stonithChoice = random.nextInt(100);
    boolean stonithEnabled;
    if (stonithChoice < 40) {
      properties.put("stonith-enabled", pick(List.of("false", "0", "false")));
      stonithEnabled = false;
    } else if (stonithChoice < 85) {
      properties.put("stonith-enabled", "true");
      stonithEnabled = true;
    } else {
      stonithEnabled = true; // the default
    }
    features.add("stonith-enabled=" + stonithEnabled);
    boolean fencingDevice = stonithEnabled ? chance(85) : chance(15);
    if (stonithEnabled && !fencingDevice) {
      features.add("stonith-enabled-without-device");
    }
    int nqp = random.nextInt(100);
    String noQuorumPolicy = nqp < 25 ? "stop" : nqp < 45 ? "freeze" : nqp < 80 ? "ignore" : null;
    if (noQuorumPolicy != null) {
      properties.put("no-quorum-policy", noQuorumPolicy);
    }
    features.add("no-quorum-policy=" + (noQuorumPolicy == null ? "stop" : noQuorumPolicy));
    boolean symmetric = !chance(15);
    if (!symmetric) {
      properties.put("symmetric-cluster", "false");
      features.add("symmetric-cluster=false");
    } else if (chance(15)) {
      properties.put("symmetric-cluster", "true");
    }
    if (chance(15)) {
      properties.put("start-failure-is-fatal", "false");
      features.add("start-failure-is-fatal=false");
    } else if (chance(10)) {
      properties.put("start-failure-is-fatal", "true");
    }
    if (chance(9)) {
      properties.put("maintenance-mode", "true");
      features.add("maintenance-mode");
    } else if (chance(5)) {
      properties.put("maintenance-mode", "false");
    }
    if (chance(30)) {
      properties.put("cluster-infrastructure", "corosync"); // ignored by the scheduler
    }

    // ---- nodes
    int nodeCount = 1 + random.nextInt(5);
    features.add("nodes=" + nodeCount);
    List<String> names = new ArrayList<>();
    if (chance(15)) {
      names.addAll(List.of("node10", "node9", "node2", "node1", "node11"));
      Collections.shuffle(names, random);
    } else {
      for (int i = 1; i <= 5; i++) {
        names.add("node" + i);
      }
    }
    List<GenNode> nodes = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      int k = random.nextInt(100);
      NodeKind kind = k < 62 ? NodeKind.ONLINE : k < 74 ? NodeKind.STANDBY : k < 85 ? NodeKind.OFFLINE
          : k < 96 ? NodeKind.UNCLEAN : NodeKind.UNSEEN;
      features.add("node=" + kind.name().toLowerCase(java.util.Locale.ROOT));
      nodes.add(new GenNode(Integer.toString(i + 1), names.get(i), kind, chance(40)));
    }
    List<GenNode> seenNodes = nodes.stream().filter(n -> n.kind != NodeKind.UNSEEN).toList();

    // ---- resources
    Meta defaults = new Meta();
    if (chance(30)) {
      defaults.stickiness = pick(List.of(0, 50, 100, 100, 200, 1000));
      features.add("stickiness(rsc_defaults)");
    }
    if (chance(15)) {
      defaults.migrationThreshold = pick(List.of(1, 2, 3, 0));
    }
    if (chance(12)) {
      setFailureTimeout(defaults);
    }
    List<Object> top = new ArrayList<>(); // GenPrimitive or GenGroup, in CIB order
    List<GenPrimitive> primitives = new ArrayList<>();
    int remaining = 1 + random.nextInt(10);
    int rscNo = 0;
    int grpNo = 0;
    while (remaining > 0) {
      if (remaining >= 2 && chance(30)) {
        GenGroup g = new GenGroup("grp" + (++grpNo));
        int size = Math.min(remaining, 2 + random.nextInt(2));
        features.add("group");
        if (size == 3) {
          features.add("group-size=3");
        }
        for (int i = 0; i < size; i++) {
          GenPrimitive p = new GenPrimitive("rsc" + (++rscNo), false);
          p.group = g;
          g.members.add(p);
          primitives.add(p);
          randomMeta(p.meta, "primitive", 8);
        }
        randomMeta(g.meta, "group", 15);
        if ("Stopped".equals(g.meta.targetRole)) {
          features.add("target-role=Stopped(group)");
        }
        top.add(g);
        remaining -= size;
      } else {
        GenPrimitive p = new GenPrimitive("rsc" + (++rscNo), false);
        randomMeta(p.meta, "primitive", 12);
        primitives.add(p);
        top.add(p);
        remaining--;
      }
    }
    if (fencingDevice) {
      GenPrimitive fence = new GenPrimitive("fence1", true);
      if (chance(10)) {
        randomMeta(fence.meta, "primitive", 10);
      }
      features.add("stonith-primitive");
      primitives.add(fence);
      top.add(chance(70) ? 0 : top.size(), fence);
    }

    // ---- status stories
    Map<GenGroup, GenNode> groupNode = new LinkedHashMap<>();
    for (GenPrimitive p : primitives) {
      int s = random.nextInt(100);
      p.story = seenNodes.isEmpty() || s < 8 ? Story.NONE : s < 28 ? Story.STOPPED : s < 68 ? Story.RUNNING
          : s < 80 ? Story.FAILED_MONITOR : s < 90 ? Story.FAILED_START : Story.STOPPED_AFTER_FAILURE;
      if (p.story == Story.NONE) {
        features.add("history=none");
        continue;
      }
      if (p.group != null && !chance(10)) {
        p.node = groupNode.computeIfAbsent(p.group, g -> pick(seenNodes));
      } else {
        p.node = pick(seenNodes);
      }
      p.runningFromProbe = p.story == Story.RUNNING && chance(20);
      p.lastFailureEntry = chance(50);
      features.add("history=" + switch (p.story) {
        case STOPPED -> "stopped";
        case RUNNING -> p.runningFromProbe ? "running(probe)" : "running";
        case FAILED_MONITOR -> "failed-monitor";
        case FAILED_START -> "failed-start";
        case STOPPED_AFTER_FAILURE -> "stopped-after-failure";
        case NONE -> "none";
      });
      if (p.story == Story.STOPPED_AFTER_FAILURE && chance(50)) {
        GenNode other = pick(seenNodes);
        if (other != p.node) {
          p.alsoRunningOn = other;
        }
      }
      for (GenNode n : new GenNode[] {p.node, p.alsoRunningOn}) {
        boolean active = n != null && (n == p.alsoRunningOn || (p.story != Story.STOPPED
            && p.story != Story.STOPPED_AFTER_FAILURE));
        if (active && (n.kind == NodeKind.OFFLINE || n.kind == NodeKind.UNCLEAN)) {
          features.add("history=active-on-lost-node");
        }
      }
    }

    // ---- constraints
    List<String> topIds = new ArrayList<>();
    for (Object r : top) {
      topIds.add(r instanceof GenGroup g ? g.id : ((GenPrimitive) r).id);
    }
    List<String> userIds = new ArrayList<>(); // top-level, not the fencing device
    for (Object r : top) {
      if (!(r instanceof GenPrimitive p && p.stonith)) {
        userIds.add(r instanceof GenGroup g ? g.id : ((GenPrimitive) r).id);
      }
    }
    StringBuilder constraints = new StringBuilder();
    int constraintNo = 0;
    List<String> locationTargets = new ArrayList<>(topIds);
    int locations = symmetric ? random.nextInt(4) : topIds.size() + random.nextInt(3);
    Set<String> seenLocations = new HashSet<>();
    for (int i = 0; i < locations; i++) {
      String rsc;
      if (!symmetric && i < topIds.size() && chance(85)) {
        rsc = topIds.get(i);
      } else if (chance(10) && primitives.stream().anyMatch(p -> p.group != null)) {
        rsc = pick(primitives.stream().filter(p -> p.group != null).toList()).id;
        features.add("location-on-member");
      } else {
        rsc = pick(locationTargets);
      }
      GenNode node = pick(nodes);
      if (!seenLocations.add(rsc + " " + node.name)) {
        continue;
      }
      String score = randomScore(15, 15, 10, "location");
      constraints.append("      <rsc_location id=\"loc-").append(++constraintNo).append("\" rsc=\"")
          .append(rsc).append("\" node=\"").append(node.name).append("\" score=\"").append(score).append("\"/>\n");
    }
    if (userIds.size() >= 2) {
      int colocations = random.nextInt(3);
      Set<String> pairs = new HashSet<>();
      for (int i = 0; i < colocations; i++) {
        String dependent = pick(userIds);
        String primary = pick(userIds);
        if (dependent.equals(primary) || !pairs.add(dependent + " " + primary)
            || pairs.contains(primary + " " + dependent)) {
          continue;
        }
        String score = randomScore(40, 25, 0, "colocation");
        constraints.append("      <rsc_colocation id=\"col-").append(++constraintNo).append("\" rsc=\"")
            .append(dependent).append("\" with-rsc=\"").append(primary).append("\" score=\"").append(score)
            .append("\"/>\n");
      }
      // orders follow a random rank, so they never form a loop
      List<String> rank = new ArrayList<>(userIds);
      Collections.shuffle(rank, random);
      int orders = random.nextInt(3);
      Set<String> orderPairs = new HashSet<>();
      for (int i = 0; i < orders; i++) {
        int a = random.nextInt(rank.size());
        int b = random.nextInt(rank.size());
        if (a == b) {
          continue;
        }
        String first = rank.get(Math.min(a, b));
        String then = rank.get(Math.max(a, b));
        if (!orderPairs.add(first + " " + then)) {
          continue;
        }
        StringBuilder o = new StringBuilder("      <rsc_order id=\"ord-" + (++constraintNo) + "\" first=\""
            + first + "\" then=\"" + then + "\"");
        if (chance(35)) {
          o.append(" kind=\"Optional\"");
          features.add("order=Optional");
        } else {
          if (chance(50)) {
            o.append(" kind=\"Mandatory\"");
          }
          features.add("order=Mandatory");
        }
        if (chance(35)) {
          o.append(" symmetrical=\"false\"");
          features.add("order-symmetrical=false");
        } else if (chance(15)) {
          o.append(" symmetrical=\"true\"");
        }
        constraints.append(o).append("/>\n");
      }
    }

    // ---- write it
    StringBuilder x = new StringBuilder();
    String dc = seenNodes.stream().filter(n -> n.kind == NodeKind.ONLINE || n.kind == NodeKind.STANDBY)
        .map(GenNode::id).findFirst().orElse(null);
    x.append("<cib");
    if (featureSet != null) {
      x.append(" crm_feature_set=\"").append(featureSet).append('"');
    }
    x.append(" validate-with=\"pacemaker-3.0\" epoch=\"1\" num_updates=\"0\" admin_epoch=\"0\"")
        .append(" have-quorum=\"").append(quorum ? pick(List.of("1", "true")) : pick(List.of("0", "false")))
        .append('"');
    if (dc != null) {
      x.append(" dc-uuid=\"").append(dc).append('"');
    }
    x.append(" execution-date=\"").append(EXECUTION_DATE).append("\">\n");
    x.append("  <configuration>\n    <crm_config>\n      <cluster_property_set id=\"cib-bootstrap-options\">\n");
    for (Map.Entry<String, String> e : properties.entrySet()) {
      x.append("        <nvpair id=\"cib-bootstrap-options-").append(e.getKey()).append("\" name=\"")
          .append(e.getKey()).append("\" value=\"").append(e.getValue()).append("\"/>\n");
    }
    x.append("      </cluster_property_set>\n    </crm_config>\n    <nodes>\n");
    for (GenNode n : nodes) {
      x.append("      <node id=\"").append(n.id).append("\" uname=\"").append(n.name).append('"');
      if (n.kind == NodeKind.STANDBY && !n.standbyTransient) {
        x.append(">\n        <instance_attributes id=\"nodes-").append(n.id).append("\">\n")
            .append("          <nvpair id=\"nodes-").append(n.id).append("-standby\" name=\"standby\" value=\"")
            .append(pick(List.of("on", "true"))).append("\"/>\n")
            .append("        </instance_attributes>\n      </node>\n");
      } else {
        x.append("/>\n");
      }
    }
    x.append("    </nodes>\n    <resources>\n");
    for (Object r : top) {
      if (r instanceof GenGroup g) {
        x.append("      <group id=\"").append(g.id).append("\">\n");
        appendMeta(x, "        ", g.id, g.meta);
        for (GenPrimitive p : g.members) {
          appendPrimitive(x, "        ", p);
        }
        x.append("      </group>\n");
      } else {
        appendPrimitive(x, "      ", (GenPrimitive) r);
      }
    }
    x.append("    </resources>\n");
    if (constraints.isEmpty()) {
      x.append("    <constraints/>\n");
    } else {
      x.append("    <constraints>\n").append(constraints).append("    </constraints>\n");
    }
    if (defaults.stickiness != null || defaults.migrationThreshold != null || defaults.failureTimeout != null) {
      x.append("    <rsc_defaults>\n");
      appendMeta(x, "      ", "rsc-options", defaults);
      x.append("    </rsc_defaults>\n");
    }
    x.append("  </configuration>\n  <status>\n");
    for (GenNode n : nodes) {
      appendNodeState(x, n, primitives, defaults, perOperationFailCounts);
    }
    x.append("  </status>\n</cib>\n");
    return x.toString();
  }

  private String randomScore(int infinity, int minusInfinity, int zero, String feature) {
    int s = random.nextInt(100);
    if (s < infinity) {
      features.add(feature + "=INFINITY");
      return pick(List.of("INFINITY", "INFINITY", "+INFINITY"));
    }
    if (s < infinity + minusInfinity) {
      features.add(feature + "=-INFINITY");
      return "-INFINITY";
    }
    if (s < infinity + minusInfinity + zero) {
      features.add(feature + "=0");
      return "0";
    }
    features.add(feature + "=finite");
    return Integer.toString(pick(List.of(-500, -200, -100, -50, 10, 50, 100, 100, 150, 200, 250, 300, 500)));
  }

  private void setFailureTimeout(Meta meta) {
    int seconds = pick(List.of(60, 120, 300));
    meta.failureTimeout = seconds;
    meta.failureTimeoutText = switch (random.nextInt(3)) {
      case 0 -> seconds + "s";
      case 1 -> Integer.toString(seconds);
      default -> (seconds / 60) + "min";
    };
  }

  private void randomMeta(Meta meta, String level, int percent) {
    if (chance(percent + 5)) {
      meta.stickiness = pick(List.of(0, 50, 100, 100, 200, 500, 1000000));
      features.add("stickiness(" + level + ")");
    }
    if (chance(percent)) {
      meta.migrationThreshold = pick(List.of(1, 1, 2, 3, 0));
      features.add("migration-threshold");
    }
    if (chance(percent)) {
      setFailureTimeout(meta);
    }
    if (chance(percent / 2 + 2)) {
      meta.targetRole = "Stopped";
      features.add("target-role=Stopped");
    } else if (chance(4)) {
      meta.targetRole = "Started";
    }
    if (chance(percent / 2)) {
      meta.managed = false;
      features.add("is-managed=false");
    } else if (chance(3)) {
      meta.managed = true;
    }
  }

  private static void appendMeta(StringBuilder x, String indent, String owner, Meta meta) {
    List<String[]> pairs = new ArrayList<>();
    if (meta.stickiness != null) {
      pairs.add(new String[] {"resource-stickiness",
          meta.stickiness >= 1000000 ? "INFINITY" : meta.stickiness.toString()});
    }
    if (meta.migrationThreshold != null) {
      pairs.add(new String[] {"migration-threshold", meta.migrationThreshold.toString()});
    }
    if (meta.failureTimeout != null) {
      pairs.add(new String[] {"failure-timeout", meta.failureTimeoutText});
    }
    if (meta.targetRole != null) {
      pairs.add(new String[] {"target-role", meta.targetRole});
    }
    if (meta.managed != null) {
      pairs.add(new String[] {"is-managed", meta.managed.toString()});
    }
    if (pairs.isEmpty()) {
      return;
    }
    String id = owner.equals("rsc-options") ? owner : owner + "-meta_attributes";
    x.append(indent).append("<meta_attributes id=\"").append(id).append("\">\n");
    for (String[] p : pairs) {
      x.append(indent).append("  <nvpair id=\"").append(id).append('-').append(p[0]).append("\" name=\"")
          .append(p[0]).append("\" value=\"").append(p[1]).append("\"/>\n");
    }
    x.append(indent).append("</meta_attributes>\n");
  }

  private static void appendPrimitive(StringBuilder x, String indent, GenPrimitive p) {
    x.append(indent).append("<primitive id=\"").append(p.id).append('"');
    if (p.stonith) {
      x.append(" class=\"stonith\" type=\"fence_dummy\">\n");
    } else {
      x.append(" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\">\n");
    }
    appendMeta(x, indent + "  ", p.id, p.meta);
    x.append(indent).append("  <operations>\n").append(indent).append("    <op id=\"").append(p.id)
        .append("-monitor-interval-10s\" name=\"monitor\" interval=\"10s\" timeout=\"20s\"/>\n")
        .append(indent).append("  </operations>\n").append(indent).append("</primitive>\n");
  }

  /** The effective meta value: primitive, then group, then rsc_defaults. */
  private static Integer effective(GenPrimitive p, Meta defaults, java.util.function.Function<Meta, Integer> field) {
    Integer v = field.apply(p.meta);
    if (v == null && p.group != null) {
      v = field.apply(p.group.meta);
    }
    return v != null ? v : field.apply(defaults);
  }

  private void appendNodeState(StringBuilder x, GenNode n, List<GenPrimitive> primitives, Meta defaults,
      boolean perOperationFailCounts) {
    if (n.kind == NodeKind.UNSEEN) {
      return;
    }
    String attrs = switch (n.kind) {
      case ONLINE, STANDBY -> "in_ccm=\"true\" crmd=\"online\" join=\"member\" expected=\"member\"";
      case OFFLINE -> "in_ccm=\"false\" crmd=\"offline\" join=\"down\" expected=\"down\"";
      case UNCLEAN -> "in_ccm=\"false\" crmd=\"offline\" join=\"down\" expected=\"member\"";
      case UNSEEN -> throw new IllegalStateException();
    };
    x.append("    <node_state id=\"").append(n.id).append("\" uname=\"").append(n.name).append("\" ")
        .append(attrs).append(" crm-debug-origin=\"crm_simulate\">\n");
    List<String[]> transientAttrs = new ArrayList<>();
    if (n.kind == NodeKind.STANDBY && n.standbyTransient) {
      transientAttrs.add(new String[] {"standby", "on"});
    }
    StringBuilder lrm = new StringBuilder();
    int[] callId = {1};
    for (GenPrimitive p : primitives) {
      List<String> ops = new ArrayList<>();
      boolean here = p.node == n;
      boolean runningElsewhereHere = p.alsoRunningOn == n;
      if (here) {
        long failedAt = failureTime(p, defaults);
        long startedAt = Math.min(failedAt, EXECUTION_DATE) - 100 - random.nextInt(1000);
        switch (p.story) {
          case STOPPED -> ops.add(op(p, n, "last_0", "monitor", 0, 7, 7, callId[0]++, startedAt));
          case RUNNING -> {
            if (p.runningFromProbe) {
              ops.add(op(p, n, "last_0", "monitor", 0, 7, 0, callId[0]++, startedAt));
            } else {
              ops.add(op(p, n, "last_0", "start", 0, 0, 0, callId[0]++, startedAt));
            }
            ops.add(op(p, n, "monitor_10000", "monitor", 10000, 0, 0, callId[0]++, startedAt));
          }
          case FAILED_MONITOR -> {
            ops.add(op(p, n, "last_0", "start", 0, 0, 0, callId[0]++, startedAt));
            int call = callId[0]++;
            ops.add(op(p, n, "monitor_10000", "monitor", 10000, 0, 7, call, failedAt));
            if (p.lastFailureEntry) {
              ops.add(op(p, n, "last_failure_0", "monitor", 10000, 0, 7, call, failedAt));
            }
            failCounts(p, "monitor_10000", failedAt, defaults, perOperationFailCounts, transientAttrs);
          }
          case FAILED_START -> {
            int call = callId[0]++;
            ops.add(op(p, n, "last_0", "start", 0, 0, 1, call, failedAt));
            if (p.lastFailureEntry) {
              ops.add(op(p, n, "last_failure_0", "start", 0, 0, 1, call, failedAt));
            }
            failCounts(p, "start_0", failedAt, defaults, perOperationFailCounts, transientAttrs);
          }
          case STOPPED_AFTER_FAILURE -> {
            callId[0]++; // the start
            int failCall = callId[0]++;
            ops.add(op(p, n, "last_0", "stop", 0, 0, 0, callId[0]++, failedAt + 1));
            ops.add(op(p, n, "last_failure_0", "monitor", 10000, 0, 7, failCall, failedAt));
            failCounts(p, "monitor_10000", failedAt, defaults, perOperationFailCounts, transientAttrs);
          }
          case NONE -> { }
        }
      } else if (runningElsewhereHere) {
        long at = EXECUTION_DATE - 50 - random.nextInt(50);
        ops.add(op(p, n, "last_0", "start", 0, 0, 0, callId[0]++, at));
        ops.add(op(p, n, "monitor_10000", "monitor", 10000, 0, 0, callId[0]++, at));
      } else if (p.story != Story.NONE && chance(60)) {
        ops.add(op(p, n, "last_0", "monitor", 0, 7, 7, callId[0]++, EXECUTION_DATE - 5000));
      }
      if (!ops.isEmpty()) {
        lrm.append("          <lrm_resource id=\"").append(p.id).append('"')
            .append(p.stonith ? " class=\"stonith\" type=\"fence_dummy\"" : " class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"")
            .append(">\n");
        for (String op : ops) {
          lrm.append("            ").append(op).append('\n');
        }
        lrm.append("          </lrm_resource>\n");
      }
    }
    if (!transientAttrs.isEmpty()) {
      x.append("      <transient_attributes id=\"").append(n.id).append("\">\n")
          .append("        <instance_attributes id=\"status-").append(n.id).append("\">\n");
      for (String[] a : transientAttrs) {
        x.append("          <nvpair id=\"status-").append(n.id).append('-').append(a[0].replace('#', '.'))
            .append("\" name=\"").append(a[0]).append("\" value=\"").append(a[1]).append("\"/>\n");
      }
      x.append("        </instance_attributes>\n      </transient_attributes>\n");
    }
    if (lrm.isEmpty()) {
      x.append("      <lrm id=\"").append(n.id).append("\">\n        <lrm_resources/>\n      </lrm>\n");
    } else {
      x.append("      <lrm id=\"").append(n.id).append("\">\n        <lrm_resources>\n").append(lrm)
          .append("        </lrm_resources>\n      </lrm>\n");
    }
    x.append("    </node_state>\n");
  }

  /** When a failure happened: before, at or after the failure-timeout's horizon. */
  private long failureTime(GenPrimitive p, Meta defaults) {
    if (p.story != Story.FAILED_MONITOR && p.story != Story.FAILED_START
        && p.story != Story.STOPPED_AFTER_FAILURE) {
      return EXECUTION_DATE - 3600;
    }
    Integer timeout = effective(p, defaults, m -> m.failureTimeout);
    if (timeout == null || timeout <= 0) {
      return EXECUTION_DATE - 1 - random.nextInt(100_000);
    }
    int s = random.nextInt(100);
    if (s < 47) {
      features.add("failure-timeout-expired");
      return EXECUTION_DATE - timeout - 1 - random.nextInt(3600);
    } else if (s < 94) {
      features.add("failure-timeout-not-expired");
      return EXECUTION_DATE - timeout + 1 + random.nextInt(timeout - 1);
    }
    features.add("failure-timeout-boundary");
    return EXECUTION_DATE - timeout;
  }

  private void failCounts(GenPrimitive p, String opKey, long failedAt, Meta defaults,
      boolean perOperationFailCounts, List<String[]> out) {
    if (!chance(80)) {
      return;
    }
    features.add("fail-count");
    int count = opKey.startsWith("start") && chance(60) ? 1_000_000 : pick(List.of(1, 1, 2, 3, 5, 1_000_000));
    Integer threshold = effective(p, defaults, m -> m.migrationThreshold);
    if (threshold != null && threshold > 0 && count >= threshold) {
      features.add("migration-threshold-reached");
    }
    boolean perOperation = perOperationFailCounts;
    if (chance(8)) {
      perOperation = !perOperation;
      features.add("fail-count-name-ignored");
    }
    String value = count >= 1_000_000 ? "INFINITY" : Integer.toString(count);
    if (perOperation) {
      features.add("fail-count-name=per-operation");
      out.add(new String[] {"fail-count-" + p.id + "#" + opKey, value});
      out.add(new String[] {"last-failure-" + p.id + "#" + opKey, Long.toString(failedAt)});
    } else {
      features.add("fail-count-name=legacy");
      out.add(new String[] {"fail-count-" + p.id, value});
      out.add(new String[] {"last-failure-" + p.id, Long.toString(failedAt)});
    }
  }

  private static String op(GenPrimitive p, GenNode n, String suffix, String operation, int intervalMs,
      int expectedRc, int rc, int callId, long at) {
    String key = p.id + "_" + operation + "_" + intervalMs;
    String transitionKey = callId + ":1:" + expectedRc + ":0d3c3a9e-5bd7-4c31-9ab4-0c5ef0a37e7c";
    String digest = intervalMs == 0 ? START_DIGEST : MONITOR_DIGEST;
    return "<lrm_rsc_op id=\"" + p.id + "_" + suffix + "\" operation_key=\"" + key + "\" operation=\""
        + operation + "\" crm-debug-origin=\"crm_simulate\" crm_feature_set=\"3.16.1\" transition-key=\""
        + transitionKey + "\" transition-magic=\"0:" + rc + ";" + transitionKey + "\" exit-reason=\"\" on_node=\""
        + n.name + "\" call-id=\"" + callId + "\" rc-code=\"" + rc + "\" op-status=\"0\" interval=\"" + intervalMs
        + "\" last-rc-change=\"" + at + "\" exec-time=\"10\" queue-time=\"0\" op-digest=\"" + digest + "\"/>";
  }
}
