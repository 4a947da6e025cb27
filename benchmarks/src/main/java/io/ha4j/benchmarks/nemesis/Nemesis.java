package io.ha4j.benchmarks.nemesis;

import io.ha4j.benchmarks.failover.AddressWatch;
import io.ha4j.testkit.ForkedJvm;
import io.ha4j.testkit.NetnsLab;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The real-process nemesis of issue 9: a 3-node and a 5-node ha4j cluster, each node a separate JVM
 * ({@link NemesisNode}) in its own network namespace on a bridge, its Raft storage on a small tmpfs
 * mounted here; five resources (a group of two, three primitives), each an address on the node
 * namespace's {@code res0} device, observed by {@code ip monitor} in every namespace ({@link AddressWatch}:
 * the resource itself) and by the agents' journal files (node, epoch, monotonic time).
 *
 * <p>Faults, drawn from a seeded {@link Random} in shuffled rounds (so each type appears equally):
 * kill -9 + restart, SIGSTOP longer than the lease, minority / majority partitions, the Raft leader
 * isolated, a slow agent, a hanging agent, a full Raft disk, a controller killed in the middle of a
 * (slowed) transition, an admin write followed by a crash of the writer or the controller. Three in
 * four aim at a node holding a resource or at the Raft leader. Every 1-3 faults everything is healed
 * and the run waits until every resource runs where the scheduler places it.
 *
 * <p>Checks after every fault and at the end: no two namespaces held one resource's address at the
 * same time, no two nodes' journals ran one resource at the same time (start ... stopped, or the JVM's
 * death), every acknowledged admin write is stored (read back after crashes), recovery within {@value
 * #RECOVERY_S} s of a heal, no uncaught exception and no ERROR with a stack trace from {@code io.ha4j}
 * in any node's log.
 *
 * <p>Usage: {@code Nemesis short|long SEED OUTDIR} (root). Prints one summary line per cluster and
 * a total {@code nemesis: ...} line; exits 1 on any failure, printing the seed to replay.
 */
public final class Nemesis {
  static final String TAG = "ha4jnem";
  static final int RECOVERY_S = 120;
  private static final Duration LEASE = Duration.ofSeconds(3);
  /** The node JVMs' options; {@code -Dha4j.nemesis.nodeOpts="..."} adds more (e.g. a debug log level). */
  private static final List<String> NODE_JVM = nodeJvm();

  private static List<String> nodeJvm() {
    List<String> opts = new ArrayList<>(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Xshare:auto", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
    String extra = System.getProperty("ha4j.nemesis.nodeOpts", "").strip();
    if (!extra.isEmpty()) {
      opts.addAll(List.of(extra.split("\\s+")));
    }
    return List.copyOf(opts);
  }

  enum Fault {
    KILL_RESTART, SIGSTOP, PARTITION_MINORITY, PARTITION_MAJORITY, ISOLATE_LEADER, SLOW_AGENT, HANGING_AGENT,
    DISK_FULL, FAILOVER_MID_TRANSITION, ADMIN_WRITE_THEN_CRASH
  }

  private final Path out;
  private final long seed;
  private final Random random;
  private final Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
  private final List<String> failures = new ArrayList<>();
  private int faults;
  private int bites;
  private int overlaps;
  private int lostWrites;
  private int acknowledged;
  private int halts;
  private int guardKills;
  private int raftErrors;
  private int storageRestores;
  private final List<Double> recoveries = new ArrayList<>();
  private volatile Cluster current;

  private Nemesis(Path out, long seed) {
    this.out = out;
    this.seed = seed;
    this.random = new Random(seed);
  }

  public static void main(String[] args) throws Exception {
    boolean longRun = args.length > 0 && args[0].equals("long");
    long seed = args.length > 1 ? Long.parseLong(args[1]) : System.currentTimeMillis() % 100_000;
    Path out = Path.of(args.length > 2 ? args[2] : "benchmarks/target/nemesis");
    Files.createDirectories(out);
    Optional<String> why = NetnsLab.unavailableReason();
    if (why.isPresent()) {
      System.out.println("nemesis: cannot run: " + why.get());
      System.exit(2);
    }
    int perSize = Integer.getInteger("ha4j.nemesis.faults", longRun ? 500 : 50);
    long budgetS = Long.getLong("ha4j.nemesis.budgetS", longRun ? 14_400 : 300);
    Nemesis n = new Nemesis(out, seed);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      Cluster c = n.current;
      if (c != null) {
        c.close();
      }
    }));
    long t0 = System.nanoTime();
    log(String.format(Locale.ROOT, "nemesis: %s run, seed %d, %d faults per cluster size, budget %d s per size, load %s",
        longRun ? "long" : "short", seed, perSize, budgetS, Files.readString(Path.of("/proc/loadavg")).strip()));
    for (String size : System.getProperty("ha4j.nemesis.sizes", "3,5").split(",")) {
      n.runCluster(Integer.parseInt(size), perSize, budgetS);
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    String types = n.counts.entrySet().stream().map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + "=" + e.getValue())
        .collect(Collectors.joining(" "));
    double worst = n.recoveries.stream().mapToDouble(d -> d).max().orElse(0);
    List<Double> sorted = n.recoveries.stream().sorted().toList();
    double median = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    int minType = n.counts.values().stream().mapToInt(i -> i).min().orElse(0);
    int wantType = longRun ? 100 : 10;
    if (minType < wantType) {
      n.failures.add("a fault type appeared only " + minType + " times (want >= " + wantType + ")");
    }
    if (n.bites * 2 < n.faults) {
      n.failures.add("only " + n.bites + " of " + n.faults + " faults hit a holder or the Raft leader");
    }
    log(String.format(Locale.ROOT, "nemesis: faults=%d bites=%d overlaps=%d lost-writes=%d acknowledged-writes=%d "
            + "worst-recovery=%.1fs median-recovery=%.1fs heals=%d halts=%d guard-kills=%d raft-errors=%d "
            + "storage-restores=%d duration=%.0fs seed=%d load=%s", n.faults, n.bites, n.overlaps, n.lostWrites,
        n.acknowledged, worst, median, n.recoveries.size(), n.halts, n.guardKills, n.raftErrors, n.storageRestores, secs,
        seed,
        Files.readString(Path.of("/proc/loadavg")).strip().split(" ")[0]));
    log("nemesis: per type: " + types);
    if (!n.failures.isEmpty()) {
      log("nemesis: FAILED (" + n.failures.size() + " problems; replay: benchmarks/nemesis.sh "
          + (longRun ? "long" : "short") + " " + seed + "); raw run in " + out);
      n.failures.stream().limit(30).forEach(f -> log("  - " + f));
      System.exit(1);
    }
    log("nemesis: PASSED (seed " + seed + ")");
    System.exit(0);
  }

  // ------------------------------------------------------------------------------------------ run

  private void runCluster(int size, int faultCount, long budgetS) throws Exception {
    try (Cluster c = new Cluster(size)) {
      current = c;
      int f0 = faults;
      int b0 = bites;
      int r0 = recoveries.size();
      c.healAndRecover("start");
      // the budget is for the faults: starting 5 JVMs on a loaded 2-core machine varies by seconds
      long deadline = System.nanoTime() + budgetS * 1_000_000_000L;
      List<Fault> bag = new ArrayList<>();
      int sinceHeal = 0;
      int done = 0;
      while (done < faultCount && System.nanoTime() < deadline) {
        if (bag.isEmpty()) {
          Collections.addAll(bag, Fault.values());
          Collections.shuffle(bag, random);
        }
        Fault f = bag.remove(bag.size() - 1);
        c.inject(f, ++done);
        sleep(millis(500, 2500));
        c.check("after fault " + done);
        sinceHeal++;
        if (sinceHeal >= 3 || random.nextInt(2) == 0) {
          c.healAndRecover("heal after fault " + done);
          sinceHeal = 0;
        }
      }
      c.healAndRecover("final heal");
      c.check("end");
      c.checkLogs();
      if (done < faultCount) {
        failures.add(size + " nodes: only " + done + " of " + faultCount + " faults within the budget of " + budgetS + " s");
      }
      List<Double> mine = recoveries.subList(r0, recoveries.size());
      log(String.format(Locale.ROOT, "nemesis: nodes=%d faults=%d bites=%d overlaps=%d lost-writes=%d worst-recovery=%.1fs",
          size, faults - f0, bites - b0, overlaps, lostWrites, mine.stream().mapToDouble(d -> d).max().orElse(0)));
    } finally {
      current = null;
    }
  }

  /** One cluster of {@code size} node JVMs in namespaces. */
  private final class Cluster implements AutoCloseable {
    final int size;
    final Path dir;
    final NetnsLab lab;
    final List<String> ns = new ArrayList<>();
    final List<String> names = new ArrayList<>();
    final AddressWatch watch;
    final ForkedJvm[] nodes;
    final List<ForkedJvm> all = new ArrayList<>();
    final Path[] raftDirs;
    final Path[] journals;
    final boolean[] paused;
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    /** Deaths: node index, nanos. */
    final List<long[]> deaths = Collections.synchronizedList(new ArrayList<>());
    final Set<Integer> linksDown = new TreeSet<>();
    final List<int[]> blackholes = new ArrayList<>();
    final Set<Integer> fullDisks = new TreeSet<>();
    final AtomicInteger tags = new AtomicInteger();
    final long startNanos = System.nanoTime();
    int generation;
    int reportedOverlaps;
    // the model of acknowledged admin writes (as ha-test's NemesisTest); uncertain = last write not acknowledged
    final Map<String, String> prefer = new TreeMap<>();
    final Map<String, Set<String>> bans = new TreeMap<>();
    final Set<String> disabled = new TreeSet<>();
    final Set<String> uncertain = new TreeSet<>();
    final Set<Integer> expectedDeaths = Collections.synchronizedSet(new TreeSet<>());

    Cluster(int size) throws IOException {
      this.size = size;
      this.dir = out.resolve("nodes-" + size);
      Files.createDirectories(dir);
      this.nodes = new ForkedJvm[size];
      this.raftDirs = new Path[size];
      this.journals = new Path[size];
      this.paused = new boolean[size];
      this.lab = new NetnsLab(TAG);
      Files.writeString(out.resolve("netns-tag"), TAG + "\n");
      List<String> peers = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        names.add("n" + (i + 1));
        ns.add(lab.host(names.get(i), ip(i) + "/24"));
        // the resources' device: a veth pair inside the namespace (the dummy module is not loadable everywhere)
        NetnsLab.ok(NetnsLab.IP, "-n", ns.get(i), "link", "add", "res0", "type", "veth", "peer", "name", "res0p");
        NetnsLab.ok(NetnsLab.IP, "-n", ns.get(i), "link", "set", "res0p", "up");
        NetnsLab.ok(NetnsLab.IP, "-n", ns.get(i), "link", "set", "res0", "up");
        peers.add(names.get(i) + "@" + ip(i) + ":7000");
        raftDirs[i] = dir.resolve(names.get(i) + "-raft");
        Files.createDirectories(raftDirs[i]);
        Files.writeString(out.resolve("mounts"), raftDirs[i].toAbsolutePath() + "\n", StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
        NetnsLab.ok("mount", "-t", "tmpfs", "-o", "size=24m,mode=0700", "ha4jnem", raftDirs[i].toString());
        journals[i] = dir.resolve(names.get(i) + ".journal");
      }
      List<String> cidrs = new ArrayList<>();
      for (int r = 0; r < NemesisNode.RESOURCES.size(); r++) {
        cidrs.add(NemesisNode.address(r));
      }
      watch = new AddressWatch(ns, cidrs);
      this.peers = String.join(",", peers);
      for (int i = 0; i < size; i++) {
        launch(i);
      }
      for (int i = 0; i < size; i++) {
        awaitStarted(i);
      }
      event("cluster of " + size + " started");
    }

    final String peers;

    String ip(int i) {
      return "10.88.0." + (i + 1);
    }

    void launch(int i) {
      List<String> args = List.of("id=" + names.get(i), "nodes=" + String.join(",", names), "peers=" + peers,
          "dir=" + raftDirs[i].resolve("data"), "journal=" + journals[i],
          "guardLog=" + dir.resolve(names.get(i) + "-guard.err"));
      ForkedJvm jvm = ForkedJvm.start(names.get(i) + "-" + (generation++), List.of(NetnsLab.IP, "netns", "exec", ns.get(i)),
          NemesisNode.class, NODE_JVM, args, dir);
      nodes[i] = jvm;
      paused[i] = false;
      all.add(jvm);
      track(jvm.pid());
      expectedDeaths.remove(i);
      int idx = i;
      ProcessHandle.of(jvm.pid()).ifPresent(h -> h.onExit().thenRun(() -> {
        long now = System.nanoTime();
        deaths.add(new long[] {idx, now});
        event(names.get(idx) + " (" + jvm.name() + ") ended" + (expectedDeaths.contains(idx) ? "" : " on its own"));
      }));
      event("launched " + jvm.name() + " pid " + jvm.pid());
    }

    boolean awaitStarted(int i) {
      ForkedJvm jvm = nodes[i];
      jvm.awaitLine(0, l -> l.startsWith("GUARD "), Duration.ofSeconds(60))
          .ifPresent(g -> track(Long.parseLong(g.split(" ")[1])));
      Optional<String> started = jvm.awaitLine(0, l -> l.startsWith("STARTED ") || l.startsWith("STARTFAILED "),
          Duration.ofSeconds(90));
      if (started.isPresent() && started.get().startsWith("STARTFAILED ") && started.get().contains("cannot be read")) {
        // what the error tells the operator: move the unreadable Raft storage away and start again
        event(names.get(i) + " cannot read its Raft storage; moving it away and restarting: " + started.get());
        storageRestores++;
        expectedDeaths.add(i);
        try {
          Path data = raftDirs[i].resolve("data");
          if (Files.exists(data)) {
            try (var walk = Files.walk(data)) {
              walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
          }
        } catch (IOException e) {
          failures.add("cannot clear the Raft storage of " + names.get(i) + ": " + e);
        }
        launch(i);
        return awaitStarted(i);
      }
      return started.filter(l -> l.startsWith("STARTED ")).isPresent();
    }

    boolean up(int i) {
      return nodes[i].isAlive() && !paused[i];
    }

    /** Sends {@code command} to node i; its answer (without the tag), or empty (dead, paused, timeout). */
    Optional<String> ask(int i, String command, Duration timeout) {
      if (!up(i)) {
        return Optional.empty();
      }
      ForkedJvm jvm = nodes[i];
      String tag = "t" + tags.incrementAndGet();
      int from = jvm.lines().size();
      try {
        jvm.sendLine(tag + " " + command);
      } catch (java.io.UncheckedIOException e) {
        return Optional.empty();
      }
      return jvm.awaitLine(from, l -> l.startsWith(tag + " "), timeout).map(l -> l.substring(tag.length() + 1));
    }

    /** The Raft leader among reachable nodes (not cut off), or -1. */
    int raftLeader() {
      return firstWhoseRole(r -> r.startsWith("ROLE true"));
    }

    /** The ha4j controller among reachable nodes, or -1. */
    int controller() {
      return firstWhoseRole(r -> r.endsWith(" true"));
    }

    /** The first reachable node whose {@code ROLE <raft leader> <controller>} answer matches, or -1. */
    int firstWhoseRole(java.util.function.Predicate<String> role) {
      for (int i = 0; i < size; i++) {
        if (!cutOff(i) && ask(i, "ROLE", Duration.ofSeconds(2)).filter(role).isPresent()) {
          return i;
        }
      }
      return -1;
    }

    boolean cutOff(int i) {
      return linksDown.contains(i) || blackholes.stream().anyMatch(b -> b[0] == i);
    }

    Set<Integer> holders() {
      Set<Integer> h = new TreeSet<>();
      for (int r = 0; r < NemesisNode.RESOURCES.size(); r++) {
        h.addAll(watch.holders(r));
      }
      return h;
    }

    // ---------------------------------------------------------------------------------- faults

    int target(Set<Integer> biting) {
      List<Integer> aim = new ArrayList<>(biting);
      if (!aim.isEmpty() && random.nextInt(4) != 0) {
        return aim.get(random.nextInt(aim.size()));
      }
      return random.nextInt(size);
    }

    void inject(Fault f, int k) {
      counts.merge(f, 1, Integer::sum);
      faults++;
      int leader = raftLeader();
      Set<Integer> biting = holders();
      if (leader >= 0) {
        biting.add(leader);
      }
      int t = target(biting);
      String what;
      switch (f) {
        case KILL_RESTART -> {
          kill(t);
          long wait = millis(0, 3000);
          sleep(wait);
          launch(t);
          what = "kill -9 " + names.get(t) + ", restarted " + wait + " ms later";
        }
        case SIGSTOP -> {
          long ms = LEASE.toMillis() + millis(500, 3000);
          paused[t] = true;
          nodes[t].pause();
          event("SIGSTOP " + names.get(t));
          sleep(ms);
          nodes[t].resume();
          paused[t] = false;
          what = "SIGSTOP " + names.get(t) + " for " + ms + " ms" + (nodes[t].isAlive() ? "" : " (killed by its guard)");
        }
        case PARTITION_MINORITY, PARTITION_MAJORITY -> {
          int n = f == Fault.PARTITION_MINORITY ? 1 + random.nextInt((size - 1) / 2)
              : size / 2 + 1 + random.nextInt(size - 1 - size / 2);
          Set<Integer> cut = new TreeSet<>(List.of(t));
          while (cut.size() < n) {
            cut.add(random.nextInt(size));
          }
          what = partition(cut);
        }
        case ISOLATE_LEADER -> {
          t = leader >= 0 ? leader : t;
          what = partition(new TreeSet<>(List.of(t))) + " (the Raft leader" + (leader < 0 ? ": none found" : "") + ")";
        }
        case SLOW_AGENT -> {
          long ms = millis(500, 4000);
          ask(t, "SLOW " + ms, Duration.ofSeconds(5));
          what = "agents of " + names.get(t) + " slow: " + ms + " ms per operation";
        }
        case HANGING_AGENT -> {
          ask(t, "HANG", Duration.ofSeconds(5));
          what = "agents of " + names.get(t) + " hang";
        }
        case DISK_FULL -> what = "Raft disk of " + names.get(t) + " full (" + fill(t) + ")";
        case FAILOVER_MID_TRANSITION -> {
          long ms = millis(500, 2000);
          for (int i = 0; i < size; i++) {
            ask(i, "SLOW " + ms, Duration.ofSeconds(3));
          }
          int ctl = controller();
          t = ctl >= 0 ? ctl : t;
          List<Integer> g = watch.holders(0);
          int to = (g.isEmpty() ? 0 : g.get(0) + 1 + random.nextInt(size - 1)) % size;
          int via = random.nextInt(size);
          String ack = write(via, "move", "G", names.get(to));
          long delay = millis(100, 2500);
          sleep(delay);
          kill(t);
          sleep(millis(0, 2000));
          launch(t);
          what = "operations slowed to " + ms + " ms, move G to " + names.get(to) + " via " + names.get(via) + " (" + ack
              + "), controller " + (ctl >= 0 ? names.get(ctl) : "(none found)") + " killed " + delay + " ms later, restarted";
        }
        case ADMIN_WRITE_THEN_CRASH -> {
          List<Integer> live = new ArrayList<>();
          for (int i = 0; i < size; i++) {
            if (up(i) && !cutOff(i)) {
              live.add(i);
            }
          }
          int via = live.isEmpty() ? t : live.get(random.nextInt(live.size()));
          String w = randomWrite(via);
          int ctl = random.nextBoolean() ? controller() : -1;
          t = ctl >= 0 ? ctl : via;
          kill(t);
          sleep(millis(0, 2000));
          launch(t);
          what = w + ", then kill -9 " + (ctl >= 0 ? "the controller " : "the writer ") + names.get(t) + ", restarted";
        }
        default -> throw new IllegalStateException();
      }
      boolean bit = biting.contains(t) || f == Fault.PARTITION_MAJORITY && leader >= 0;
      if (bit) {
        bites++;
      }
      event(String.format(Locale.ROOT, "fault %d %s: %s%s", k, f, what, bit ? " [bites]" : ""));
    }

    void kill(int i) {
      expectedDeaths.add(i);
      paused[i] = false;
      nodes[i].kill9();
    }

    String partition(Set<Integer> cut) {
      List<Integer> other = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        if (!cut.contains(i)) {
          other.add(i);
        }
      }
      String sides = cut.stream().map(names::get).collect(Collectors.joining(",")) + " | "
          + other.stream().map(names::get).collect(Collectors.joining(","));
      if (cut.size() == 1 || other.size() == 1) {
        int lone = cut.size() == 1 ? cut.iterator().next() : other.get(0);
        if (linksDown.add(lone)) {
          lab.cut(names.get(lone));
        }
        return "partition " + sides + " (link of " + names.get(lone) + " down)";
      }
      for (int a : cut) {
        for (int b : other) {
          blackhole(a, b);
          blackhole(b, a);
        }
      }
      return "partition " + sides + " (blackhole routes)";
    }

    void blackhole(int from, int to) {
      if (blackholes.stream().noneMatch(x -> x[0] == from && x[1] == to)) {
        NetnsLab.ok(NetnsLab.IP, "-n", ns.get(from), "route", "add", "blackhole", ip(to) + "/32");
        blackholes.add(new int[] {from, to});
      }
    }

    /** Fills node i's tmpfs until it is full; returns how much was written. */
    String fill(int i) {
      fullDisks.add(i);
      long written = 0;
      byte[] block = new byte[1 << 20];
      try (OutputStream o = Files.newOutputStream(raftDirs[i].resolve("filler"), StandardOpenOption.CREATE,
          StandardOpenOption.APPEND)) {
        for (int n = 0; n < 64; n++) {
          o.write(block);
          written += block.length;
        }
      } catch (IOException e) {
        // full
      }
      return (written >> 20) + " MB written until ENOSPC";
    }

    String randomWrite(int via) {
      int kind = random.nextInt(10);
      if (kind < 4) {
        String r = NemesisNode.MOVABLE.get(random.nextInt(NemesisNode.MOVABLE.size()));
        String to = names.get(random.nextInt(size));
        return "move " + r + " " + to + " via " + names.get(via) + ": " + write(via, "move", r, to);
      } else if (kind < 6) {
        String r = NemesisNode.MOVABLE.get(random.nextInt(NemesisNode.MOVABLE.size()));
        String on = names.get(random.nextInt(size));
        return "ban " + r + " " + on + " via " + names.get(via) + ": " + write(via, "ban", r, on);
      } else if (kind < 8) {
        String r = NemesisNode.MOVABLE.get(random.nextInt(NemesisNode.MOVABLE.size()));
        return "clear " + r + " via " + names.get(via) + ": " + write(via, "clear", r, null);
      } else {
        String r = NemesisNode.DISABLEABLE.get(random.nextInt(NemesisNode.DISABLEABLE.size()));
        String op = disabled.contains(r) ? "enable" : "disable";
        return op + " " + r + " via " + names.get(via) + ": " + write(via, op, r, null);
      }
    }

    /** An admin write through node {@code via}; updates the model when acknowledged. */
    String write(int via, String op, String rsc, String node) {
      Optional<String> a = ask(via, "W " + op + " " + rsc + (node == null ? "" : " " + node), Duration.ofSeconds(15));
      if (a.isPresent() && a.get().equals("ACK")) {
        acknowledged++;
        uncertain.remove(rsc);
        switch (op) {
          case "move" -> prefer.put(rsc, node);
          case "ban" -> bans.computeIfAbsent(rsc, x -> new TreeSet<>()).add(node);
          case "clear" -> {
            prefer.remove(rsc);
            bans.remove(rsc);
          }
          case "disable" -> disabled.add(rsc);
          case "enable" -> disabled.remove(rsc);
          default -> throw new IllegalStateException(op);
        }
        return "acknowledged";
      }
      uncertain.add(rsc);
      return "not acknowledged (" + a.orElse("no answer") + ")";
    }

    // ---------------------------------------------------------------------------------- healing

    void healAndRecover(String why) {
      long t0 = System.nanoTime();
      for (int i = 0; i < size; i++) {
        if (paused[i]) {
          nodes[i].resume();
          paused[i] = false;
        }
      }
      for (int i : linksDown) {
        lab.heal(names.get(i));
      }
      linksDown.clear();
      for (int[] b : blackholes) {
        NetnsLab.run(List.of(NetnsLab.IP, "-n", ns.get(b[0]), "route", "del", "blackhole", ip(b[1]) + "/32"));
      }
      blackholes.clear();
      for (int i : fullDisks) {
        try {
          Files.deleteIfExists(raftDirs[i].resolve("filler"));
        } catch (IOException e) {
          failures.add("cannot free the disk of " + names.get(i) + ": " + e);
        }
        // the operator frees the disk and restarts the node: a Raft peer whose log write failed does
        // not append again in-process (Ratis keeps its log worker failed); the node has left the
        // cluster meanwhile (it stops renewing once its replica lags), so this only brings it back
        if (nodes[i].isAlive()) {
          kill(i);
          event("restarted " + names.get(i) + " after freeing its disk");
        }
      }
      fullDisks.clear();
      for (int i = 0; i < size; i++) {
        if (!nodes[i].isAlive()) {
          if (!expectedDeaths.contains(i)) {
            String err = tail(dir.resolve(nodes[i].name() + ".err"));
            if (err.contains("halting the JVM")) {
              halts++;
            } else {
              guardKills++;
            }
          }
          launch(i);
        }
      }
      for (int i = 0; i < size; i++) {
        ask(i, "NORMAL", Duration.ofSeconds(5));
      }
      for (int i = 0; i < size; i++) {
        if (!awaitStarted(i)) {
          failures.add(names.get(i) + " did not start after " + why + " (seed " + seed + ")");
        }
      }
      event("healed (" + why + ")");
      // an operator cleans up failures; then wait until every resource runs where the scheduler says
      long end = t0 + RECOVERY_S * 1_000_000_000L;
      String last = "";
      boolean cleaned = false;
      int stable = 0;
      while (System.nanoTime() < end) {
        if (!cleaned) {
          for (int i = 0; i < size && !cleaned; i++) {
            cleaned = ask(i, "CLEANUP", Duration.ofSeconds(10)).filter("OK"::equals).isPresent();
          }
        }
        Optional<String> place = Optional.empty();
        for (int i = 0; i < size && place.isEmpty(); i++) {
          place = ask(i, "PLACE", Duration.ofSeconds(5)).filter(p -> p.startsWith("PLACE"));
        }
        if (place.isPresent()) {
          last = place.get() + " / running " + running();
          if (matches(place.get())) {
            if (++stable >= 2) {
              double s = (System.nanoTime() - t0) / 1e9;
              recoveries.add(s);
              event(String.format(Locale.ROOT, "recovered in %.1f s: %s", s, place.get()));
              checkWrites();
              return;
            }
          } else {
            stable = 0;
          }
        }
        sleep(250);
      }
      failures.add("no recovery within " + RECOVERY_S + " s after " + why + " (" + size + " nodes, seed " + seed
          + "): " + last);
      event("RECOVERY TIMEOUT after " + why + ": " + last);
      diagnose();
      dumpTimeline("recovery-timeout");
      checkWrites();
    }

    String running() {
      StringBuilder b = new StringBuilder();
      for (int r = 0; r < NemesisNode.RESOURCES.size(); r++) {
        b.append(NemesisNode.RESOURCES.get(r)).append('=').append(watch.holders(r).stream().map(names::get)
            .collect(Collectors.joining("+"))).append(' ');
      }
      return b.toString().strip();
    }

    boolean matches(String place) {
      String[] w = place.split(" ");
      for (int r = 0; r < NemesisNode.RESOURCES.size(); r++) {
        String want = w[r + 1].substring(w[r + 1].indexOf('=') + 1);
        List<Integer> h = watch.holders(r);
        if (want.equals("-") ? !h.isEmpty() : !(h.size() == 1 && names.get(h.get(0)).equals(want))) {
          return false;
        }
      }
      return true;
    }

    void checkWrites() {
      Optional<String> conf = Optional.empty();
      for (int i = 0; i < size && conf.isEmpty(); i++) {
        conf = ask(i, "CONF", Duration.ofSeconds(10)).filter(c -> c.startsWith("CONF "));
      }
      if (conf.isEmpty()) {
        failures.add("could not read the configuration back through any node (seed " + seed + ")");
        return;
      }
      Map<String, String> storedPrefer = new TreeMap<>();
      Map<String, Set<String>> storedBans = new TreeMap<>();
      Set<String> storedDisabled = new TreeSet<>();
      for (String part : conf.get().substring(5).split(" ")) {
        String key = part.substring(0, part.indexOf('='));
        String val = part.substring(part.indexOf('=') + 1);
        for (String v : val.isEmpty() ? new String[0] : val.split(",")) {
          switch (key) {
            case "prefer" -> storedPrefer.put(v.split(":")[0], v.split(":")[1]);
            case "bans" -> storedBans.computeIfAbsent(v.split(":")[0], x -> new TreeSet<>()).add(v.split(":")[1]);
            default -> storedDisabled.add(v);
          }
        }
      }
      List<String> lost = new ArrayList<>();
      for (String r : NemesisNode.MOVABLE) {
        if (uncertain.contains(r)) {
          continue;
        }
        if (!java.util.Objects.equals(prefer.get(r), storedPrefer.get(r))) {
          lost.add(r + " move: acknowledged " + prefer.get(r) + ", stored " + storedPrefer.get(r));
        }
        if (!bans.getOrDefault(r, Set.of()).equals(storedBans.getOrDefault(r, Set.of()))) {
          lost.add(r + " bans: acknowledged " + bans.getOrDefault(r, Set.of()) + ", stored "
              + storedBans.getOrDefault(r, Set.of()));
        }
      }
      for (String r : NemesisNode.DISABLEABLE) {
        if (!uncertain.contains(r) && disabled.contains(r) != storedDisabled.contains(r)) {
          lost.add(r + " target-role: acknowledged " + (disabled.contains(r) ? "Stopped" : "Started"));
        }
      }
      if (!lost.isEmpty()) {
        lostWrites += lost.size();
        failures.add("lost writes (" + size + " nodes, seed " + seed + "): " + lost);
        event("LOST WRITES: " + lost);
        // the model follows the store from here, so one loss is counted once
        prefer.clear();
        prefer.putAll(storedPrefer);
        bans.clear();
        bans.putAll(storedBans);
        disabled.retainAll(Set.of());
        disabled.addAll(storedDisabled);
      }
      // keep the cluster placeable: bans pile up otherwise
      if (bans.values().stream().mapToInt(Set::size).sum() > size) {
        for (String r : NemesisNode.MOVABLE) {
          write(random.nextInt(size), "clear", r, null);
        }
      }
    }

    // ---------------------------------------------------------------------------------- checks

    void check(String when) {
      List<String> found = new ArrayList<>();
      for (int r = 0; r < NemesisNode.RESOURCES.size(); r++) {
        for (AddressWatch.Overlap o : watch.overlaps(r)) {
          if (o.to() - o.from() > 0) {
            found.add(String.format(Locale.ROOT, "address of %s held by %s for %.1f ms (from %.3f s)",
                NemesisNode.RESOURCES.get(r), o.namespaces().stream().map(names::get).collect(Collectors.joining("+")),
                (o.to() - o.from()) / 1e6, (o.from() - startNanos) / 1e9));
          }
        }
      }
      found.addAll(journalOverlaps());
      if (found.size() > reportedOverlaps) {
        List<String> fresh = found.subList(reportedOverlaps, found.size());
        overlaps += fresh.size();
        reportedOverlaps = found.size();
        failures.add("OVERLAP " + when + " (" + size + " nodes, seed " + seed + "): " + fresh);
        event("OVERLAP " + when + ": " + fresh);
        dumpTimeline("overlap");
      }
    }

    /** Intervals of two nodes running one resource by the journals: START .. STOPPED|STARTFAIL|death. */
    List<String> journalOverlaps() {
      record Interval(String rsc, int node, long from, long to, String epoch) {}
      List<Interval> intervals = new ArrayList<>();
      List<long[]> dead = new ArrayList<>(deaths);
      for (int i = 0; i < size; i++) {
        List<String> lines;
        try {
          lines = Files.exists(journals[i]) ? Files.readAllLines(journals[i]) : List.of();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        Map<String, long[]> open = new LinkedHashMap<>();
        Map<String, String> epochs = new LinkedHashMap<>();
        int node = i;
        List<long[]> myDeaths = dead.stream().filter(d -> d[0] == node).sorted((a, b) -> Long.compare(a[1], b[1])).toList();
        for (String l : lines) {
          String[] w = l.split(" ");
          if (w.length < 5) {
            continue; // a line cut by kill -9
          }
          long t = Long.parseLong(w[0]);
          // a death between the open start and this line closes it
          for (var it = open.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            long death = deathAfter(myDeaths, e.getValue()[0]);
            if (death >= 0 && death < t) {
              intervals.add(new Interval(e.getKey(), i, e.getValue()[0], death, epochs.get(e.getKey())));
              it.remove();
            }
          }
          switch (w[3]) {
            case "START" -> {
              open.putIfAbsent(w[4], new long[] {t});
              epochs.put(w[4], w[2]);
            }
            case "STOPPED", "STARTFAIL" -> {
              long[] o = open.remove(w[4]);
              if (o != null) {
                intervals.add(new Interval(w[4], i, o[0], t, epochs.get(w[4])));
              }
            }
            default -> { }
          }
        }
        for (var e : open.entrySet()) {
          long death = deathAfter(myDeaths, e.getValue()[0]);
          intervals.add(new Interval(e.getKey(), i, e.getValue()[0], death >= 0 ? death : Long.MAX_VALUE,
              epochs.get(e.getKey())));
        }
      }
      List<String> found = new ArrayList<>();
      for (int a = 0; a < intervals.size(); a++) {
        for (int b = a + 1; b < intervals.size(); b++) {
          Interval x = intervals.get(a);
          Interval y = intervals.get(b);
          if (x.rsc().equals(y.rsc()) && x.node() != y.node() && x.from() < y.to() && y.from() < x.to()) {
            found.add(String.format(Locale.ROOT, "journal: %s on %s (epoch %s, from %.3f s) and %s (epoch %s, from %.3f s)",
                x.rsc(), names.get(x.node()), x.epoch(), (x.from() - startNanos) / 1e9, names.get(y.node()), y.epoch(),
                (y.from() - startNanos) / 1e9));
          }
        }
      }
      return found;
    }

    long deathAfter(List<long[]> myDeaths, long t) {
      for (long[] d : myDeaths) {
        if (d[1] >= t) {
          return d[1];
        }
      }
      return -1;
    }

    /** Uncaught exceptions, and ERROR events with a stack trace, in every node's log. */
    void checkLogs() {
      for (ForkedJvm j : all) {
        List<String> lines;
        try {
          Path f = dir.resolve(j.name() + ".err");
          lines = Files.exists(f) ? Files.readAllLines(f) : List.of();
        } catch (IOException e) {
          continue;
        }
        for (int i = 0; i < lines.size(); i++) {
          String l = lines.get(i);
          boolean trace = i + 1 < lines.size() && (lines.get(i + 1).startsWith("\tat ")
              || lines.get(i + 1).matches("^[a-zA-Z0-9_.$]+(Exception|Error)(:.*)?$"));
          if (l.contains("UNCAUGHT") || l.startsWith("Exception in thread")) {
            failures.add("unhandled exception in " + j.name() + ": " + l);
          } else if (l.contains(" ERROR ") && trace) {
            if (l.contains(" io.ha4j")) {
              failures.add("exception logged as ERROR in " + j.name() + ": " + l + " / " + lines.get(i + 1));
            } else {
              raftErrors++;
            }
          }
        }
      }
    }

    void event(String what) {
      String line = String.format(Locale.ROOT, "%9.3f %s", (System.nanoTime() - startNanos) / 1e9, what);
      events.add(line);
      log("  [" + size + "] " + line);
    }

    /** Each node's view of the cluster into the timeline, and a thread dump into its .out file (SIGQUIT). */
    void diagnose() {
      for (int i = 0; i < size; i++) {
        event(names.get(i) + " " + ask(i, "STATUS", Duration.ofSeconds(10)).orElse("(no answer)"));
        if (up(i)) {
          ProcessHandle.of(nodes[i].pid()).ifPresent(h -> NetnsLab.run(List.of("kill", "-QUIT", String.valueOf(h.pid()))));
        }
      }
    }

    void dumpTimeline(String what) {
      Path f = dir.resolve(what + "-" + System.nanoTime() + ".timeline");
      List<String> lines = new ArrayList<>(events);
      lines.add("--- journals (seconds since the cluster's start, node, epoch, op, resource)");
      for (int i = 0; i < size; i++) {
        try {
          for (String l : Files.exists(journals[i]) ? Files.readAllLines(journals[i]) : List.<String>of()) {
            String[] w = l.split(" ", 2);
            if (w.length == 2 && w[0].matches("[0-9]+")) {
              lines.add(String.format(Locale.ROOT, "%9.3f %s", (Long.parseLong(w[0]) - startNanos) / 1e9, w[1]));
            }
          }
        } catch (IOException e) {
          lines.add("cannot read " + journals[i]);
        }
      }
      lines.add("--- address changes (seconds, resource, namespace, present)");
      for (int r = 0; r < NemesisNode.RESOURCES.size(); r++) {
        for (AddressWatch.Change c : watch.changes(r)) {
          lines.add(String.format(Locale.ROOT, "%9.3f %s %s %s", (c.nanos() - startNanos) / 1e9,
              NemesisNode.RESOURCES.get(r), names.get(c.ns()), c.present() ? "added" : "deleted"));
        }
      }
      try {
        Files.write(f, lines);
        log("  timeline written to " + f);
      } catch (IOException e) {
        log("  cannot write " + f + ": " + e);
      }
    }

    @Override
    public synchronized void close() {
      if (ns.isEmpty()) {
        return;
      }
      for (ForkedJvm j : all) {
        try {
          Files.write(dir.resolve(j.name() + ".out"), j.lines());
        } catch (IOException e) {
          // best effort
        }
        if (j.isAlive()) {
          j.resume();
          j.sendLine("b BYE");
        }
      }
      for (ForkedJvm j : all) {
        j.awaitLine(0, l -> l.endsWith("CLOSED"), Duration.ofSeconds(10));
        j.close();
      }
      watch.close();
      lab.close();
      ns.clear();
      for (Path d : raftDirs) {
        if (d != null) {
          NetnsLab.run(List.of("umount", d.toString()));
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------------ helpers

  private static String tail(Path f) {
    try {
      String s = Files.exists(f) ? Files.readString(f) : "";
      return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    } catch (IOException e) {
      return "";
    }
  }

  private long millis(int min, int max) {
    return min + random.nextInt(max - min + 1);
  }

  private synchronized void track(long pid) {
    try {
      Files.writeString(out.resolve("pids"), pid + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException(e);
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
}
