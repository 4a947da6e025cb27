package io.ha4j.agents;

import io.ha4j.agents.internal.Exec;
import io.ha4j.agents.internal.ExecRequest;
import io.ha4j.agents.internal.ExecResult;
import io.ha4j.agents.internal.Executables;
import io.ha4j.agents.internal.FenceTargets;
import io.ha4j.spi.AgentResult;
import io.ha4j.spi.FenceAction;
import io.ha4j.spi.FencingAgent;
import io.ha4j.spi.OcfStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a fence-agents program ({@code fence_ipmilan}, {@code fence_virsh}, {@code fence_aws}, ...)
 * the way Pacemaker's fencer does: no arguments, options as {@code key=value} lines on standard
 * input ({@code action=off|on|reboot|status|monitor}, the device options, and {@code plug=} naming
 * the target when the device serves several nodes). Exit code 0 = done; for {@code status}, 0 = on
 * and 2 = off. Options travel on standard input, never on the command line, so passwords do not
 * show in {@code ps}, and they are never logged; values with a newline are refused (they could add
 * an {@code action=} line).
 *
 * <p>Immutable and thread-safe. Build with {@link #builder(String)}.
 */
public final class FenceAgentAdapter implements FencingAgent {

  private static final Logger log = LoggerFactory.getLogger(FenceAgentAdapter.class);
  private static final Pattern OPTION = Pattern.compile("[a-z0-9_][a-z0-9_-]{0,63}");
  private static final Set<String> RESERVED = Set.of("action", "option", "plug", "port", "nodename");

  private final String name;
  private final String program;
  private final Map<String, String> options;
  private final Map<String, String> hostMap;
  private final Set<String> hosts;
  private final String hostArgument;
  private final CommandPrefix prefix;

  private FenceAgentAdapter(Builder b) {
    this.program = b.program;
    this.name = b.name != null ? b.name : program.substring(program.lastIndexOf('/') + 1);
    this.options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.options));
    this.hostMap = Map.copyOf(b.hostMap);
    this.hosts = Set.copyOf(b.hosts);
    this.hostArgument = b.hostArgument;
    this.prefix = b.prefix;
  }

  /**
   * A builder for the fence program {@code program}: an absolute path, or a name found in
   * {@code /usr/sbin} and the rest of the system {@code PATH}.
   *
   * @throws IllegalArgumentException when {@code program} is neither
   */
  public static Builder builder(String program) {
    return new Builder(program);
  }

  @Override
  public String name() {
    return name;
  }

  /** Nodes named by {@link Builder#hosts} or {@link Builder#hostMap}. */
  @Override
  public boolean canFence(String nodeId) {
    return hosts.contains(nodeId) || hostMap.containsKey(nodeId);
  }

  @Override
  public AgentResult fence(String nodeId, FenceAction action, Duration timeout) throws InterruptedException {
    FenceTargets.checkNode(nodeId);
    if (!canFence(nodeId)) {
      return AgentResult.of(OcfStatus.INVALID_ARGUMENT, name + " cannot fence " + nodeId);
    }
    String verb = action.name().toLowerCase(Locale.ROOT);
    ExecResult r = run(verb, nodeId, timeout);
    return judge(r, verb, nodeId, action == FenceAction.STATUS);
  }

  /** Checks that the device answers ({@code action=monitor}), for a periodic device check. */
  public AgentResult monitorDevice(Duration timeout) throws InterruptedException {
    return judge(run("monitor", null, timeout), "monitor", null, false);
  }

  private ExecResult run(String verb, String nodeId, Duration timeout) throws InterruptedException {
    StringBuilder in = new StringBuilder();
    in.append("action=").append(verb).append('\n');
    if (nodeId != null && hostArgument != null) {
      in.append(hostArgument).append('=').append(hostMap.getOrDefault(nodeId, nodeId)).append('\n');
    }
    options.forEach((k, v) -> in.append(k).append('=').append(v).append('\n'));
    String label = name + " " + verb + (nodeId == null ? "" : " " + nodeId);
    log.info("{}: running {}", label, program);
    // the output of fence programs is safe to log (no options are echoed), the input is not
    return Exec.run(ExecRequest.of(prefix.apply(List.of(program)), timeout, label)
        .withStdin(in.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private AgentResult judge(ExecResult r, String verb, String nodeId, boolean status) {
    String what = name + " " + verb + (nodeId == null ? "" : " " + nodeId);
    if (r.startError() != null) {
      return AgentResult.of(OcfStatus.NOT_INSTALLED, what + ": " + r.summary());
    }
    if (r.timedOut()) {
      return AgentResult.failed(what + " timed out after " + r.elapsed().toMillis() + " ms (process tree killed)");
    }
    if (r.exitCode() == 0) {
      return AgentResult.of(OcfStatus.SUCCESS, status ? nodeId + " is on" : "");
    }
    if (status && r.exitCode() == 2) {
      return AgentResult.of(OcfStatus.NOT_RUNNING, nodeId + " is off");
    }
    return AgentResult.failed(what + ": " + r.summary());
  }

  @Override
  public String toString() {
    return "FenceAgentAdapter[" + name + " " + program + " hosts=" + hosts + " hostMap=" + hostMap.keySet()
        + " options=" + options.keySet() + "]";
  }

  /** Builds a {@link FenceAgentAdapter}. Not thread-safe. */
  public static final class Builder {
    private final String program;
    private String name;
    private final Map<String, String> options = new LinkedHashMap<>();
    private final Map<String, String> hostMap = new LinkedHashMap<>();
    private final Set<String> hosts = new LinkedHashSet<>();
    private String hostArgument = "plug";
    private CommandPrefix prefix = CommandPrefix.none();

    private Builder(String program) {
      Objects.requireNonNull(program, "program");
      if (!program.startsWith("/") && (program.contains("/") || program.startsWith("-") || program.isBlank())) {
        throw new IllegalArgumentException("program must be an absolute path or a plain name: '" + program + "'");
      }
      this.program = Executables.pathOf(program);
    }

    /** The name in logs and status; default: the program's file name. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * A device option, e.g. {@code ip}, {@code username}, {@code password}, {@code lanplus}.
     *
     * @throws IllegalArgumentException for a name that is not {@code [a-z0-9_-]}, a reserved name
     *     ({@code action}, {@code plug}, {@code port}, {@code nodename}, {@code option}), or a value
     *     with a control character
     */
    public Builder option(String key, String value) {
      if (key == null || !OPTION.matcher(key).matches()) {
        throw new IllegalArgumentException("not a fence option name: '" + key + "'");
      }
      if (RESERVED.contains(key)) {
        throw new IllegalArgumentException("'" + key + "' is set by the adapter, not as an option");
      }
      options.put(key, checkValue(key, value));
      return this;
    }

    /** Nodes this device fences, each under its own name as the plug. */
    public Builder hosts(String... nodes) {
      for (String n : nodes) {
        hosts.add(FenceTargets.checkNode(n));
      }
      return this;
    }

    /** A node this device fences, with the plug (port, VM name, outlet) that powers it. */
    public Builder hostMap(String node, String plug) {
      hostMap.put(FenceTargets.checkNode(node), checkValue("plug", plug));
      return this;
    }

    /**
     * The option naming the target ({@code plug} by default, {@code port} for old agents), or
     * {@code null} for a device that fences exactly one node (e.g. its own IPMI board).
     */
    public Builder hostArgument(String argument) {
      if (argument != null && (!OPTION.matcher(argument).matches() || argument.equals("action"))) {
        throw new IllegalArgumentException("not a host argument: '" + argument + "'");
      }
      this.hostArgument = argument;
      return this;
    }

    /** Runs the program behind {@code prefix}. */
    public Builder prefix(CommandPrefix prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /**
     * The adapter.
     *
     * @throws IllegalStateException when it can fence no node
     */
    public FenceAgentAdapter build() {
      if (hosts.isEmpty() && hostMap.isEmpty()) {
        throw new IllegalStateException("a fence device must name the nodes it fences (hosts or hostMap)");
      }
      return new FenceAgentAdapter(this);
    }

    private static String checkValue(String key, String value) {
      Objects.requireNonNull(value, key);
      for (int i = 0; i < value.length(); i++) {
        if (Character.isISOControl(value.charAt(i))) {
          throw new IllegalArgumentException("value of '" + key + "' contains a control character at position " + i);
        }
      }
      return value;
    }
  }
}
