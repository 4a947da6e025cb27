package io.ha4j.benchmarks.failover;

import io.ha4j.testkit.ForkedJvm;
import io.ha4j.testkit.NetnsLab;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The failover benchmark of issue 8: ha4j (embedded Raft at DEFAULT and LAN_FAST, ZooKeeper) against
 * Curator {@code LeaderLatch} and keepalived VRRP, in one run, on one machine. Three nodes as separate
 * JVMs; each node's VIP lives in its own network namespace on a bridge, and the VIP is observed there
 * ({@link AddressWatch}). Needs root and iproute2.
 *
 * <p>Usage: {@code FailoverBenchmark quick|full OUTDIR [step...]} (steps: ha4j-raft, curator-leaderlatch,
 * ha4j-raft-lan-fast, ha4j-zookeeper, keepalived, keepalived-fast, footprint; default all). Writes {@code OUTDIR/failover.json} (merged
 * into {@code results.json} by {@code run.sh}), {@code OUTDIR/samples-<system>.dat} for the plot, and
 * a log of every sample on stdout. Records every child pid in {@code OUTDIR/pids} and the namespace
 * prefix in {@code OUTDIR/netns-tag} so that {@code run.sh} can clean up after a crash.
 */
public final class FailoverBenchmark {
  static final String VIP = "10.77.0.100/24";
  private static final List<String> NODE_JVM = List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
      "-Xshare:auto");

  private final boolean full;
  private final Path out;
  private final long globalDeadline;
  private final NetnsLab lab;
  private final List<String> ns = new ArrayList<>();
  private final AddressWatch watch;
  private final List<ForkedJvm> children = new ArrayList<>();
  private final Map<String, String> failoverJson = new LinkedHashMap<>();
  private final Map<String, String> extraJson = new LinkedHashMap<>();
  private List<String> only = List.of();

  private interface Step {
    void run() throws Exception;
  }

  private FailoverBenchmark(boolean full, Path out) throws IOException {
    this.full = full;
    this.out = out;
    this.globalDeadline = System.nanoTime()
        + (Integer.getInteger("ha4j.bench.budgetS") != null ? 36_000L : full ? 5_000L : 250L) * 1_000_000_000L;
    String tag = "ha4jb" + Integer.toString((int) (ProcessHandle.current().pid() % 1296), 36);
    Files.writeString(out.resolve("netns-tag"), tag + "\n");
    lab = new NetnsLab(tag);
    for (int i = 1; i <= 3; i++) {
      ns.add(lab.host("n" + i, "10.77.0." + i + "/24"));
    }
    watch = new AddressWatch(ns, VIP);
  }

  public static void main(String[] args) throws Exception {
    boolean full = args.length > 0 && args[0].equals("full");
    Path out = Path.of(args.length > 1 ? args[1] : "benchmarks/target/failover");
    Files.createDirectories(out);
    Optional<String> why = NetnsLab.unavailableReason();
    if (why.isPresent()) {
      log("SKIP failover benchmarks: " + why.get() + " (they observe the VIP in network namespaces)");
      Files.writeString(out.resolve("failover.json"), "{\"skipped\": \"" + why.get() + "\"}\n");
      return;
    }
    FailoverBenchmark b = new FailoverBenchmark(full, out);
    b.only = List.of(args).subList(Math.min(2, args.length), args.length);
    Thread cleanup = new Thread(b::close);
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      b.run();
    } finally {
      b.close();
    }
    System.exit(0);
  }

  private void run() throws Exception {
    int n = Integer.getInteger("ha4j.bench.n", full ? 30 : 8);
    Map<String, Step> steps = new LinkedHashMap<>();
    steps.put("ha4j-raft", () -> runHa4j("ha4j-raft", "raft", "DEFAULT", n, full ? 900 : 55, true));
    steps.put("curator-leaderlatch", () -> runCurator(n, full ? 300 : 20));
    steps.put("footprint", () -> footprint(full ? List.of(3, 5, 7) : List.of(3), full ? 30 : 8));
    steps.put("ha4j-raft-lan-fast", () -> runHa4j("ha4j-raft-lan-fast", "raft", "LAN_FAST", n, full ? 600 : 25, false));
    steps.put("ha4j-zookeeper", () -> runZk(n, full ? 600 : 25));
    steps.put("keepalived", () -> runKeepalived("keepalived", "1", n, full ? 300 : 15));
    steps.put("keepalived-fast", () -> runKeepalived("keepalived-fast", "0.01", n, full ? 300 : 10));
    for (var e : steps.entrySet()) {
      if (!only.isEmpty() && !only.contains(e.getKey())) {
        continue;
      }
      if (System.nanoTime() > globalDeadline) {
        log("== " + e.getKey() + ": skipped (the run's time budget is spent)");
        continue;
      }
      try {
        e.getValue().run();
      } catch (Exception | AssertionError x) {
        log("   " + e.getKey() + " FAILED: " + x);
        failoverJson.putIfAbsent(e.getKey(), "{\"n\": 0, \"error\": \"" + String.valueOf(x).replace('"', '\'') + "\"}");
      }
      writeJson(); // after every step: a partial result survives a timeout
    }
  }

  // ---------------------------------------------------------------------------------------------
  // ha4j

  /** A 3-node ha4j cluster of {@link BenchNode} JVMs. */
  private final class Cluster implements AutoCloseable {
    final String backend;
    final String timing;
    final String zk;
    final int size;
    final boolean vip;
    final ForkedJvm[] nodes;
    final List<ForkedJvm> all = new ArrayList<>();
    final Path dir;
    final List<String> peers = new ArrayList<>();
    final double[] startupMs;
    int generation;
    int unexpectedDeaths;

    /** Restarts every node that ended although nobody killed it (self-fenced, or killed by its guard). */
    void reviveDead() {
      for (int i = 0; i < size; i++) {
        if (!nodes[i].isAlive()) {
          unexpectedDeaths++;
          log("   n" + (i + 1) + " (" + nodes[i].name() + ") ended on its own: self-fenced or killed by its guard "
              + "(a lease lapse); see " + dir + "; restarting it");
          launch(i);
          awaitStarted(i);
        }
      }
    }

    Cluster(String backend, String timing, String zk, int size, boolean vip) throws IOException {
      this.backend = backend;
      this.timing = timing;
      this.zk = zk;
      this.size = size;
      this.vip = vip;
      this.nodes = new ForkedJvm[size];
      this.startupMs = new double[size];
      this.dir = Files.createTempDirectory(out, backend + "-" + timing + "-");
      int[] ports = freePorts(size);
      for (int i = 0; i < size; i++) {
        peers.add("n" + (i + 1) + "@127.0.0.1:" + ports[i]);
      }
      for (int i = 0; i < size; i++) {
        launch(i);
      }
      for (int i = 0; i < size; i++) {
        awaitStarted(i);
      }
    }

    void launch(int i) {
      String id = "n" + (i + 1);
      List<String> args = new ArrayList<>(List.of("backend=" + backend, "id=" + id,
          "nodes=" + peers.stream().map(p -> p.substring(0, p.indexOf('@'))).collect(Collectors.joining(",")),
          "dir=" + dir.resolve(id), "timing=" + timing, "guardLog=" + dir.resolve(id + "-guard.err")));
      args.add(backend.equals("raft") ? "peers=" + String.join(",", peers) : "zk=" + zk);
      args.add(vip ? "netns=" + ns.get(i) : "netns=-");
      args.add("vip=" + VIP);
      long t0 = System.nanoTime();
      ForkedJvm jvm = ForkedJvm.start(id + "-" + (generation++), BenchNode.class, NODE_JVM, args, dir);
      nodes[i] = jvm;
      all.add(jvm);
      startupMs[i] = -t0; // completed in awaitStarted
      track(jvm.pid());
    }

    void awaitStarted(int i) {
      ForkedJvm jvm = nodes[i];
      if (vip) {
        String g = jvm.awaitLine(0, l -> l.startsWith("GUARD "), Duration.ofSeconds(60))
            .orElseThrow(() -> new IllegalStateException(jvm.name() + " did not start its guard; see " + dir));
        track(Long.parseLong(g.split(" ")[1]));
      }
      String s = jvm.awaitLine(0, l -> l.startsWith("STARTED "), Duration.ofSeconds(90))
          .orElseThrow(() -> new IllegalStateException(jvm.name() + " did not start; see " + dir));
      startupMs[i] = (Long.parseLong(s.split(" ")[1]) + startupMs[i]) / 1e6;
    }

    /** Sends a command to node i and returns its one-line answer starting with {@code prefix}. */
    Optional<String> ask(int i, String command, String prefix, Duration timeout) {
      ForkedJvm jvm = nodes[i];
      if (!jvm.isAlive()) {
        return Optional.empty();
      }
      int from = jvm.lines().size();
      try {
        jvm.sendLine(command);
      } catch (java.io.UncheckedIOException e) {
        return Optional.empty(); // it died meanwhile
      }
      return jvm.awaitLine(from, l -> l.startsWith(prefix) || l.startsWith("ERR"), timeout);
    }

    /** Index of the Raft leader (or the ha4j controller for ZooKeeper), or -1. */
    int leader() {
      for (int i = 0; i < size; i++) {
        Optional<String> r = ask(i, "ROLE", "ROLE ", Duration.ofSeconds(5));
        if (r.isPresent() && r.get().startsWith("ROLE ")) {
          String[] w = r.get().split(" ");
          if (backend.equals("raft") ? w[1].equals("true") : w[2].equals("true")) {
            return i;
          }
        }
      }
      return -1;
    }

    /** Events (nanos, type, subject, node) printed by every JVM of this cluster since {@code since}. */
    List<String[]> events(long since) {
      List<String[]> evs = new ArrayList<>();
      for (ForkedJvm j : all) {
        for (String l : j.lines()) {
          if (l.startsWith("EV ")) {
            String[] w = l.split(" ");
            if (Long.parseLong(w[1]) >= since) {
              evs.add(w);
            }
          }
        }
      }
      evs.sort((a, b) -> Long.compare(Long.parseLong(a[1]), Long.parseLong(b[1])));
      return evs;
    }

    /** When the first event {@code type subject node} happened since {@code since}, or -1. */
    long when(long since, String type, String subject, String node) {
      for (String[] e : events(since)) {
        if (e[2].equals(type) && (subject == null || e[3].equals(subject)) && (node == null || e[4].equals(node))) {
          return Long.parseLong(e[1]);
        }
      }
      return -1;
    }

    long awaitEvent(long since, String type, String subject, String node, long timeoutMs) {
      long end = System.nanoTime() + timeoutMs * 1_000_000;
      while (System.nanoTime() < end) {
        long t = when(since, type, subject, node);
        if (t >= 0) {
          return t;
        }
        sleep(10);
      }
      return -1;
    }

    @Override
    public void close() {
      for (ForkedJvm j : all) {
        try {
          Files.write(dir.resolve(j.name() + ".out"), j.lines());
        } catch (IOException e) {
          log("   cannot save " + j.name() + "'s output: " + e);
        }
      }
      for (ForkedJvm j : all) {
        if (j.isAlive()) {
          j.sendLine("BYE");
        }
      }
      for (ForkedJvm j : all) {
        j.awaitLine(0, "CLOSED"::equals, Duration.ofSeconds(vip ? 10 : 5));
        j.close();
      }
      // guards end by themselves once their JVM has said BYE or died; the pid list is the backstop
      for (int i = 0; i < 3; i++) {
        for (int attempt = 0; attempt < 3 && watch.holders().contains(i); attempt++) {
          watch.remove(i, VIP);
        }
      }
    }
  }

  private void runHa4j(String system, String backend, String timing, int n, int budgetS, boolean extras)
      throws Exception {
    runHa4jOn(system, backend, timing, null, n, budgetS, extras);
  }

  private void runHa4jOn(String system, String backend, String timing, String zk, int n, int budgetS,
      boolean extras) throws Exception {
    long deadline = deadline(budgetS);
    log("== " + system + " (" + backend + ", " + timing + "): up to " + n + " kill -9 samples, budget " + budgetS + " s");
    Samples all = new Samples();
    Samples vipOnly = new Samples();
    Samples leader = new Samples();
    Samples follower = new Samples();
    Samples move = new Samples();
    Samples moveOverhead = new Samples();
    double overlap = 0;
    Map<String, Samples> phases = new LinkedHashMap<>();
    int stalls = 0;
    try (Cluster c = new Cluster(backend, timing, zk, 3, true)) {
      log(String.format(Locale.ROOT, "   started; node start-up (JVM launch -> node started) ms: %.0f %.0f %.0f",
          c.startupMs[0], c.startupMs[1], c.startupMs[2]));
      if (watch.awaitSoleHolderOtherThan(-1, 60_000) < 0) {
        throw new IllegalStateException(system + ": the VIP was never placed; see " + c.dir);
      }
      long lastKill = 0;
      for (int k = 0; k < n && System.nanoTime() < deadline; k++) {
        boolean wantLeader = k % 2 == 1;
        c.reviveDead();
        int holder = awaitSingleHolder();
        if (lastKill > 0) {
          double since = watch.maxOverlapMs(lastKill);
          if (since > overlap) {
            log(String.format(Locale.ROOT, "   OVERLAP after sample %d (node restart included): %.1f ms", k - 1, since));
            overlap = since;
          }
        }
        if (holder < 0) {
          log("   OVERLAP: the VIP is held in " + watch.holders().size() + " namespaces " + watch.holders()
              + " for over 5 s; stopping this system (timeline in " + c.dir + ")");
          timeline(c, lastKill, "overlap-" + system + "-" + k);
          break;
        }
        int l = c.leader();
        // put the group where this sample wants it: on the Raft leader or on a follower (a planned move)
        int target = wantLeader ? l : (holder != l ? holder : (l + 1) % 3);
        if (l >= 0 && target != holder) {
          double[] m = move(c, holder, target);
          if (m != null) {
            move.add(m[0]);
            moveOverhead.add(m[1]);
            log(String.format(Locale.ROOT, "   move n%d -> n%d: %.0f ms (agents %.0f ms, overhead %.0f ms)",
                holder + 1, target + 1, m[0], m[0] - m[1], m[1]));
          }
          holder = awaitHolder();
          l = c.leader();
        }
        boolean isLeader = holder == l;
        long t0 = System.nanoTime();
        lastKill = t0;
        c.nodes[holder].kill9();
        long added = watch.awaitSoleHolderOtherThan(holder, 30_000);
        if (added < 0) {
          stalls++;
          log("   sample " + k + ": STALL: no takeover within 30 s (timeline in " + c.dir + "); restarting n"
              + (holder + 1) + " and going on");
          timeline(c, t0, "stall-" + system + "-" + k);
          c.launch(holder);
          c.awaitStarted(holder);
          continue;
        }
        if (added < t0) {
          double ov = watch.maxOverlapMs(t0 - 60_000_000_000L);
          overlap = Math.max(overlap, ov);
          log(String.format(Locale.ROOT, "   sample %d: OVERLAP: another node already held the VIP when n%d was killed "
              + "(%.1f ms of overlap); sample not counted (timeline in %s)", k, holder + 1, ov, c.dir));
          timeline(c, t0 - 30_000_000_000L, "overlap-" + system + "-" + k);
          c.launch(holder);
          c.awaitStarted(holder);
          sleep(2_000);
          continue;
        }
        int killed = holder;
        int now = watch.holders().stream().filter(h -> h != killed).findFirst().orElse(-1);
        String newId = "n" + (now + 1);
        long healthy = c.awaitEvent(t0, "ResourceStarted", "WebService", newId, 10_000);
        long removed = watch.awaitAbsent(holder, 10_000);
        double ov = watch.maxOverlapMs(t0);
        overlap = Math.max(overlap, ov);
        double ms = ((healthy > 0 ? Math.max(healthy, added) : added) - t0) / 1e6;
        all.add(ms);
        vipOnly.add((added - t0) / 1e6);
        (isLeader ? leader : follower).add(ms);
        // where the time went, from the survivors' own events
        String old = "n" + (holder + 1);
        long lost = c.when(t0, "NodeLost", old, null);
        long gained = c.when(t0, "LeadershipGained", null, null);
        long starting = c.when(t0, "ResourceStarting", "ClusterVIP", newId);
        phase(phases, "detect (kill -> NodeLost)", t0, lost);
        long fenced = c.when(t0, "NodeFenced", old, null);
        phase(phases, "fence delay + transition (NodeLost -> NodeFenced)", lost, fenced);
        phase(phases, "schedule + dispatch (NodeFenced -> start VIP)", fenced, starting);
        phase(phases, "VIP agent (start -> seen in netns)", starting, added);
        phase(phases, "service (VIP seen -> WebService started)", added, healthy);
        phase(phases, "guard removal (kill -> VIP gone from old netns)", t0, removed);
        log(String.format(Locale.ROOT,
            "   sample %d: holder n%d (%s) killed; VIP on n%d after %.0f ms, healthy after %.0f ms; "
                + "NodeLost %s, new controller %s, fenced %s, start %s; old VIP removed after %s ms; overlap %.1f ms",
            k, holder + 1, isLeader ? (backend.equals("raft") ? "Raft leader" : "ha4j controller") : "follower", now + 1, (added - t0) / 1e6, ms,
            rel(lost, t0), rel(gained, t0), rel(fenced, t0), rel(starting, t0), rel(removed, t0), ov));
        timeline(c, t0, "crash-" + system + "-" + k);
        // bring the killed node back (same storage) for the next sample
        c.launch(holder);
        c.awaitStarted(holder);
        c.awaitEvent(System.nanoTime() - 60_000_000_000L, "NodeJoined", old, null, 1); // noop if not yet
        sleep(timing.equals("LAN_FAST") ? 1_000 : 2_000);
      }
      if (extras && System.nanoTime() < globalDeadline) {
        pause(c, system);
      }
      dumpSamples(system, all);
      String split = backend.equals("raft") ? "raft" : "controller";
      failoverJson.put(system, "{" + all.json() + ", \"overlap_ms_max\": " + Samples.num(overlap)
          + ", \"vip_p50_ms\": " + Samples.num(vipOnly.pct(50)) + ", \"timing\": \"" + timing + "\", \"holder_" + split + "_leader\": {" + leader.json()
          + "}, \"holder_" + split + "_follower\": {" + follower.json() + "}, \"phases_p50_ms\": {"
          + phases.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + Samples.num(e.getValue().pct(50)))
          .collect(Collectors.joining(", ")) + "}, \"startup_ms\": [" + Samples.num(c.startupMs[0]) + ", "
          + Samples.num(c.startupMs[1]) + ", " + Samples.num(c.startupMs[2]) + "]}");
      String health = ", \"nodes_ended_on_their_own\": " + c.unexpectedDeaths + ", \"stalls_over_30s\": " + stalls + "}";
      failoverJson.computeIfPresent(system, (key, v) -> v.substring(0, v.length() - 1) + health);
      if (move.n() > 0) {
        extraJson.merge("move", "\"" + system + "\": {" + move.json() + ", \"overhead_p50_ms\": "
            + Samples.num(moveOverhead.pct(50)) + ", \"overhead_max_ms\": " + Samples.num(moveOverhead.max()) + "}",
            (a, b) -> a + ", " + b);
      }
      log(String.format(Locale.ROOT, "   %s: %s; holder also leader {%s}; holder a follower {%s}; overlap max %.1f ms",
          system, all.json(), leader.json(), follower.json(), overlap));
    }
  }

  /** Planned move of the group from {@code from} to {@code to}; returns {total ms, overhead ms} or null. */
  private double[] move(Cluster c, int from, int to) {
    String target = "n" + (to + 1);
    String old = "n" + (from + 1);
    Optional<String> issued = c.ask(from, "MOVE " + target, "MOVE_ISSUED ", Duration.ofSeconds(5));
    if (issued.isEmpty() || !issued.get().startsWith("MOVE_ISSUED")) {
      log("   move to " + target + " not accepted: " + issued.orElse("no answer"));
      return null;
    }
    long t0 = Long.parseLong(issued.get().split(" ")[1]);
    long done = c.awaitEvent(t0, "ResourceStarted", "WebService", target, 20_000);
    c.ask(from, "CLEAR", "CLEARED", Duration.ofSeconds(5));
    if (done < 0) {
      log("   move to " + target + " did not complete within 20 s");
      return null;
    }
    double agents = span(c, t0, "ResourceStopping", "ResourceStopped", "WebService", old)
        + span(c, t0, "ResourceStopping", "ResourceStopped", "ClusterVIP", old)
        + span(c, t0, "ResourceStarting", "ResourceStarted", "ClusterVIP", target)
        + span(c, t0, "ResourceStarting", "ResourceStarted", "WebService", target);
    double total = (done - t0) / 1e6;
    timeline(c, t0, "move-" + c.backend + "-" + c.timing + "-" + t0);
    return new double[] {total, total - agents};
  }

  /** Writes every runtime event since {@code t0} (ms after it) to {@code OUTDIR/<name>.txt}. */
  private void timeline(Cluster c, long t0, String name) {
    StringBuilder b = new StringBuilder();
    for (String[] e : c.events(t0)) {
      b.append(String.format(Locale.ROOT, "%8.1f ms  %s %s %s%n", (Long.parseLong(e[1]) - t0) / 1e6, e[2], e[3], e[4]));
    }
    try {
      Files.writeString(out.resolve(name + ".txt"), b.toString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double span(Cluster c, long since, String begin, String end, String rsc, String node) {
    long a = c.when(since, begin, rsc, node);
    long b = c.when(since, end, rsc, node);
    return a > 0 && b > 0 ? (b - a) / 1e6 : 0;
  }

  /** SIGSTOP the holder for longer than its lease, then SIGCONT: takeover time and overlap at the VIP. */
  private void pause(Cluster c, String system) throws Exception {
    int holder = awaitHolder();
    long lease = c.timing.equals("LAN_FAST") ? 400 : 3_000;
    long t0 = System.nanoTime();
    c.nodes[holder].pause();
    long added = watch.awaitSoleHolderOtherThan(holder, 30_000);
    long stoppedFor = Math.max(2 * lease, (System.nanoTime() - t0) / 1_000_000 + 500);
    sleep(Math.max(0, stoppedFor - (System.nanoTime() - t0) / 1_000_000));
    long removed = watch.awaitAbsent(holder, 1);
    c.nodes[holder].resume();
    long removedAfter = watch.awaitAbsent(holder, 10_000);
    double ov = watch.maxOverlapMs(t0);
    sleep(1_000);
    boolean killed = !c.nodes[holder].isAlive();
    log(String.format(Locale.ROOT, "   SIGSTOP n%d for %d ms: VIP on another node after %s ms; old VIP removed %s "
            + "(at %s ms); paused JVM %s; overlap %.1f ms",
        holder + 1, stoppedFor, rel(added, t0), removed > 0 ? "while paused (by the guard)" : "after SIGCONT",
        rel(removedAfter, t0), killed ? "killed by its guard" : "still alive", ov));
    extraJson.merge("pause", "\"" + system + "\": {\"takeover_ms\": " + Samples.num(added > 0 ? (added - t0) / 1e6
            : Double.NaN) + ", \"stopped_ms\": " + stoppedFor + ", \"overlap_ms_max\": " + Samples.num(ov)
            + ", \"vip_removed_while_paused\": " + (removed > 0) + ", \"paused_jvm_killed\": " + killed + "}",
        (a, b) -> a + ", " + b);
  }

  private void runZk(int n, int budgetS) throws Exception {
    ForkedJvm zk = startZk();
    try {
      String connect = zk.awaitLine(0, l -> l.startsWith("ZK "), Duration.ofSeconds(60))
          .orElseThrow(() -> new IllegalStateException("ZooKeeper ensemble did not start")).substring(3);
      runHa4jOn("ha4j-zookeeper", "zk", "DEFAULT", connect, n, budgetS, false);
    } finally {
      zk.sendLine("BYE");
      zk.close();
    }
  }

  private ForkedJvm startZk() {
    ForkedJvm zk = ForkedJvm.start("zk-ensemble", ZkEnsemble.class, List.of("-Xmx256m", "-XX:+UseSerialGC"),
        List.of(), out);
    track(zk.pid());
    return zk;
  }

  // ---------------------------------------------------------------------------------------------
  // Curator LeaderLatch

  private void runCurator(int n, int budgetS) throws Exception {
    // "as tight as Curator allows safely": 2 s session (10 ticks), connection timeout 1 s; the
    // client's read timeout is 2/3 of the session, so a SUSPENDED (and notLeader) comes before expiry
    int session = 2_000;
    int connection = 1_000;
    long deadline = deadline(budgetS);
    log("== curator-leaderlatch: session " + session + " ms, connection " + connection + " ms; up to " + n
        + " samples, budget " + budgetS + " s");
    ForkedJvm zk = startZk();
    Samples all = new Samples();
    double overlapUntilCleanup = 0;
    List<ForkedJvm> nodes = new ArrayList<>();
    try {
      String connect = zk.awaitLine(0, l -> l.startsWith("ZK "), Duration.ofSeconds(60))
          .orElseThrow(() -> new IllegalStateException("ZooKeeper ensemble did not start")).substring(3);
      for (int i = 0; i < 3; i++) {
        nodes.add(startLatch(i, connect, session, connection));
      }
      for (int k = 0; k < n && System.nanoTime() < deadline; k++) {
        int holder = awaitHolder();
        long t0 = System.nanoTime();
        nodes.get(holder).kill9();
        long added = watch.awaitSoleHolderOtherThan(holder, 30_000);
        if (added < 0) {
          log("   sample " + k + ": no takeover within 30 s");
          break;
        }
        if (added < t0) {
          log("   sample " + k + ": another latch node already held the VIP when n" + (holder + 1) + " was killed; not counted");
          watch.remove(holder, VIP);
          nodes.set(holder, startLatch(holder, connect, session, connection));
          sleep(1_000);
          continue;
        }
        all.add((added - t0) / 1e6);
        // nothing removes a crashed JVM's address: it stays until someone cleans up (here: the harness)
        double ov = watch.maxOverlapMs(t0);
        overlapUntilCleanup = Math.max(overlapUntilCleanup, ov);
        log(String.format(Locale.ROOT, "   sample %d: latch holder n%d killed; VIP on another node after %.0f ms; "
            + "the dead node's VIP is orphaned (%.0f ms until the harness removed it)", k, holder + 1,
            (added - t0) / 1e6, ov));
        watch.remove(holder, VIP);
        nodes.set(holder, startLatch(holder, connect, session, connection));
        sleep(1_000);
      }
      // pause: the latch holder frozen longer than its session; nothing removes its VIP until SIGCONT
      int holder = awaitHolder();
      long t0 = System.nanoTime();
      nodes.get(holder).pause();
      long added = watch.awaitSoleHolderOtherThan(holder, 30_000);
      sleep(Math.max(0, 2L * session - (System.nanoTime() - t0) / 1_000_000));
      nodes.get(holder).resume();
      long removed = watch.awaitAbsent(holder, 10_000);
      double ov = watch.maxOverlapMs(t0);
      log(String.format(Locale.ROOT, "   SIGSTOP of latch holder n%d for %d ms: VIP on another node after %s ms, "
          + "old VIP removed after %s ms (after SIGCONT): overlap %.0f ms", holder + 1, 2 * session,
          rel(added, t0), rel(removed, t0), ov));
      extraJson.merge("pause", "\"curator-leaderlatch\": {\"takeover_ms\": " + Samples.num((added - t0) / 1e6)
          + ", \"stopped_ms\": " + 2 * session + ", \"overlap_ms_max\": " + Samples.num(ov) + "}", (a, b) -> a + ", " + b);
      dumpSamples("curator-leaderlatch", all);
      failoverJson.put("curator-leaderlatch", "{" + all.json() + ", \"overlap_ms_max\": null, "
          + "\"overlap_unbounded\": true, \"overlap_note\": \"kill -9 leaves the VIP on the dead node: nothing "
          + "removes it (the harness did); under SIGSTOP both held it for sigstop_overlap_ms\", \"session_timeout_ms\": "
          + session + ", \"connection_timeout_ms\": " + connection + ", \"sigstop_overlap_ms\": " + Samples.num(ov) + "}");
      log("   curator-leaderlatch: " + all.json());
    } finally {
      for (ForkedJvm j : nodes) {
        j.resume();
        j.close();
      }
      zk.sendLine("BYE");
      zk.close();
      for (int i = 0; i < 3; i++) {
        if (watch.holders().contains(i)) {
          watch.remove(i, VIP);
        }
      }
    }
  }

  private ForkedJvm startLatch(int i, String connect, int session, int connection) {
    ForkedJvm j = ForkedJvm.start("latch-n" + (i + 1) + "-" + System.nanoTime(), LatchNode.class,
        List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
        List.of(connect, ns.get(i), VIP, Integer.toString(session), Integer.toString(connection)), out);
    track(j.pid());
    j.awaitLine(0, l -> l.startsWith("STARTED"), Duration.ofSeconds(60));
    return j;
  }

  // ---------------------------------------------------------------------------------------------
  // keepalived

  private void runKeepalived(String system, String advert, int n, int budgetS) throws Exception {
    if (!Files.isExecutable(Path.of("/usr/sbin/keepalived"))) {
      log("== " + system + ": keepalived is not installed (apt-get install keepalived); skipped");
      return;
    }
    long deadline = deadline(budgetS);
    log("== " + system + ": VRRP" + (advert.equals("1") ? "v2" : "v3") + ", advert_int " + advert
        + "; up to " + n + " samples, budget " + budgetS + " s");
    Path dir = Files.createTempDirectory(out, system + "-");
    Samples all = new Samples();
    double overlapAny = 0;
    int dualMasters = 0;
    Process[] procs = new Process[3];
    try {
      for (int i = 0; i < 3; i++) {
        procs[i] = startKeepalived(dir, i, advert);
      }
      for (int k = 0; k < n && System.nanoTime() < deadline; k++) {
        int holder = awaitHolder();
        sleep(500);
        long t0 = System.nanoTime();
        killNamespace(holder);
        long added = watch.awaitSoleHolderOtherThan(holder, 30_000);
        if (added < 0) {
          log("   sample " + k + ": no takeover within 30 s");
          break;
        }
        if (added < t0) {
          dualMasters++;
          log(String.format(Locale.ROOT, "   sample %d: DUAL MASTER: another node already held the VIP when n%d was "
              + "killed; not counted", k, holder + 1));
          watch.remove(holder, VIP);
          procs[holder] = startKeepalived(dir, holder, advert);
          sleep(1_500);
          continue;
        }
        all.add((added - t0) / 1e6);
        double ov = watch.maxOverlapMs(t0);
        log(String.format(Locale.ROOT, "   sample %d: master n%d killed (-9); VIP on another node after %.0f ms; "
            + "dead master's VIP orphaned (%.0f ms until removed by the harness)", k, holder + 1, (added - t0) / 1e6, ov));
        watch.remove(holder, VIP);
        procs[holder] = startKeepalived(dir, holder, advert);
        sleep(1_500);
      }
      // SIGSTOP of the master for 2 s: a backup takes over; the frozen master still has the VIP
      double pauseOverlap = Double.NaN;
      List<Integer> before = watch.holders();
      if (before.size() == 1) {
        int holder = before.get(0);
        long t0 = System.nanoTime();
        signalKeepalived(holder, "-STOP");
        long added = watch.awaitSoleHolderOtherThan(holder, 10_000);
        sleep(Math.max(0, 2_000 - (System.nanoTime() - t0) / 1_000_000));
        signalKeepalived(holder, "-CONT");
        long removed = watch.awaitAbsent(holder, 10_000);
        pauseOverlap = watch.maxOverlapMs(t0);
        log(String.format(Locale.ROOT, "   SIGSTOP of master n%d for 2000 ms: VIP on another node after %s ms; "
            + "old VIP removed after %s ms (after SIGCONT); overlap %.0f ms", holder + 1, rel(added, t0),
            rel(removed, t0), pauseOverlap));
        extraJson.merge("pause", "\"" + system + "\": {\"takeover_ms\": " + Samples.num(added > 0 ? (added - t0) / 1e6
            : Double.NaN) + ", \"stopped_ms\": 2000, \"overlap_ms_max\": " + Samples.num(pauseOverlap) + "}",
            (a, b) -> a + ", " + b);
      }
      // overlap in steady state: with a tight advert interval on a loaded machine, backups may claim too
      long since = System.nanoTime();
      sleep(3_000);
      overlapAny = watch.maxOverlapMs(since);
      dumpSamples(system, all);
      failoverJson.put(system, "{" + all.json() + ", \"overlap_ms_max\": null, \"overlap_unbounded\": true, "
          + "\"steady_state_overlap_ms\": " + Samples.num(overlapAny) + ", \"sigstop_overlap_ms\": "
          + Samples.num(pauseOverlap)
          + ", \"overlap_note\": \"kill -9 of keepalived leaves the VIP on the dead node: nothing removes it "
          + "(the harness did); steady_state_overlap_ms: both masters over 3 s without failures\", "
          + "\"advert_int_s\": " + advert + ", \"dual_master_at_kill\": " + dualMasters + "}");
      log("   " + system + ": " + all.json() + "; steady-state overlap " + Samples.num(overlapAny) + " ms");
    } finally {
      for (int i = 0; i < 3; i++) {
        killNamespace(i);
        if (watch.holders().contains(i)) {
          watch.remove(i, VIP);
        }
      }
    }
  }

  private Process startKeepalived(Path dir, int i, String advert) throws IOException {
    String v3 = advert.equals("1") ? "" : "  vrrp_version 3\n";
    Path conf = dir.resolve("keepalived-n" + (i + 1) + ".conf");
    Files.writeString(conf, "global_defs {\n  router_id n" + (i + 1) + "\n" + v3
        + "  enable_script_security\n  vrrp_garp_master_delay 0\n  vrrp_garp_master_repeat 1\n}\n"
        + "vrrp_instance VI_1 {\n  state BACKUP\n  nopreempt\n  interface eth0\n  virtual_router_id 77\n"
        + "  priority " + (100 + i) + "\n  advert_int " + advert + "\n"
        + "  virtual_ipaddress {\n    " + VIP + " dev eth0\n  }\n}\n");
    Process p = new ProcessBuilder(NetnsLab.IP, "netns", "exec", ns.get(i), "/usr/sbin/keepalived", "-n", "-l", "-P",
        // fresh pid files per start: a killed daemon's file may still name a not yet reaped pid, and
        // keepalived would then refuse to start ("daemon is already running")
        "-f", conf.toString(), "-p", dir.resolve("n" + (i + 1) + "-" + System.nanoTime() + ".pid").toString(),
        "-r", dir.resolve("n" + (i + 1) + "-vrrp-" + System.nanoTime() + ".pid").toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
            dir.resolve("keepalived-n" + (i + 1) + ".log").toFile())).start();
    track(p.pid());
    return p;
  }

  /**
   * kill -9 every keepalived process in namespace i (parent and VRRP child): a crash of the whole
   * daemon. Only keepalived: the namespace also lists the harness's own {@code ip -n NS monitor}.
   */
  private void killNamespace(int i) {
    signalKeepalived(i, "-9");
  }

  private void signalKeepalived(int i, String signal) {
    String pids = NetnsLab.run(List.of(NetnsLab.IP, "netns", "pids", ns.get(i))).output().strip();
    List<String> cmd = new ArrayList<>(List.of("kill", signal));
    for (String pid : pids.isEmpty() ? new String[0] : pids.split("\\s+")) {
      try {
        if (Files.readString(Path.of("/proc", pid, "comm")).strip().equals("keepalived")) {
          cmd.add(pid);
        }
      } catch (IOException e) {
        // gone already
      }
    }
    if (cmd.size() > 2) {
      NetnsLab.run(cmd);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // footprint

  private void footprint(List<Integer> sizes, int windowS) throws Exception {
    for (int size : sizes) {
      if (System.nanoTime() > globalDeadline) {
        log("== footprint " + size + " nodes: skipped (time budget)");
        continue;
      }
      log("== footprint: " + size + " ha4j-raft nodes (DEFAULT), in-JVM service only, idle window " + windowS + " s");
      try (Cluster c = new Cluster("raft", "DEFAULT", null, size, false)) {
        sleep(full ? 30_000 : 5_000); // settle: elections, first schedule, most of the JIT
        long[] cpu0 = new long[size];
        for (int i = 0; i < size; i++) {
          cpu0[i] = cpuTicks(c.nodes[i].pid());
        }
        Map<String, Long> threads0 = threadTicks(c.nodes[0].pid());
        long t0 = System.nanoTime();
        sleep(windowS * 1_000L);
        double secs = (System.nanoTime() - t0) / 1e9;
        Map<String, Long> threads1 = threadTicks(c.nodes[0].pid());
        Map<String, Long> busy = new LinkedHashMap<>();
        threads1.forEach((t, v) -> busy.merge(t.substring(t.indexOf(' ') + 1), v - threads0.getOrDefault(t, 0L), Long::sum));
        String top = busy.entrySet().stream().filter(e -> e.getValue() > 0)
            .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(8)
            .map(e -> String.format(Locale.ROOT, "%s %.2f%%", e.getKey(), e.getValue() / secs))
            .collect(Collectors.joining(", "));
        log("   n1's busiest threads (% of a core, thread names without digits): " + top);
        Samples cpu = new Samples();
        Samples heap = new Samples();
        Samples rss = new Samples();
        for (int i = 0; i < size; i++) {
          cpu.add((cpuTicks(c.nodes[i].pid()) - cpu0[i]) / 100.0 / secs * 100.0);
          rss.add(rssKb(c.nodes[i].pid()) / 1024.0);
          c.ask(i, "HEAP", "HEAP ", Duration.ofSeconds(10)).filter(l -> l.startsWith("HEAP "))
              .ifPresent(l -> heap.add(Long.parseLong(l.split(" ")[1]) / 1048576.0));
        }
        Samples start = new Samples();
        for (double s : c.startupMs) {
          start.add(s);
        }
        log(String.format(Locale.ROOT, "   %d nodes: CPU %% of a core per node: max %.2f, p50 %.2f; heap used after GC MB: "
                + "max %.1f; RSS MB: max %.0f; start-up ms: p50 %.0f max %.0f", size, cpu.max(), cpu.pct(50),
            heap.max(), rss.max(), start.pct(50), start.max()));
        extraJson.merge("idle", "\"ha4j-raft-" + size + "\": {\"cpu_pct\": " + Samples.num(cpu.max())
                + ", \"cpu_pct_p50\": " + Samples.num(cpu.pct(50)) + ", \"heap_mb\": " + Samples.num(heap.max())
                + ", \"rss_mb\": " + Samples.num(rss.max()) + ", \"window_s\": " + windowS
                + ", \"startup_ms_p50\": " + Samples.num(start.pct(50)) + ", \"startup_ms_max\": "
                + Samples.num(start.max()) + "}",
            (a, b) -> a + ", " + b);
      }
    }
  }

  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] w = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(w[11]) + Long.parseLong(w[12]); // utime + stime, in clock ticks (100 Hz)
  }

  /** Per thread ("tid name-without-digits"): utime + stime in clock ticks. */
  private static Map<String, Long> threadTicks(long pid) {
    Map<String, Long> out = new LinkedHashMap<>();
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path t : tasks.toList()) {
        try {
          String stat = Files.readString(t.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
          String[] w = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          out.put(t.getFileName() + " " + name, Long.parseLong(w[11]) + Long.parseLong(w[12]));
        } catch (IOException | RuntimeException e) {
          // thread ended
        }
      }
    } catch (IOException e) {
      // process ended
    }
    return out;
  }

  private static long rssKb(long pid) throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("[^0-9]", ""));
      }
    }
    return 0;
  }

  // ---------------------------------------------------------------------------------------------

  /** The one namespace holding the VIP, waiting up to 60 s for one; -1 when two or more hold it for over 5 s. */
  private int awaitSingleHolder() {
    long end = System.nanoTime() + 60_000_000_000L;
    long multipleSince = -1;
    while (System.nanoTime() < end) {
      List<Integer> h = watch.holders();
      if (h.size() == 1) {
        return h.get(0);
      }
      if (h.size() > 1) {
        multipleSince = multipleSince < 0 ? System.nanoTime() : multipleSince;
        if (System.nanoTime() - multipleSince > 5_000_000_000L) {
          return -1;
        }
      } else {
        multipleSince = -1;
      }
      sleep(20);
    }
    throw new IllegalStateException("no VIP holder within 60 s");
  }

  private int awaitHolder() {
    long end = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < end) {
      List<Integer> h = watch.holders();
      if (h.size() == 1) {
        return h.get(0);
      }
      sleep(20);
    }
    throw new IllegalStateException("no single VIP holder within 60 s: " + watch.holders());
  }

  private long deadline(int budgetS) {
    // -Dha4j.bench.budgetS=SECONDS overrides every step's budget (and lifts the global one): a longer
    // run of one step, e.g. "quick OUT ha4j-raft" with -Dha4j.bench.budgetS=600 -Dha4j.bench.n=30
    Integer override = Integer.getInteger("ha4j.bench.budgetS");
    if (override != null) {
      return System.nanoTime() + override * 1_000_000_000L;
    }
    return System.nanoTime() + budgetS * 1_000_000_000L; // the global deadline only skips whole steps
  }

  private static void phase(Map<String, Samples> phases, String name, long from, long to) {
    if (from > 0 && to > 0) {
      phases.computeIfAbsent(name, k -> new Samples()).add((to - from) / 1e6);
    }
  }

  private static String rel(long t, long t0) {
    return t > 0 ? String.format(Locale.ROOT, "%.0f", (t - t0) / 1e6) : "-";
  }

  private void dumpSamples(String system, Samples s) throws IOException {
    Files.writeString(out.resolve("samples-" + system + ".dat"),
        s.values().stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).collect(Collectors.joining("\n")) + "\n");
  }

  private synchronized void track(long pid) {
    try {
      Files.writeString(out.resolve("pids"), pid + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void writeJson() throws IOException {
    StringBuilder b = new StringBuilder("{\n  \"failover\": {\n");
    b.append(failoverJson.entrySet().stream().map(e -> "    \"" + e.getKey() + "\": " + e.getValue())
        .collect(Collectors.joining(",\n")));
    b.append("\n  }");
    for (var e : extraJson.entrySet()) {
      b.append(",\n  \"").append(e.getKey()).append("\": {").append(e.getValue()).append("}");
    }
    b.append(",\n  \"mode\": \"").append(full ? "full" : "quick").append("\"\n}\n");
    Files.writeString(out.resolve("failover.json"), b.toString());
    log("wrote " + out.resolve("failover.json"));
  }

  private static int[] freePorts(int n) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0);
        sockets.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static synchronized void log(String line) {
    System.out.println(line);
    System.out.flush();
  }

  private void close() {
    synchronized (this) {
      if (ns.isEmpty()) {
        return;
      }
      watch.close();
      lab.close();
      ns.clear();
    }
  }
}
