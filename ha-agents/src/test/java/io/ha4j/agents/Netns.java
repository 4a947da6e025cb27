package io.ha4j.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small lab of network namespaces for tests: a "switch" namespace holding a bridge, and hosts
 * each joined to it by a veth pair whose host end is {@code eth0}. Everything is removed by
 * {@link #close()}. Addresses exist only inside the namespaces.
 */
final class Netns implements AutoCloseable {

  static final String IP = Path.of("/usr/sbin/ip").toFile().canExecute() ? "/usr/sbin/ip" : "/sbin/ip";

  private final String tag = "ha4jt" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
  private final String sw = tag + "-sw";
  private final List<String> namespaces = new ArrayList<>();

  /** Skips the test (with the reason printed) unless this process can create namespaces. */
  static void assumeAvailable() {
    String why = null;
    if (!"root".equals(System.getProperty("user.name"))) {
      why = "not root (user " + System.getProperty("user.name") + "): network namespaces need CAP_SYS_ADMIN";
    } else if (!Files.isExecutable(Path.of(IP))) {
      why = "iproute2 is not installed (" + IP + ")";
    }
    if (why != null) {
      System.out.println("SKIPPED network-namespace test: " + why);
      Assumptions.assumeTrue(false, why);
    }
  }

  Netns() {
    assumeAvailable();
    namespaces.add(sw);
    ok(IP, "netns", "add", sw);
    ok(IP, "-n", sw, "link", "add", "br0", "type", "bridge");
    ok(IP, "-n", sw, "link", "set", "br0", "up");
  }

  /** Adds a host namespace wired to the bridge; returns its name. */
  String host(String role, String... cidrs) {
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

  /** The MAC address of {@code eth0} in {@code ns}. */
  String mac(String ns) {
    String out = ok(IP, "-n", ns, "-o", "link", "show", "dev", "eth0");
    String[] w = out.split("\\s+");
    for (int i = 0; i + 1 < w.length; i++) {
      if (w[i].equals("link/ether")) {
        return w[i + 1];
      }
    }
    throw new AssertionError("no MAC in " + out);
  }

  /** The link-layer address {@code ns} has for {@code ip}, or empty. */
  String neighbour(String ns, String ip) {
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
  String addresses(String ns) {
    return ok(IP, "-n", ns, "-o", "addr", "show", "dev", "eth0");
  }

  /** Runs a command inside {@code ns}; returns its exit code. */
  int exec(String ns, String... cmd) {
    List<String> argv = new ArrayList<>(List.of(IP, "netns", "exec", ns));
    argv.addAll(List.of(cmd));
    return run(argv).exit;
  }

  /** Runs a command inside {@code ns} and returns its output; fails unless it exits with 0. */
  String execOk(String ns, String... cmd) {
    List<String> argv = new ArrayList<>(List.of(IP, "netns", "exec", ns));
    argv.addAll(List.of(cmd));
    Result r = run(argv);
    assertThat(r.exit).as("%s -> %s", argv, r.output).isZero();
    return r.output;
  }

  @Override
  public void close() {
    for (int i = namespaces.size() - 1; i >= 0; i--) {
      run(List.of(IP, "netns", "del", namespaces.get(i)));
    }
  }

  static String ok(String... argv) {
    Result r = run(List.of(argv));
    assertThat(r.exit).as("%s -> %s", List.of(argv), r.output).isZero();
    return r.output;
  }

  record Result(int exit, String output) {}

  static Result run(List<String> argv) {
    try {
      Path out = Files.createTempFile("ha4jt", ".out");
      try {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new AssertionError("timed out: " + argv);
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new AssertionError(argv + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
