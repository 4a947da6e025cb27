package io.ha4j.agents;

import io.ha4j.agents.internal.Executables;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Words put in front of every command an agent runs, to run it somewhere else: most usefully in a
 * network namespace ({@code ip netns exec NAME}), which is how the VIP and OCF agents manage an
 * address inside a container's or a test's namespace. {@code ip netns exec} executes the command in
 * place, so the process tree and timeouts behave as without a prefix.
 *
 * <p>Immutable and thread-safe.
 *
 * @param words the prefix words; empty for none
 */
public record CommandPrefix(List<String> words) {

  private static final Pattern NETNS = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
  private static final CommandPrefix NONE = new CommandPrefix(List.of());

  /** Copies the words. */
  public CommandPrefix {
    words = List.copyOf(words);
  }

  /** No prefix: commands run in the JVM's own namespaces. */
  public static CommandPrefix none() {
    return NONE;
  }

  /**
   * Runs commands in the named network namespace ({@code ip netns exec NAME ...}).
   *
   * @throws IllegalArgumentException when the name is not a plain namespace name
   */
  public static CommandPrefix netns(String name) {
    if (name == null || !NETNS.matcher(name).matches()) {
      throw new IllegalArgumentException("not a network namespace name: '" + name + "'");
    }
    return new CommandPrefix(List.of(Executables.pathOf("ip"), "netns", "exec", name));
  }

  /** An arbitrary prefix, e.g. {@code nsenter --net=/proc/PID/ns/net}. */
  public static CommandPrefix of(String... words) {
    return new CommandPrefix(List.of(words));
  }

  /** The network namespace commands run in, when this prefix is {@link #netns(String)}. */
  public java.util.Optional<String> netnsName() {
    if (words.size() == 4 && words.get(1).equals("netns") && words.get(2).equals("exec")) {
      return java.util.Optional.of(words.get(3));
    }
    return java.util.Optional.empty();
  }

  /** {@code words} followed by {@code argv}. */
  public List<String> apply(List<String> argv) {
    if (words.isEmpty()) {
      return List.copyOf(argv);
    }
    List<String> out = new ArrayList<>(words.size() + argv.size());
    out.addAll(words);
    out.addAll(argv);
    return out;
  }

  @Override
  public String toString() {
    return words.isEmpty() ? "CommandPrefix.none()" : "CommandPrefix" + words;
  }
}
