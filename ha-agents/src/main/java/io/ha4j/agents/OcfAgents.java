package io.ha4j.agents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where OCF agents come from: {@link #forType(String)} gives the agent for any
 * {@code ocf:PROVIDER:TYPE} installed under {@code /usr/lib/ocf}, which is how a runtime serves OCF
 * types that no {@link io.ha4j.spi.ResourceAgentProvider} names. Thread-safe.
 */
public final class OcfAgents {

  /** Where OCF agents live on Debian, RHEL and SUSE. */
  public static final Path DEFAULT_ROOT = Path.of("/usr/lib/ocf");

  private static final Pattern TYPE = Pattern.compile("ocf:([A-Za-z0-9_][A-Za-z0-9_.+-]*):([A-Za-z0-9_][A-Za-z0-9_.+-]*)");
  private static final ConcurrentMap<String, OcfAgent> SHARED = new ConcurrentHashMap<>();

  private OcfAgents() {}

  /** Whether {@code type} has the form {@code ocf:PROVIDER:TYPE} (installed or not). */
  public static boolean isOcfType(String type) {
    return type != null && TYPE.matcher(type).matches();
  }

  /**
   * The shared agent for {@code ocf:PROVIDER:TYPE} under {@link #DEFAULT_ROOT}, running in the JVM's
   * namespaces. Installed or not: a missing script answers {@code NOT_INSTALLED}.
   *
   * @throws IllegalArgumentException when {@code type} is not of that form (no path separators)
   */
  public static OcfAgent forType(String type) {
    check(type);
    return SHARED.computeIfAbsent(type, t -> forType(t, DEFAULT_ROOT, CommandPrefix.none()));
  }

  /**
   * A new agent for {@code ocf:PROVIDER:TYPE} under {@code ocfRoot}, running the script behind
   * {@code prefix} (e.g. {@link CommandPrefix#netns} to manage a namespace's addresses).
   *
   * @throws IllegalArgumentException when {@code type} is not of that form
   */
  public static OcfAgent forType(String type, Path ocfRoot, CommandPrefix prefix) {
    Matcher m = check(type);
    return new OcfAgent(type, m.group(1), m.group(2), ocfRoot.toAbsolutePath().normalize(), prefix);
  }

  /** Every {@code ocf:PROVIDER:TYPE} installed under {@code ocfRoot}, sorted. */
  public static List<String> installed(Path ocfRoot) {
    List<String> out = new ArrayList<>();
    Path base = ocfRoot.resolve("resource.d");
    try (Stream<Path> providers = Files.list(base)) {
      for (Path p : providers.sorted().toList()) {
        if (!Files.isDirectory(p)) {
          continue;
        }
        try (Stream<Path> agents = Files.list(p)) {
          agents.sorted().filter(a -> Files.isRegularFile(a) && Files.isExecutable(a))
              .map(a -> "ocf:" + p.getFileName() + ":" + a.getFileName())
              .filter(OcfAgents::isOcfType)
              .forEach(out::add);
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    return out;
  }

  private static Matcher check(String type) {
    Matcher m = type == null ? null : TYPE.matcher(type);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("not an OCF agent type (ocf:PROVIDER:TYPE): '" + type + "'");
    }
    return m;
  }
}
