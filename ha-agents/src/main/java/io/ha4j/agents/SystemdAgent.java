package io.ha4j.agents;

import io.ha4j.ConfigViolation;
import io.ha4j.agents.internal.Budget;
import io.ha4j.agents.internal.Exec;
import io.ha4j.agents.internal.ExecRequest;
import io.ha4j.agents.internal.ExecResult;
import io.ha4j.agents.internal.Executables;
import io.ha4j.agents.internal.ParamReader;
import io.ha4j.spi.AgentContext;
import io.ha4j.spi.AgentMetadata;
import io.ha4j.spi.AgentMetadata.Parameter;
import io.ha4j.spi.AgentResult;
import io.ha4j.spi.OcfStatus;
import io.ha4j.spi.ResourceAgent;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ha4j:systemd}: a systemd unit, like Pacemaker's {@code systemd:} class. start = {@code
 * systemctl start}, stop = {@code systemctl stop}, monitor = the unit's {@code ActiveState}
 * ({@code active}/{@code reloading}: running; {@code inactive}: cleanly stopped; {@code failed},
 * {@code activating}, {@code deactivating}: an error). A unit that does not exist is
 * {@link OcfStatus#NOT_INSTALLED} (and not running for a probe); a node whose PID 1 is not systemd
 * answers {@link OcfStatus#NOT_INSTALLED} too.
 *
 * <p>The unit should be disabled ({@code systemctl disable}): the cluster, not the boot, starts it.
 * Thread-safe.
 */
public final class SystemdAgent implements ResourceAgent {

  /** The agent type string. */
  public static final String TYPE = "ha4j:systemd";

  private static final Logger log = LoggerFactory.getLogger(SystemdAgent.class);
  private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9_:][A-Za-z0-9_:.@\\\\-]{0,250}");
  private static final Set<String> SUFFIXES = Set.of("service", "socket", "device", "mount", "automount", "swap",
      "target", "path", "timer", "slice", "scope");
  private static final AgentMetadata METADATA = new AgentMetadata(TYPE,
      "A systemd unit, started and stopped with systemctl",
      List.of(new Parameter("unit", true, null, "the unit's name, e.g. apache2.service (.service is implied)")),
      Map.of("start", Duration.ofSeconds(100), "stop", Duration.ofSeconds(100), "monitor", Duration.ofSeconds(100)));

  private final CommandPrefix prefix;
  private final String systemctl;

  /** An agent using the system's {@code systemctl}. */
  public SystemdAgent() {
    this(CommandPrefix.none(), Executables.pathOf("systemctl"));
  }

  /**
   * An agent running {@code systemctl} (an absolute path) behind {@code prefix}, e.g. another
   * systemctl build or {@code systemctl --user} through a wrapper.
   */
  public SystemdAgent(CommandPrefix prefix, String systemctl) {
    if (!systemctl.startsWith("/") && systemctl.contains("/")) {
      throw new IllegalArgumentException("systemctl must be an absolute path or a plain name: " + systemctl);
    }
    this.prefix = prefix;
    this.systemctl = systemctl;
  }

  @Override
  public AgentMetadata metadata() {
    return METADATA;
  }

  @Override
  public List<ConfigViolation> validate(Map<String, String> parameters) {
    ParamReader r = new ParamReader(TYPE, parameters);
    r.rejectUnknown(ParamReader.names(METADATA.parameters()));
    unit(r, "unit");
    return r.violations();
  }

  @Override
  public AgentResult start(AgentContext context) throws InterruptedException {
    ParamReader r = new ParamReader(TYPE, context.parameters());
    r.rejectUnknown(ParamReader.names(METADATA.parameters()));
    String unit = unit(r, "unit");
    if (!r.ok()) {
      return AgentResult.of(OcfStatus.INVALID_ARGUMENT, ParamReader.describe(r.violations()));
    }
    return startUnit(context, unit);
  }

  @Override
  public AgentResult stop(AgentContext context) throws InterruptedException {
    ParamReader r = new ParamReader(TYPE, context.parameters());
    r.rejectUnknown(ParamReader.names(METADATA.parameters()));
    String unit = unit(r, "unit");
    if (!r.ok()) {
      return AgentResult.of(OcfStatus.INVALID_ARGUMENT, ParamReader.describe(r.violations()));
    }
    return stopUnit(context, unit);
  }

  @Override
  public AgentResult monitor(AgentContext context) throws InterruptedException {
    ParamReader r = new ParamReader(TYPE, context.parameters());
    r.rejectUnknown(ParamReader.names(METADATA.parameters()));
    String unit = unit(r, "unit");
    if (!r.ok()) {
      return AgentResult.of(OcfStatus.INVALID_ARGUMENT, ParamReader.describe(r.violations()));
    }
    return unitStatus(context, unit);
  }

  /** Reads and checks a unit name parameter; returns it with {@code .service} added when it has no type. */
  static String unit(ParamReader r, String name) {
    String v = r.required(name);
    if (v == null) {
      return null;
    }
    if (!UNIT.matcher(v).matches()) {
      r.violation(name, "not a unit name (letters, digits, _ : . @ \\ -, not starting with - or .): '"
          + ParamReader.show(v) + "'");
      return null;
    }
    int dot = v.lastIndexOf('.');
    if (dot < 0) {
      return v + ".service";
    }
    if (!SUFFIXES.contains(v.substring(dot + 1))) {
      r.violation(name, "unknown unit type '." + ParamReader.show(v.substring(dot + 1)) + "' (known: " + SUFFIXES + ")");
      return null;
    }
    return v;
  }

  /** Starts a unit and checks that it is active. */
  AgentResult startUnit(AgentContext context, String unit) throws InterruptedException {
    AgentResult before = unitStatus(context, unit);
    if (before.status() == OcfStatus.NOT_INSTALLED) {
      return before;
    }
    if (before.isSuccess()) {
      return AgentResult.of(OcfStatus.SUCCESS, unit + " already active");
    }
    ExecResult started = systemctl(context, "start", unit);
    AgentResult after = unitStatus(context, unit);
    if (after.isSuccess()) {
      log.info("{}: started {}", context.resourceId(), unit);
      return AgentResult.success();
    }
    return AgentResult.failed("systemctl start " + unit + ": " + started.summary() + "; now " + after.message());
  }

  /** Stops a unit; success when it is inactive (or failed) afterwards, or does not exist. */
  AgentResult stopUnit(AgentContext context, String unit) throws InterruptedException {
    Map<String, String> state = show(context, unit);
    if (state == null) {
      return AgentResult.failed("systemctl show " + unit + " failed");
    }
    if (state.containsKey("error")) {
      return AgentResult.of(OcfStatus.NOT_INSTALLED, state.get("error"));
    }
    if ("not-found".equals(state.get("LoadState"))) {
      return AgentResult.of(OcfStatus.SUCCESS, unit + " does not exist");
    }
    ExecResult stopped = systemctl(context, "stop", unit);
    Map<String, String> after = show(context, unit);
    String active = after == null ? "unknown" : after.getOrDefault("ActiveState", "unknown");
    if (active.equals("inactive") || active.equals("failed")) {
      log.info("{}: stopped {} ({})", context.resourceId(), unit, active);
      return AgentResult.success();
    }
    return AgentResult.failed("systemctl stop " + unit + ": " + stopped.summary() + "; ActiveState=" + active);
  }

  /** The unit's state as a monitor result. */
  AgentResult unitStatus(AgentContext context, String unit) throws InterruptedException {
    Map<String, String> state = show(context, unit);
    if (state == null) {
      return AgentResult.failed("systemctl show " + unit + " failed");
    }
    if (state.containsKey("error")) {
      return AgentResult.of(OcfStatus.NOT_INSTALLED, state.get("error"));
    }
    if ("not-found".equals(state.get("LoadState"))) {
      return "probe".equals(context.operation())
          ? AgentResult.of(OcfStatus.NOT_RUNNING, unit + " does not exist here")
          : AgentResult.of(OcfStatus.NOT_INSTALLED, unit + " does not exist here");
    }
    String active = state.getOrDefault("ActiveState", "unknown");
    String sub = state.getOrDefault("SubState", "");
    return switch (active) {
      case "active", "reloading" -> AgentResult.of(OcfStatus.SUCCESS, unit + " " + active + " (" + sub + ")");
      case "inactive" -> AgentResult.of(OcfStatus.NOT_RUNNING, unit + " inactive");
      default -> AgentResult.failed(unit + " " + active + " (" + sub + ")");
    };
  }

  /** {@code systemctl show}: LoadState, ActiveState, SubState; {@code error} when systemd is absent; null on failure. */
  private Map<String, String> show(AgentContext context, String unit) throws InterruptedException {
    ExecResult r = systemctl(context, "show", "--property=LoadState,ActiveState,SubState", unit);
    Map<String, String> out = new HashMap<>();
    if (!r.ok()) {
      String why = r.startError() != null ? r.startError() : r.stderr();
      if (r.startError() != null || why.contains("not been booted with systemd") || why.contains("Failed to connect to bus")) {
        out.put("error", "systemd is not available on node " + context.nodeId() + ": " + r.summary());
        return out;
      }
      return null;
    }
    for (String line : r.stdout().split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        out.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    return out;
  }

  private ExecResult systemctl(AgentContext context, String... args) throws InterruptedException {
    List<String> argv = new java.util.ArrayList<>();
    argv.add(systemctl);
    argv.add("--no-ask-password");
    for (int i = 0; i < args.length - 1; i++) {
      argv.add(args[i]);
    }
    argv.add("--");
    argv.add(args[args.length - 1]);
    return Exec.run(ExecRequest.of(prefix.apply(argv), Budget.next(context, Duration.ofMinutes(10)),
        context.resourceId() + " systemctl " + args[0]));
  }
}
