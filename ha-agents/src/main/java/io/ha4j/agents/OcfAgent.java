package io.ha4j.agents;

import io.ha4j.ConfigViolation;
import io.ha4j.agents.internal.Exec;
import io.ha4j.agents.internal.ExecRequest;
import io.ha4j.agents.internal.ExecResult;
import io.ha4j.agents.internal.OcfMetadata;
import io.ha4j.agents.internal.ParamReader;
import io.ha4j.spi.AgentContext;
import io.ha4j.spi.AgentMetadata;
import io.ha4j.spi.AgentParameters;
import io.ha4j.spi.AgentResult;
import io.ha4j.spi.OcfStatus;
import io.ha4j.spi.ResourceAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an installed OCF resource agent unchanged, e.g. {@code ocf:heartbeat:IPaddr2}: the script
 * {@code OCF_ROOT/resource.d/PROVIDER/TYPE} with the action as its only argument and, in a clean
 * environment, {@code OCF_ROOT}, {@code OCF_RA_VERSION_MAJOR/MINOR}, {@code OCF_RESOURCE_INSTANCE}
 * (the resource id), {@code OCF_RESOURCE_TYPE}, {@code OCF_RESOURCE_PROVIDER}, one
 * {@code OCF_RESKEY_name} per parameter, {@code OCF_RESKEY_CRM_meta_timeout} (ms) and
 * {@code OCF_RESKEY_CRM_meta_interval} (0 for a probe, start and stop; the agent's advertised monitor
 * interval for a monitor), and {@code HA4J_EPOCH}. Exit codes 0-7 map to {@link OcfStatus}; 126 and
 * 127 to {@link OcfStatus#NOT_INSTALLED}; others, and a timeout, to {@link OcfStatus#GENERIC_ERROR}.
 * The result's message is the agent's last {@code ocf-exit-reason}, else its last line of output.
 *
 * <p>The agent's {@code meta-data} is read once (then cached) to validate parameters (required ones
 * present, no unknown names) and give default timeouts. Parameter values reach the script as
 * environment variables only, never as command text; names must be {@code [A-Za-z0-9_]+} and values
 * free of control characters. What the script does with a value is the script's business.
 *
 * <p>Obtain instances with {@link OcfAgents#forType}. Thread-safe.
 */
public final class OcfAgent implements ResourceAgent {

  private static final Logger log = LoggerFactory.getLogger(OcfAgent.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");
  private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:-]{0,127}");
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);

  private final String type;
  private final String provider;
  private final String agentName;
  private final Path ocfRoot;
  private final Path script;
  private final CommandPrefix prefix;
  private volatile OcfMetadata.Parsed parsed;

  OcfAgent(String type, String provider, String agentName, Path ocfRoot, CommandPrefix prefix) {
    this.type = type;
    this.provider = provider;
    this.agentName = agentName;
    this.ocfRoot = ocfRoot;
    this.script = ocfRoot.resolve("resource.d").resolve(provider).resolve(agentName);
    this.prefix = prefix;
  }

  /** The type string, {@code ocf:PROVIDER:TYPE}. */
  public String type() {
    return type;
  }

  /** The script this agent runs. */
  public Path script() {
    return script;
  }

  /** Whether the script is installed (an executable file). */
  public boolean installed() {
    return Files.isRegularFile(script) && Files.isExecutable(script);
  }

  /**
   * The agent's meta-data; when the script is missing or its meta-data unreadable, a metadata with no
   * parameters whose description says why (not cached, so a later install is seen).
   */
  @Override
  public AgentMetadata metadata() {
    OcfMetadata.Parsed p = parsed();
    if (p != null) {
      return p.metadata();
    }
    return new AgentMetadata(type, "not available: " + (installed() ? "unreadable meta-data from " : "no ") + script,
        List.of(), Map.of());
  }

  @Override
  public List<ConfigViolation> validate(Map<String, String> parameters) {
    List<ConfigViolation> out = new ArrayList<>(checkSyntax(parameters));
    OcfMetadata.Parsed p = parsed();
    if (p == null) {
      out.add(new ConfigViolation("type", type + ": " + (installed() ? "meta-data unreadable from " + script
          : "not installed (" + script + " missing)")));
      return out;
    }
    out.addAll(AgentParameters.check(p.metadata(), parameters));
    return out;
  }

  @Override
  public AgentResult start(AgentContext context) throws InterruptedException {
    return run(context, "start");
  }

  @Override
  public AgentResult stop(AgentContext context) throws InterruptedException {
    return run(context, "stop");
  }

  @Override
  public AgentResult monitor(AgentContext context) throws InterruptedException {
    return run(context, "monitor");
  }

  /** Runs the agent's {@code validate-all} action with the context's parameters. */
  public AgentResult validateAll(AgentContext context) throws InterruptedException {
    return run(context, "validate-all");
  }

  private AgentResult run(AgentContext context, String action) throws InterruptedException {
    boolean probe = "probe".equals(context.operation());
    if (!installed()) {
      return probe ? AgentResult.of(OcfStatus.NOT_RUNNING, type + " is not installed here (" + script + ")")
          : AgentResult.of(OcfStatus.NOT_INSTALLED, type + " is not installed here (" + script + ")");
    }
    List<ConfigViolation> bad = validate(context.parameters());
    if (!INSTANCE.matcher(context.resourceId()).matches()) {
      bad = new ArrayList<>(bad);
      bad.add(new ConfigViolation("id", "not usable as OCF_RESOURCE_INSTANCE: '" + ParamReader.show(context.resourceId())
          + "'"));
    }
    if (!bad.isEmpty()) {
      return AgentResult.of(OcfStatus.INVALID_ARGUMENT, ParamReader.describe(bad));
    }
    Map<String, String> env = Exec.baseEnvironment();
    env.put("OCF_ROOT", ocfRoot.toString());
    env.put("OCF_RA_VERSION_MAJOR", "1");
    env.put("OCF_RA_VERSION_MINOR", "1");
    env.put("OCF_RESOURCE_INSTANCE", context.resourceId());
    env.put("OCF_RESOURCE_TYPE", agentName);
    env.put("OCF_RESOURCE_PROVIDER", provider);
    env.put("OCF_RESKEY_CRM_meta_timeout", Long.toString(context.timeout().toMillis()));
    env.put("OCF_RESKEY_CRM_meta_interval", Long.toString(interval(action, probe).toMillis()));
    env.put("HA4J_EPOCH", Long.toString(context.epoch()));
    env.put("HA4J_NODE", context.nodeId());
    context.parameters().forEach((k, v) -> env.put("OCF_RESKEY_" + k, v));
    ExecResult r = Exec.run(new ExecRequest(prefix.apply(List.of(script.toString(), action)), env, null, null,
        context.remaining(), ExecRequest.DEFAULT_TAIL, context.resourceId() + " " + type + " " + action, true));
    if (r.startError() != null) {
      return AgentResult.of(OcfStatus.NOT_INSTALLED, type + " " + action + ": " + r.summary());
    }
    if (r.timedOut()) {
      return AgentResult.failed(type + " " + action + " timed out after " + r.elapsed().toMillis()
          + " ms; its process tree was killed");
    }
    int code = r.exitCode();
    OcfStatus status = code >= 0 && code <= 7 ? OcfStatus.ofExitCode(code)
        : (code == 126 || code == 127) ? OcfStatus.NOT_INSTALLED : OcfStatus.GENERIC_ERROR;
    if (status == OcfStatus.SUCCESS || (status == OcfStatus.NOT_RUNNING && action.equals("monitor"))) {
      return AgentResult.of(status, "");
    }
    String reason = exitReason(r);
    log.debug("{}: {} {} -> {} ({})", context.resourceId(), type, action, code, reason);
    return AgentResult.of(status, type + " " + action + ": exit code " + code + (reason.isEmpty() ? "" : ": " + reason));
  }

  private Duration interval(String action, boolean probe) {
    if (probe || !action.equals("monitor")) {
      return Duration.ZERO;
    }
    OcfMetadata.Parsed p = parsed();
    Duration d = p == null ? null : p.intervals().get("monitor");
    return d == null || d.isZero() ? Duration.ofSeconds(10) : d;
  }

  private static String exitReason(ExecResult r) {
    String reason = "";
    for (String line : (r.stdout() + "\n" + r.stderr()).split("\n")) {
      int at = line.indexOf("ocf-exit-reason:");
      if (at >= 0) {
        reason = line.substring(at + "ocf-exit-reason:".length()).strip();
      }
    }
    if (reason.isEmpty()) {
      String[] lines = r.stderr().strip().split("\n");
      reason = lines[lines.length - 1].strip();
    }
    return io.ha4j.agents.internal.OutputLog.sanitize(reason, 300);
  }

  private static List<ConfigViolation> checkSyntax(Map<String, String> parameters) {
    ParamReader r = new ParamReader("ocf", parameters);
    for (String name : new java.util.TreeSet<>(parameters.keySet())) {
      if (!NAME.matcher(name).matches()) {
        r.violation(name, "not an OCF parameter name ([A-Za-z0-9_]+)");
      } else {
        r.optional(name);  // checks length and control characters
      }
    }
    return r.violations();
  }

  private OcfMetadata.Parsed parsed() {
    OcfMetadata.Parsed p = parsed;
    if (p != null || !installed()) {
      return p;
    }
    synchronized (this) {
      if (parsed != null) {
        return parsed;
      }
      Map<String, String> env = Exec.baseEnvironment();
      env.put("OCF_ROOT", ocfRoot.toString());
      env.put("OCF_RA_VERSION_MAJOR", "1");
      env.put("OCF_RA_VERSION_MINOR", "1");
      env.put("OCF_RESOURCE_TYPE", agentName);
      env.put("OCF_RESOURCE_PROVIDER", provider);
      try {
        ExecResult r = Exec.run(new ExecRequest(prefix.apply(List.of(script.toString(), "meta-data")), env, null, null,
            METADATA_TIMEOUT, 1 << 20, type + " meta-data", false));
        if (!r.ok()) {
          log.warn("{} meta-data: {}", type, r.summary());
          return null;
        }
        parsed = OcfMetadata.parse(type, r.stdout());
        return parsed;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      } catch (IllegalArgumentException e) {
        log.warn("{}", e.getMessage());
        return null;
      }
    }
  }

  @Override
  public String toString() {
    return "OcfAgent[" + type + " at " + script + (prefix.words().isEmpty() ? "" : " via " + prefix) + "]";
  }
}
