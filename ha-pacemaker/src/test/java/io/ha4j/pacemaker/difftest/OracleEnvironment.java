package io.ha4j.pacemaker.difftest;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the tests of this package find their inputs: {@code crm_simulate}, the conformance corpus
 * and the checked-in regression cases. A missing simulator or corpus skips a test on a developer's
 * machine and fails it under {@code CI=true}, where {@code .ci/run} provides both.
 */
final class OracleEnvironment {

  /** Per-call limit; a call takes ~40 ms, so this only catches a hung simulator. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private OracleEnvironment() {}

  static boolean underCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** The simulator, or a skip (a failure under CI) with the reason printed. */
  static CrmSimulate requireCrmSimulate(Path cacheDir) {
    Optional<Path> exe = CrmSimulate.locate();
    if (exe.isEmpty()) {
      String reason = "crm_simulate is not installed (Debian package pacemaker-cli-utils)";
      if (underCi()) {
        fail(reason + ", but CI=true: .ci/run must install it");
      }
      System.out.println("SKIPPED: " + reason);
      assumeTrue(false, reason);
    }
    return new CrmSimulate(exe.get(), cacheDir, CALL_TIMEOUT);
  }

  /** {@code target/} of this module (Surefire runs with the module as working directory). */
  static Path targetDir() {
    return Path.of(System.getProperty("ha4j.target.dir", "target")).toAbsolutePath();
  }

  /**
   * The corpus' {@code cases} folder: {@code -Dha4j.corpus.dir}, else {@code shared/conformance/pacemaker-cts/cases}
   * beside one of the working directory's ancestors.
   */
  static Optional<Path> corpusCases() {
    String configured = System.getProperty("ha4j.corpus.dir");
    if (configured != null) {
      return Optional.of(Path.of(configured));
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      for (Path candidate : List.of(
          dir.resolve("shared/conformance/pacemaker-cts/cases"),
          dir.resolve("../shared/conformance/pacemaker-cts/cases"))) {
        if (Files.isDirectory(candidate)) {
          return Optional.of(candidate.normalize());
        }
      }
    }
    return Optional.empty();
  }

  /** The corpus' cases folder, or a skip (a failure under CI). */
  static Path requireCorpusCases() {
    Optional<Path> cases = corpusCases();
    if (cases.isEmpty()) {
      String reason = "conformance corpus not found (shared/conformance/pacemaker-cts/cases)";
      if (underCi()) {
        fail(reason + ", but CI=true");
      }
      System.out.println("SKIPPED: " + reason);
      assumeTrue(false, reason);
    }
    return cases.get();
  }

  /** The checked-in regression cases: {@code src/test/resources/regression}. */
  static Path regressionCases() {
    return Path.of("src/test/resources/regression").toAbsolutePath();
  }

  /** Every case folder (one holding {@code cib.xml}) under {@code root}, sorted by name. */
  static List<Path> caseDirs(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("cib.xml"))).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines of a case's {@code expected.txt}, blank lines dropped. */
  static List<String> expectedLines(Path caseDir) {
    try {
      List<String> out = new ArrayList<>();
      for (String line : Files.readAllLines(caseDir.resolve("expected.txt"), StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          out.add(line.trim());
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
