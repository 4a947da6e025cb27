package io.ha4j.agents.internal;

import io.ha4j.ConfigViolation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads an agent's parameters and collects every problem as a {@link ConfigViolation} with the path
 * {@code parameters[NAME]}, so that an agent reports all of them at once and runs nothing when there
 * is any. Every value is checked for control characters (a newline could forge a line of a fence
 * agent's input or of a log) and for length.
 *
 * <p>Not thread-safe: one reader per parameter map.
 */
public final class ParamReader {

  /** The longest parameter value accepted. */
  public static final int MAX_VALUE_LENGTH = 4096;

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final String agentType;
  private final Map<String, String> params;
  private final List<ConfigViolation> violations = new ArrayList<>();

  /** Starts reading {@code params} for an agent of type {@code agentType}. */
  public ParamReader(String agentType, Map<String, String> params) {
    this.agentType = agentType;
    this.params = params;
  }

  /** Reports every parameter not in {@code known}. */
  public ParamReader rejectUnknown(Collection<String> known) {
    for (String name : new TreeSet<>(params.keySet())) {
      if (!known.contains(name)) {
        violation(name, "unknown parameter for " + agentType + " (known: " + String.join(", ", new TreeSet<>(known))
            + ")");
      }
    }
    return this;
  }

  /** A parameter that must be set and not blank; {@code null} (and a violation) when missing or bad. */
  public String required(String name) {
    String v = params.get(name);
    if (v == null || v.isBlank()) {
      violation(name, "required by " + agentType);
      return null;
    }
    return checked(name, v);
  }

  /** An optional parameter, empty when unset or blank. */
  public Optional<String> optional(String name) {
    String v = params.get(name);
    if (v == null || v.isBlank()) {
      return Optional.empty();
    }
    return Optional.ofNullable(checked(name, v));
  }

  /** An integer in {@code [min, max]}, or {@code fallback} when unset. */
  public int integer(String name, int fallback, int min, int max) {
    Optional<String> v = optional(name);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      int i = Integer.parseInt(v.get().strip());
      if (i < min || i > max) {
        violation(name, "must be between " + min + " and " + max + ", got " + i);
        return fallback;
      }
      return i;
    } catch (NumberFormatException e) {
      violation(name, "not an integer: '" + show(v.get()) + "'");
      return fallback;
    }
  }

  /** A boolean ({@code true/false, yes/no, on/off, 1/0}), or {@code fallback} when unset. */
  public boolean bool(String name, boolean fallback) {
    Optional<String> v = optional(name);
    if (v.isEmpty()) {
      return fallback;
    }
    switch (v.get().strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1":
        return true;
      case "false", "no", "off", "0":
        return false;
      default:
        violation(name, "not a boolean (true/false): '" + show(v.get()) + "'");
        return fallback;
    }
  }

  /** A duration in {@code [min, max]} (see {@link Durations#parse}), or {@code fallback} when unset. */
  public Duration duration(String name, Duration fallback, Duration min, Duration max) {
    Optional<String> v = optional(name);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      Duration d = Durations.parse(v.get());
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        violation(name, "must be between " + Durations.format(min) + " and " + Durations.format(max) + ", got "
            + Durations.format(d));
        return fallback;
      }
      return d;
    } catch (IllegalArgumentException e) {
      violation(name, e.getMessage());
      return fallback;
    }
  }

  /**
   * A command with arguments (see {@link CommandLine}); the program must be an absolute path or a
   * plain name, never starting with {@code -}. Empty when unset.
   */
  public Optional<List<String>> command(String name) {
    Optional<String> v = optional(name);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      List<String> argv = CommandLine.split(v.get());
      if (argv.isEmpty()) {
        violation(name, "names no program");
        return Optional.empty();
      }
      String program = argv.get(0);
      if (!program.startsWith("/") && (program.contains("/") || program.startsWith("-") || program.isEmpty())) {
        violation(name, "the program must be an absolute path or a plain name found on PATH, got '"
            + show(program) + "'");
        return Optional.empty();
      }
      return Optional.of(argv);
    } catch (IllegalArgumentException e) {
      violation(name, e.getMessage());
      return Optional.empty();
    }
  }

  /** Extra arguments (see {@link CommandLine}); empty list when unset. */
  public List<String> arguments(String name) {
    Optional<String> v = optional(name);
    if (v.isEmpty()) {
      return List.of();
    }
    try {
      return CommandLine.split(v.get());
    } catch (IllegalArgumentException e) {
      violation(name, e.getMessage());
      return List.of();
    }
  }

  /** Environment assignments {@code NAME=value ...} (see {@link CommandLine}); empty when unset. */
  public Map<String, String> environment(String name) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    for (String word : arguments(name)) {
      int eq = word.indexOf('=');
      if (eq <= 0 || !ENV_NAME.matcher(word.substring(0, eq)).matches()) {
        violation(name, "expected NAME=value words, got '" + show(word) + "'");
        continue;
      }
      env.put(word.substring(0, eq), word.substring(eq + 1));
    }
    return env;
  }

  /** An absolute file-system path without {@code ..} segments; empty when unset. */
  public Optional<java.nio.file.Path> absolutePath(String name) {
    Optional<String> v = optional(name);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    String s = v.get();
    if (!s.startsWith("/") || s.contains("/../") || s.endsWith("/..")) {
      violation(name, "must be an absolute path without '..', got '" + show(s) + "'");
      return Optional.empty();
    }
    return Optional.of(java.nio.file.Path.of(s).normalize());
  }

  /** Adds a violation for {@code parameters[name]}. */
  public void violation(String name, String message) {
    violations.add(new ConfigViolation("parameters[" + name + "]", message));
  }

  /** Every problem found so far. */
  public List<ConfigViolation> violations() {
    return List.copyOf(violations);
  }

  /** Whether no problem was found. */
  public boolean ok() {
    return violations.isEmpty();
  }

  /** All violations as one message. */
  public static String describe(List<ConfigViolation> violations) {
    StringBuilder sb = new StringBuilder();
    for (ConfigViolation v : violations) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(v);
    }
    return sb.toString();
  }

  /** The names a set of metadata parameters declares. */
  public static Set<String> names(List<io.ha4j.spi.AgentMetadata.Parameter> parameters) {
    Set<String> out = new TreeSet<>();
    parameters.forEach(p -> out.add(p.name()));
    return out;
  }

  private String checked(String name, String v) {
    if (v.length() > MAX_VALUE_LENGTH) {
      violation(name, "longer than " + MAX_VALUE_LENGTH + " characters");
      return null;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c != '\t' && Character.isISOControl(c)) {
        violation(name, "contains a control character (\\x" + String.format("%02x", (int) c) + ") at position " + i);
        return null;
      }
    }
    return v;
  }

  /** A value safe to quote in a message. */
  public static String show(String v) {
    return OutputLog.sanitize(v, 80);
  }
}
