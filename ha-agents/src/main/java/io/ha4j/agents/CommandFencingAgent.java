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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Fences with any command: an argument list in which {@code {node}} and {@code {action}} are
 * replaced (inside any argument) by the node's name and {@code off|on|reboot|status}, e.g.
 * {@code List.of("/usr/local/bin/pdu", "--outlet-of", "{node}", "--power", "{action}")}. No shell is
 * involved; node names are checked (letters, digits, {@code _ . : @ -}, not starting with {@code -}).
 * Exit code 0 = done; for {@code status}, 0 = on and 2 = off.
 *
 * <p>Immutable and thread-safe.
 */
public final class CommandFencingAgent implements FencingAgent {

  private final String name;
  private final List<String> template;
  private final Set<String> nodes;
  private final CommandPrefix prefix;

  /**
   * An agent named {@code name} fencing {@code nodes} with {@code command}.
   *
   * @throws IllegalArgumentException when the command is empty, its program is not an absolute path
   *     or plain name, or a node name is not plain
   */
  public CommandFencingAgent(String name, List<String> command, Set<String> nodes) {
    this(name, command, nodes, CommandPrefix.none());
  }

  /** As {@link #CommandFencingAgent(String, List, Set)}, running the command behind {@code prefix}. */
  public CommandFencingAgent(String name, List<String> command, Set<String> nodes, CommandPrefix prefix) {
    this.name = Objects.requireNonNull(name, "name");
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must not be empty");
    }
    String program = command.get(0);
    if (!program.startsWith("/") && (program.contains("/") || program.startsWith("-") || program.isBlank()
        || program.contains("{"))) {
      throw new IllegalArgumentException("the program must be an absolute path or a plain name: '" + program + "'");
    }
    List<String> t = new ArrayList<>(command);
    t.set(0, Executables.pathOf(program));
    this.template = List.copyOf(t);
    nodes.forEach(FenceTargets::checkNode);
    this.nodes = Set.copyOf(nodes);
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean canFence(String nodeId) {
    return nodes.contains(nodeId);
  }

  @Override
  public AgentResult fence(String nodeId, FenceAction action, Duration timeout) throws InterruptedException {
    FenceTargets.checkNode(nodeId);
    if (!canFence(nodeId)) {
      return AgentResult.of(OcfStatus.INVALID_ARGUMENT, name + " cannot fence " + nodeId);
    }
    String verb = action.name().toLowerCase(Locale.ROOT);
    List<String> argv = new ArrayList<>(template.size());
    for (String word : template) {
      argv.add(word.replace("{node}", nodeId).replace("{action}", verb));
    }
    String what = name + " " + verb + " " + nodeId;
    ExecResult r = Exec.run(ExecRequest.of(prefix.apply(argv), timeout, what));
    if (r.startError() != null) {
      return AgentResult.of(OcfStatus.NOT_INSTALLED, what + ": " + r.summary());
    }
    if (r.timedOut()) {
      return AgentResult.failed(what + " timed out after " + r.elapsed().toMillis() + " ms (process tree killed)");
    }
    if (r.exitCode() == 0) {
      return AgentResult.of(OcfStatus.SUCCESS, action == FenceAction.STATUS ? nodeId + " is on" : "");
    }
    if (action == FenceAction.STATUS && r.exitCode() == 2) {
      return AgentResult.of(OcfStatus.NOT_RUNNING, nodeId + " is off");
    }
    return AgentResult.failed(what + ": " + r.summary());
  }

  @Override
  public String toString() {
    return "CommandFencingAgent[" + name + " " + template + " nodes=" + nodes + "]";
  }
}
