package io.ha4j.agents.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds programs on the system {@code PATH} ({@link Exec#SYSTEM_PATH}), whatever the JVM's own PATH. */
public final class Executables {

  private Executables() {}

  /**
   * The absolute path of an executable: {@code name} itself when absolute, else the first match in
   * {@link Exec#SYSTEM_PATH}.
   */
  public static Optional<Path> find(String name) {
    if (name.isEmpty() || name.indexOf('\0') >= 0) {
      return Optional.empty();
    }
    if (name.startsWith("/")) {
      Path p = Path.of(name);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    if (name.contains("/")) {
      return Optional.empty();
    }
    for (String dir : Exec.SYSTEM_PATH.split(":")) {
      Path p = Path.of(dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Like {@link #find} but falls back to the bare name (the child then fails with a clear error). */
  public static String pathOf(String name) {
    return find(name).map(Path::toString).orElse(name);
  }
}
