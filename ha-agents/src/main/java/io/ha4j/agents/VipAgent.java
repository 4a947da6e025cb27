package io.ha4j.agents;

import io.ha4j.ConfigViolation;
import io.ha4j.agents.internal.Budget;
import io.ha4j.agents.internal.Exec;
import io.ha4j.agents.internal.ExecRequest;
import io.ha4j.agents.internal.ExecResult;
import io.ha4j.agents.internal.Executables;
import io.ha4j.agents.internal.IpAddresses;
import io.ha4j.agents.internal.ParamReader;
import io.ha4j.spi.AgentContext;
import io.ha4j.spi.AgentMetadata;
import io.ha4j.spi.AgentMetadata.Parameter;
import io.ha4j.spi.AgentResult;
import io.ha4j.spi.ExternalResource;
import io.ha4j.spi.ExternalResourceSource;
import io.ha4j.spi.OcfStatus;
import io.ha4j.spi.ResourceAgent;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ha4j:vip}: a service IP address (the seed's {@code ClusterVIP}, like
 * {@code ocf:heartbeat:IPaddr2}), IPv4 or IPv6.
 *
 * <ul>
 *   <li>start: {@code ip addr add IP/PREFIX dev NIC} (plus {@code brd}, {@code label}, {@code nodad}),
 *       then announce it: a gratuitous ARP for IPv4 ({@code arping -U} from iputils, {@code arping}
 *       from the {@code arping} package, or resource-agents' {@code send_arp}), an unsolicited neighbour
 *       advertisement for IPv6 (resource-agents' {@code send_ua}). A missing announcer is logged, not
 *       fatal: the address works, neighbours learn it when their cache entry expires.
 *   <li>stop: {@code ip addr del}; monitor: the address is on an interface ({@code ip -o addr show}),
 *       an IPv6 address that failed duplicate detection is an error.
 *   <li>Idempotent: start when present and stop when absent succeed (start re-announces).
 *   <li>{@link #validate} checks syntax and ranges without touching the node; start, stop and monitor
 *       then check the node (the interface exists, a route gives the interface when {@code nic} is not
 *       set) and change nothing when a check fails ({@link OcfStatus#INVALID_ARGUMENT}).
 * </ul>
 *
 * <p>Thread-safe; one instance serves every address. Needs {@code CAP_NET_ADMIN} (root) to change
 * addresses and {@code CAP_NET_RAW} to announce them.
 */
public final class VipAgent implements ResourceAgent, ExternalResourceSource {

  /** The agent type string. */
  public static final String TYPE = "ha4j:vip";

  private static final Logger log = LoggerFactory.getLogger(VipAgent.class);
  private static final Pattern NIC = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,13}");
  private static final Duration COMMAND_CAP = Duration.ofSeconds(10);
  private static final String SEND_ARP = "/usr/libexec/heartbeat/send_arp";
  private static final String SEND_UA = "/usr/libexec/heartbeat/send_ua";

  private static final AgentMetadata METADATA = new AgentMetadata(TYPE,
      "A service IP address (IPv4 or IPv6) on a network interface, announced by gratuitous ARP or "
          + "unsolicited neighbour advertisement",
      List.of(
          new Parameter("ip", true, null, "the address, an IPv4 or IPv6 literal"),
          new Parameter("cidr_netmask", false, null,
              "the prefix length (0-32 or 0-128); default: that of the interface's address whose network holds ip"),
          new Parameter("nic", false, null, "the interface; default: the one the routing table uses to reach ip"),
          new Parameter("label", false, null, "IPv4 only: the label suffix, the address is labelled NIC:LABEL"),
          new Parameter("broadcast", false, null,
              "IPv4 only: the broadcast address; default: computed (brd +) for prefixes up to 30"),
          new Parameter("arp_count", false, "1", "announcements sent on start and announce (0-20; 0 = none)"),
          new Parameter("arp_bg", false, "true",
              "send announcements in the background, so that start does not wait for the announcer "
                  + "(iputils arping waits 1 s per packet)"),
          new Parameter("nodad", false, "false",
              "IPv6 only: skip duplicate address detection, so the address is usable at once")),
      Map.of("start", Duration.ofSeconds(20), "stop", Duration.ofSeconds(20), "monitor", Duration.ofSeconds(20)));

  private final CommandPrefix prefix;
  private final Map<String, String> arpingFlavour = new ConcurrentHashMap<>();

  /** An agent managing addresses in the JVM's own network namespace. */
  public VipAgent() {
    this(CommandPrefix.none());
  }

  /** An agent running every command behind {@code prefix}, e.g. {@link CommandPrefix#netns}. */
  public VipAgent(CommandPrefix prefix) {
    this.prefix = prefix;
  }

  @Override
  public AgentMetadata metadata() {
    return METADATA;
  }

  @Override
  public List<ConfigViolation> validate(Map<String, String> parameters) {
    ParamReader r = new ParamReader(TYPE, parameters);
    Spec.read(r);
    return r.violations();
  }

  /**
   * The address this resource holds outside the JVM, as the guard must know it before the start runs
   * (kind {@code ip-address}: {@code address} ip/prefix, {@code device}, and {@code netns} when the
   * agent works in a namespace), so that a JVM killed or frozen while holding it cannot keep it.
   * Empty when the address cannot be placed (the start will fail and say why).
   */
  @Override
  public List<ExternalResource> externalResources(AgentContext context) {
    ParamReader r = new ParamReader(TYPE, context.parameters());
    Spec spec = Spec.read(r);
    if (!r.ok()) {
      return List.of();
    }
    try {
      List<IfAddress> present = addresses(context);
      if (present == null) {
        return List.of();
      }
      Optional<IfAddress> existing = find(present, spec.ip);
      String device;
      int pfx;
      if (existing.isPresent()) {
        device = existing.get().ifname;
        pfx = existing.get().prefix;
      } else {
        Placement where = place(context, spec, present);
        if (where.error != null) {
          return List.of();
        }
        device = where.nic;
        pfx = where.prefix;
      }
      Map<String, String> attributes = new java.util.LinkedHashMap<>();
      attributes.put("address", spec.text() + "/" + pfx);
      attributes.put("device", device);
      prefix.netnsName().ifPresent(ns -> attributes.put("netns", ns));
      return List.of(new ExternalResource(context.resourceId(), "ip-address", attributes));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  @Override
  public AgentResult start(AgentContext context) throws InterruptedException {
    ParamReader r = new ParamReader(TYPE, context.parameters());
    Spec spec = Spec.read(r);
    if (!r.ok()) {
      return AgentResult.of(OcfStatus.INVALID_ARGUMENT, ParamReader.describe(r.violations()));
    }
    List<IfAddress> present = addresses(context);
    if (present == null) {
      return AgentResult.failed("could not list addresses (ip -o addr show failed)");
    }
    Optional<IfAddress> existing = find(present, spec.ip);
    if (existing.isPresent()) {
      IfAddress a = existing.get();
      if (spec.nic != null && !spec.nic.equals(a.ifname)) {
        return AgentResult.failed(spec.text() + " is already on " + a.ifname + ", not on nic " + spec.nic);
      }
      log.debug("{}: {} already on {}; announcing again", context.resourceId(), spec.text(), a.ifname);
      announce(context, spec, a.ifname, a.prefix);
      return AgentResult.of(OcfStatus.SUCCESS, spec.text() + " already on " + a.ifname);
    }
    Placement where = place(context, spec, present);
    if (where.error != null) {
      return where.error;
    }
    List<String> argv = new ArrayList<>(List.of(ip(), "-f", spec.family(), "addr", "add",
        spec.text() + "/" + where.prefix));
    if (spec.ip instanceof Inet4Address) {
      String brd = spec.broadcast != null ? spec.broadcast : (where.prefix <= 30 ? "+" : null);
      if (brd != null) {
        argv.add("brd");
        argv.add(brd);
      }
    }
    argv.add("dev");
    argv.add(where.nic);
    if (spec.label != null) {
      argv.add("label");
      argv.add(where.nic + ":" + spec.label);
    }
    if (spec.ip instanceof Inet6Address && spec.nodad) {
      argv.add("nodad");
    }
    ExecResult added = run(context, argv, "add");
    if (!added.ok()) {
      List<IfAddress> now = addresses(context);
      if (now == null || find(now, spec.ip).isEmpty()) {
        return AgentResult.failed("ip addr add " + spec.text() + "/" + where.prefix + " dev " + where.nic + ": "
            + added.summary());
      }
    }
    if (spec.ip instanceof Inet6Address) {
      AgentResult dad = awaitDad(context, spec, where.nic);
      if (dad != null) {
        return dad;
      }
    }
    announce(context, spec, where.nic, where.prefix);
    log.info("{}: {}/{} added on {}", context.resourceId(), spec.text(), where.prefix, where.nic);
    return AgentResult.success();
  }

  @Override
  public AgentResult stop(AgentContext context) throws InterruptedException {
    ParamReader r = new ParamReader(TYPE, context.parameters());
    Spec spec = Spec.read(r);
    if (!r.ok()) {
      return AgentResult.of(OcfStatus.INVALID_ARGUMENT, ParamReader.describe(r.violations()));
    }
    List<IfAddress> present = addresses(context);
    if (present == null) {
      return AgentResult.failed("could not list addresses (ip -o addr show failed)");
    }
    Optional<IfAddress> existing = find(present, spec.ip);
    if (existing.isEmpty()) {
      return AgentResult.of(OcfStatus.SUCCESS, spec.text() + " is not configured");
    }
    IfAddress a = existing.get();
    ExecResult del = run(context, List.of(ip(), "-f", spec.family(), "addr", "del", spec.text() + "/" + a.prefix,
        "dev", a.ifname), "del");
    List<IfAddress> now = addresses(context);
    if (now != null && find(now, spec.ip).isEmpty()) {
      log.info("{}: {}/{} removed from {}", context.resourceId(), spec.text(), a.prefix, a.ifname);
      return AgentResult.success();
    }
    return AgentResult.failed("ip addr del " + spec.text() + "/" + a.prefix + " dev " + a.ifname + ": " + del.summary());
  }

  @Override
  public AgentResult monitor(AgentContext context) throws InterruptedException {
    ParamReader r = new ParamReader(TYPE, context.parameters());
    Spec spec = Spec.read(r);
    if (!r.ok()) {
      return AgentResult.of(OcfStatus.INVALID_ARGUMENT, ParamReader.describe(r.violations()));
    }
    List<IfAddress> present = addresses(context);
    if (present == null) {
      return AgentResult.failed("could not list addresses (ip -o addr show failed)");
    }
    Optional<IfAddress> existing = find(present, spec.ip);
    if (existing.isEmpty()) {
      return AgentResult.of(OcfStatus.NOT_RUNNING, spec.text() + " is not configured");
    }
    IfAddress a = existing.get();
    if (spec.nic != null && !spec.nic.equals(a.ifname)) {
      return AgentResult.failed(spec.text() + " is on " + a.ifname + ", not on nic " + spec.nic);
    }
    if (a.flags.contains("dadfailed")) {
      return AgentResult.failed(spec.text() + " failed duplicate address detection on " + a.ifname
          + ": another host uses it");
    }
    return AgentResult.success();
  }

  /**
   * Announces the address again (gratuitous ARP or unsolicited neighbour advertisement) where it is
   * configured; for the runtime to call after a network heal or periodically.
   *
   * @return success when announced, {@link OcfStatus#NOT_RUNNING} when the address is not here, an
   *     error when no announcer is installed or it failed
   */
  public AgentResult announce(AgentContext context) throws InterruptedException {
    ParamReader r = new ParamReader(TYPE, context.parameters());
    Spec spec = Spec.read(r);
    if (!r.ok()) {
      return AgentResult.of(OcfStatus.INVALID_ARGUMENT, ParamReader.describe(r.violations()));
    }
    List<IfAddress> present = addresses(context);
    Optional<IfAddress> existing = present == null ? Optional.empty() : find(present, spec.ip);
    if (existing.isEmpty()) {
      return AgentResult.of(OcfStatus.NOT_RUNNING, spec.text() + " is not configured");
    }
    return announce(context, spec, existing.get().ifname, existing.get().prefix);
  }

  private AgentResult announce(AgentContext context, Spec spec, String nic, int pfx) throws InterruptedException {
    if (spec.arpCount == 0) {
      return AgentResult.success();
    }
    String count = Integer.toString(spec.arpCount);
    List<String> argv;
    if (spec.ip instanceof Inet4Address) {
      Optional<Path> arping = Executables.find("arping");
      String flavour = arping.map(p -> flavour(context, p)).orElse("none");
      if (flavour.equals("iputils")) {
        argv = List.of(arping.get().toString(), "-q", "-U", "-c", count, "-I", nic, spec.text());
      } else if (flavour.equals("habets")) {
        argv = List.of(arping.get().toString(), "-q", "-U", "-c", count, "-i", nic, "-S", spec.text(), spec.text());
      } else if (Files.isExecutable(Path.of(SEND_ARP))) {
        argv = List.of(SEND_ARP, "-i", "200", "-r", count, nic, spec.text(), "auto", "not_used", "not_used");
      } else {
        log.warn("{}: no gratuitous ARP for {}: neither arping (iputils-arping or arping) nor {} is installed",
            context.resourceId(), spec.text(), SEND_ARP);
        return AgentResult.of(OcfStatus.NOT_INSTALLED, "no ARP announcer installed (arping or send_arp)");
      }
    } else {
      if (!Files.isExecutable(Path.of(SEND_UA))) {
        log.warn("{}: no unsolicited neighbour advertisement for {}: {} (resource-agents) is not installed",
            context.resourceId(), spec.text(), SEND_UA);
        return AgentResult.of(OcfStatus.NOT_INSTALLED, "no IPv6 announcer installed (send_ua from resource-agents)");
      }
      argv = List.of(SEND_UA, "-i", "200", "-c", count, spec.text(), Integer.toString(pfx), nic);
    }
    if (spec.arpBackground) {
      Exec.runInBackground(ExecRequest.of(prefix.apply(argv), Duration.ofSeconds(spec.arpCount + 3L),
          context.resourceId() + " announce"));
      log.debug("{}: announcing {} on {} in the background", context.resourceId(), spec.text(), nic);
      return AgentResult.of(OcfStatus.SUCCESS, "announcement of " + spec.text() + " sent in the background");
    }
    ExecResult sent = Exec.run(ExecRequest.of(prefix.apply(argv), Budget.next(context,
        Duration.ofSeconds(spec.arpCount + 3L)), context.resourceId() + " announce"));
    if (!sent.ok()) {
      log.warn("{}: announcing {} on {} failed: {}", context.resourceId(), spec.text(), nic, sent.summary());
      return AgentResult.failed("announcing " + spec.text() + " failed: " + sent.summary());
    }
    log.debug("{}: announced {} on {}", context.resourceId(), spec.text(), nic);
    return AgentResult.success();
  }

  /** Which arping this is: iputils ({@code -I dev}) or Thomas Habets' ({@code -i dev -S ip}). */
  private String flavour(AgentContext context, Path arping) {
    return arpingFlavour.computeIfAbsent(arping.toString(), p -> {
      try {
        ExecResult v = Exec.run(ExecRequest.of(List.of(p, "-V"), Duration.ofSeconds(5), "arping -V")
            .withLogOutput(false));
        String text = v.stdout() + v.stderr();
        return text.contains("iputils") ? "iputils" : "habets";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "iputils";
      }
    });
  }

  private AgentResult awaitDad(AgentContext context, Spec spec, String nic) throws InterruptedException {
    for (int i = 0; i < 200 && !Budget.exhausted(context); i++) {
      List<IfAddress> now = addresses(context);
      Optional<IfAddress> a = now == null ? Optional.empty() : find(now, spec.ip);
      if (a.isEmpty()) {
        return AgentResult.failed(spec.text() + " vanished from " + nic + " during duplicate address detection");
      }
      if (a.get().flags.contains("dadfailed")) {
        run(context, List.of(ip(), "-f", "inet6", "addr", "del", spec.text() + "/" + a.get().prefix, "dev", nic),
            "del after dadfailed");
        return AgentResult.failed(spec.text() + " failed duplicate address detection on " + nic
            + ": another host uses it; removed");
      }
      if (!a.get().flags.contains("tentative")) {
        return null;
      }
      Thread.sleep(100);
    }
    return AgentResult.failed(spec.text() + " still tentative (duplicate address detection) on " + nic);
  }

  /** Where the address goes: the interface and prefix, or an error result. */
  private record Placement(String nic, int prefix, AgentResult error) {}

  private Placement place(AgentContext context, Spec spec, List<IfAddress> present) throws InterruptedException {
    String nic = spec.nic;
    if (nic != null) {
      ExecResult link = run(context, List.of(ip(), "-o", "link", "show", "dev", nic), "link");
      if (!link.ok()) {
        return new Placement(null, 0, AgentResult.of(OcfStatus.INVALID_ARGUMENT,
            "parameters[nic]: interface " + nic + " does not exist on node " + context.nodeId()));
      }
    } else {
      ExecResult route = run(context, List.of(ip(), "-o", "-f", spec.family(), "route", "get", spec.text()), "route");
      String dev = route.ok() ? word(route.stdout(), "dev") : null;
      if (dev == null || dev.equals("lo") || route.stdout().contains(" via ")) {
        return new Placement(null, 0, AgentResult.of(OcfStatus.INVALID_ARGUMENT,
            "parameters[nic]: not set, and no directly connected route to " + spec.text() + " on node "
                + context.nodeId() + (route.ok() ? " (ip route get: " + route.stdout().strip() + ")" : "")));
      }
      nic = dev;
    }
    if (spec.label != null && (nic + ":" + spec.label).length() > 15) {
      return new Placement(null, 0, AgentResult.of(OcfStatus.INVALID_ARGUMENT,
          "parameters[label]: " + nic + ":" + spec.label + " is longer than 15 characters"));
    }
    int pfx;
    if (spec.prefix != null) {
      pfx = spec.prefix;
    } else {
      Integer found = null;
      for (IfAddress a : present) {
        if (a.ifname.equals(nic) && IpAddresses.contains(a.address, a.prefix, spec.ip)
            && a.address.getClass() == spec.ip.getClass()) {
          found = a.prefix;
          break;
        }
      }
      if (found == null) {
        return new Placement(null, 0, AgentResult.of(OcfStatus.INVALID_ARGUMENT,
            "parameters[cidr_netmask]: not set, and no address on " + nic + " has a network holding " + spec.text()));
      }
      pfx = found;
    }
    return new Placement(nic, pfx, null);
  }

  private static String word(String text, String key) {
    String[] w = text.strip().split("\\s+");
    for (int i = 0; i + 1 < w.length; i++) {
      if (w[i].equals(key)) {
        return w[i + 1];
      }
    }
    return null;
  }

  /** One address as {@code ip -o addr show} lists it. */
  record IfAddress(String ifname, InetAddress address, int prefix, String flags) {}

  /** Every address of every interface, or {@code null} when {@code ip} failed. */
  private List<IfAddress> addresses(AgentContext context) throws InterruptedException {
    ExecResult r = Exec.run(ExecRequest.of(prefix.apply(List.of(ip(), "-o", "addr", "show")),
        Budget.next(context, COMMAND_CAP), context.resourceId() + " ip addr show")
        .withStdoutLimit(1 << 20).withLogOutput(false));
    if (!r.ok()) {
      log.warn("{}: ip -o addr show: {}", context.resourceId(), r.summary());
      return null;
    }
    return parseAddresses(r.stdout());
  }

  /** Parses {@code ip -o addr show}. */
  static List<IfAddress> parseAddresses(String text) {
    List<IfAddress> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] w = line.strip().split("\\s+");
      if (w.length < 4 || !(w[2].equals("inet") || w[2].equals("inet6"))) {
        continue;
      }
      String ifname = w[1];
      int at = ifname.indexOf('@');
      if (at > 0) {
        ifname = ifname.substring(0, at);
      }
      int slash = w[3].indexOf('/');
      try {
        InetAddress a = IpAddresses.parse(slash < 0 ? w[3] : w[3].substring(0, slash));
        int p = slash < 0 ? IpAddresses.maxPrefix(a) : Integer.parseInt(w[3].substring(slash + 1));
        int bs = line.indexOf('\\');
        String rest = line.substring(line.indexOf(w[3]) + w[3].length(), bs < 0 ? line.length() : bs);
        out.add(new IfAddress(ifname, a, p, " " + rest.strip() + " "));
      } catch (IllegalArgumentException e) {
        // an address we cannot parse (e.g. a zone) is not ours
      }
    }
    return out;
  }

  private static Optional<IfAddress> find(List<IfAddress> present, InetAddress ip) {
    return present.stream().filter(a -> a.address.equals(ip)).findFirst();
  }

  private ExecResult run(AgentContext context, List<String> argv, String what) throws InterruptedException {
    return Exec.run(ExecRequest.of(prefix.apply(argv), Budget.next(context, COMMAND_CAP),
        context.resourceId() + " " + what));
  }

  private static String ip() {
    return Executables.pathOf("ip");
  }

  /** The validated parameters. */
  private static final class Spec {
    InetAddress ip;
    Integer prefix;
    String nic;
    String label;
    String broadcast;
    int arpCount;
    boolean arpBackground;
    boolean nodad;

    String text() {
      return IpAddresses.format(ip);
    }

    String family() {
      return ip instanceof Inet4Address ? "inet" : "inet6";
    }

    static Spec read(ParamReader r) {
      r.rejectUnknown(ParamReader.names(METADATA.parameters()));
      Spec s = new Spec();
      String ipText = r.required("ip");
      if (ipText != null) {
        try {
          s.ip = IpAddresses.parse(ipText);
          String why = IpAddresses.unusableReason(s.ip);
          if (why != null) {
            r.violation("ip", ipText.strip() + " " + why + "; a service address must be a unicast address");
          }
        } catch (IllegalArgumentException e) {
          r.violation("ip", e.getMessage());
        }
      }
      int max = s.ip == null ? 128 : IpAddresses.maxPrefix(s.ip);
      r.optional("cidr_netmask").ifPresent(v -> {
        String t = v.strip();
        if (t.startsWith("/")) {
          t = t.substring(1);
        }
        if (!t.matches("\\d{1,3}") || Integer.parseInt(t) > max) {
          r.violation("cidr_netmask", "must be a prefix length from 0 to " + max + ", got '" + ParamReader.show(v) + "'");
        } else {
          s.prefix = Integer.parseInt(t);
        }
      });
      r.optional("nic").ifPresent(v -> {
        if (!NIC.matcher(v).matches()) {
          r.violation("nic", "not an interface name (1-15 of A-Z a-z 0-9 _ . -, not starting with - or .): '"
              + ParamReader.show(v) + "'");
        } else {
          s.nic = v;
        }
      });
      r.optional("label").ifPresent(v -> {
        if (s.ip instanceof Inet6Address) {
          r.violation("label", "labels exist for IPv4 addresses only");
        } else if (!LABEL.matcher(v).matches()) {
          r.violation("label", "not a label (1-14 of A-Z a-z 0-9 _ . -, not starting with - or .): '"
              + ParamReader.show(v) + "'");
        } else if (s.nic != null && (s.nic + ":" + v).length() > 15) {
          r.violation("label", s.nic + ":" + v + " is longer than 15 characters");
        } else {
          s.label = v;
        }
      });
      r.optional("broadcast").ifPresent(v -> {
        if (s.ip instanceof Inet6Address) {
          r.violation("broadcast", "IPv6 has no broadcast address");
          return;
        }
        try {
          InetAddress b = IpAddresses.parse(v);
          if (!(b instanceof Inet4Address)) {
            throw new IllegalArgumentException("not an IPv4 address: '" + ParamReader.show(v) + "'");
          }
          s.broadcast = b.getHostAddress();
        } catch (IllegalArgumentException e) {
          r.violation("broadcast", e.getMessage());
        }
      });
      s.arpCount = r.integer("arp_count", 1, 0, 20);
      s.arpBackground = r.bool("arp_bg", true);
      s.nodad = r.bool("nodad", false);
      return s;
    }
  }
}
