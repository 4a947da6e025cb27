package io.ha4j.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A small lab of network namespaces: a "switch" namespace holding a bridge {@code br0}, and hosts each
 * joined to it by a veth pair whose host end is {@code eth0} (switch end {@code p<role>}). Everything
 * is removed by {@link #close()}; addresses exist only inside the namespaces. Every namespace name
 * starts with {@link #tag()}, so a crashed run can be cleaned up by that prefix.
 *
 * <p>Shared by ha-agents' namespace tests and the failover benchmarks (published in ha-core's
 * test-jar). Commands run without a shell; a failing command throws {@link IllegalStateException}
 * with its output.
 */
public final class NetnsLab implements AutoCloseable {

  /** The {@code ip} binary. */
  public static final String IP = Path.of("/usr/sbin/ip").toFile().canExecute() ? "/usr/sbin/ip" : "/sbin/ip";

  private final String tag;
  private final String sw;
  private final List<String> namespaces = new ArrayList<>();

  /** Why namespaces cannot be used by this process (not root, no iproute2), or empty when they can. */
  public static Optional<String> unavailableReason() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of("not root (user " + System.getProperty("user.name")
          + "): network namespaces need CAP_SYS_ADMIN");
    }
    if (!Files.isExecutable(Path.of(IP))) {
      return Optional.of("iproute2 is not installed (" + IP + ")");
    }
    return Optional.empty();
  }

  /** A lab whose namespaces are named {@code ha4jt<random>-...}. */
  public NetnsLab() {
    this("ha4jt" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36));
  }

  /** A lab whose namespaces are named {@code <tag>-sw}, {@code <tag>-<role>}; the tag must be short (≤ 8 characters). */
  public NetnsLab(String tag) {
    unavailableReason().ifPresent(why -> {
      throw new IllegalStateException(why);
    });
    this.tag = tag;
    this.sw = tag + "-sw";
    namespaces.add(sw);
    ok(IP, "netns", "add", sw);
    ok(IP, "-n", sw, "link", "add", "br0", "type", "bridge");
    ok(IP, "-n", sw, "link", "set", "br0", "up");
  }

  /** The prefix of every namespace of this lab. */
  public String tag() {
    return tag;
  }

  /** Adds a host namespace wired to the bridge, with {@code cidrs} on its {@code eth0}; returns its name. */
  public String host(String role, String... cidrs) {
    String ns = tag + "-" + role;
    String port = "p" + role;
    ok(IP, "netns", "add", ns);
    namespaces.add(ns);
    ok(IP, "-n", sw, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns);
    ok(IP, "-n", sw, "link", "set", port, "master", "br0", "up");
    ok(IP, "-n", ns, "link", "set", "lo", "up");
    ok(IP, "-n", ns, "link", "set", "eth0", "up");
    for (String cidr : cidrs) {
      if (cidr.contains(":")) {
        ok(IP, "-n", ns, "addr", "add", cidr, "dev", "eth0", "nodad");
      } else {
        ok(IP, "-n", ns, "addr", "add", cidr, "dev", "eth0");
      }
    }
    return ns;
  }

  /** Cuts {@code role}'s host off the bridge (its switch port down): a partition at the link layer. */
  public void cut(String role) {
    ok(IP, "-n", sw, "link", "set", "p" + role, "down");
  }

  /** Undoes {@link #cut}. */
  public void heal(String role) {
    ok(IP, "-n", sw, "link", "set", "p" + role, "up");
  }

  /** The MAC address of {@code eth0} in {@code ns}. */
  public String mac(String ns) {
    String out = ok(IP, "-n", ns, "-o", "link", "show", "dev", "eth0");
    String[] w = out.split("\\s+");
    for (int i = 0; i + 1 < w.length; i++) {
      if (w[i].equals("link/ether")) {
        return w[i + 1];
      }
    }
    throw new IllegalStateException("no MAC in " + out);
  }

  /** The link-layer address {@code ns} has for {@code ip}, or empty. */
  public String neighbour(String ns, String ip) {
    String out = ok(IP, "-n", ns, "neigh", "show", "to", ip, "dev", "eth0");
    String[] w = out.strip().split("\\s+");
    for (int i = 0; i + 1 < w.length; i++) {
      if (w[i].equals("lladdr")) {
        return w[i + 1];
      }
    }
    return "";
  }

  /** Addresses on eth0 of {@code ns}, as {@code ip -o addr} prints them. */
  public String addresses(String ns) {
    return ok(IP, "-n", ns, "-o", "addr", "show", "dev", "eth0");
  }

  /** Runs a command inside {@code ns}; returns its exit code. */
  public int exec(String ns, String... cmd) {
    return run(inside(ns, cmd)).exit();
  }

  /** Runs a command inside {@code ns} and returns its output; fails unless it exits with 0. */
  public String execOk(String ns, String... cmd) {
    return ok(inside(ns, cmd).toArray(String[]::new));
  }

  private static List<String> inside(String ns, String... cmd) {
    List<String> argv = new ArrayList<>(List.of(IP, "netns", "exec", ns));
    argv.addAll(List.of(cmd));
    return argv;
  }

  /** Deletes every namespace of this lab (their interfaces and addresses go with them). */
  @Override
  public void close() {
    for (int i = namespaces.size() - 1; i >= 0; i--) {
      run(List.of(IP, "netns", "del", namespaces.get(i)));
    }
    namespaces.clear();
  }

  /** Runs {@code argv} and returns its output; fails unless it exits with 0. */
  public static String ok(String... argv) {
    Result r = run(List.of(argv));
    if (r.exit() != 0) {
      throw new IllegalStateException(List.of(argv) + " -> exit " + r.exit() + ": " + r.output());
    }
    return r.output();
  }

  /**
   * What a command did.
   *
   * @param exit its exit code
   * @param output standard output and error, interleaved
   */
  public record Result(int exit, String output) {}

  /** Runs {@code argv} (no shell, stdin from /dev/null, 30 s cap) and returns its exit code and output. */
  public static Result run(List<String> argv) {
    try {
      Path out = Files.createTempFile("ha4jt", ".out");
      try {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException("timed out: " + argv);
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new IllegalStateException(argv + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + argv, e);
    }
  }
}
