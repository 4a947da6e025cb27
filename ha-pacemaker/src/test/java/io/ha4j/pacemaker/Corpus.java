package io.ha4j.pacemaker;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The conformance corpus ({@code shared/conformance/pacemaker-cts/cases}, beside the repository) and
 * the checked-in list of cases known to fail. A missing corpus skips the tests that need it on a
 * developer's machine and fails them under {@code CI=true}.
 */
final class Corpus {

  static final String CASES = "shared/conformance/pacemaker-cts/cases";
  static final String KNOWN_FAILURES = "/conformance-known-failures.txt";

  private Corpus() {}

  static boolean underCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * The corpus' cases folder: {@code -Dha4j.corpus.dir}; else {@code ../shared/...} beside the Maven
   * multi-module root ({@code maven.multiModuleProjectDirectory}, passed on by Surefire); else the
   * first ancestor of the working directory with {@code shared/...} in it or beside it.
   */
  static Optional<Path> locate() {
    String configured = System.getProperty("ha4j.corpus.dir");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured).toAbsolutePath().normalize());
    }
    List<Path> starts = new ArrayList<>();
    String root = System.getProperty("maven.multiModuleProjectDirectory");
    if (root != null && !root.isBlank() && !root.contains("${")) {
      starts.add(Path.of(root).toAbsolutePath());
    }
    starts.add(Path.of("").toAbsolutePath());
    for (Path start : starts) {
      for (Path dir = start; dir != null; dir = dir.getParent()) {
        for (Path candidate : List.of(dir.resolve(CASES), dir.resolve("..").resolve(CASES))) {
          if (Files.isDirectory(candidate)) {
            return Optional.of(candidate.normalize());
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The cases folder, or a skip (a failure under {@code CI=true}). */
  static Path require() {
    Optional<Path> cases = locate();
    if (cases.isEmpty()) {
      String reason = "conformance corpus not found (" + CASES + " beside the repository)";
      if (underCi()) {
        fail(reason + ", but CI=true: the corpus must be there");
      }
      assumeTrue(false, reason);
    }
    return cases.get();
  }

  /** Every case folder (one holding {@code cib.xml}), sorted by name. */
  static List<Path> cases(Path root) {
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("cib.xml"))).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The non-blank lines of a case file ({@code expected.txt}, {@code placement.txt}), trimmed. */
  static List<String> lines(Path file) {
    try {
      List<String> out = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          out.add(line.trim());
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Case name → reason, from {@code conformance-known-failures.txt} ({@code name  reason}; # comments). */
  static Map<String, String> knownFailures() {
    Map<String, String> out = new LinkedHashMap<>();
    try (InputStream in = Corpus.class.getResourceAsStream(KNOWN_FAILURES)) {
      if (in == null) {
        return out;
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        String[] parts = t.split("\\s+", 2);
        out.put(parts[0], parts.length > 1 ? parts[1] : "");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
