package io.ha4j.pacemaker.difftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import io.ha4j.pacemaker.Cib;
import io.ha4j.pacemaker.CibSnapshot;
import io.ha4j.scheduler.Scheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every checked-in regression case ({@code src/test/resources/regression/NAME/{cib.xml,expected.txt}},
 * mostly fixed mismatches of the differential test) through {@link Cib#read} and
 * {@link Scheduler#schedule} at the CIB's {@code execution-date}. A failing case fails the build
 * unless {@code regression/known-failures.txt} lists it; a listed case is reported as aborted, and
 * one that passes says so, to be taken off the list.
 */
class RegressionCasesTest {

  @TestFactory
  Stream<DynamicTest> regressionCases() {
    Path root = OracleEnvironment.regressionCases();
    List<Path> cases = OracleEnvironment.caseDirs(root);
    assertThat(cases).as("regression cases under %s", root).isNotEmpty();
    Map<String, String> known = knownFailures(root.resolve("known-failures.txt"));
    assertThat(cases.stream().map(c -> c.getFileName().toString()).toList())
        .as("every case in known-failures.txt exists").containsAll(known.keySet());
    return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(),
        () -> check(dir, known.get(dir.getFileName().toString()))));
  }

  private static void check(Path dir, String knownReason) {
    List<String> expected = OracleEnvironment.expectedLines(dir).stream().sorted().toList();
    List<String> actual;
    String error = null;
    try {
      CibSnapshot snapshot = Cib.read(dir.resolve("cib.xml"));
      actual = Scheduler.schedule(snapshot.config(), snapshot.state(), snapshot.executionTime().orElseThrow())
          .normalizedChanges();
    } catch (RuntimeException e) {
      error = e.toString();
      actual = List.of("<" + e + ">");
    }
    boolean passed = error == null && actual.equals(expected);
    if (knownReason != null) {
      if (passed) {
        System.out.println("regression: " + dir.getFileName() + " passes now; take it off known-failures.txt");
        return;
      }
      abort("known failure (" + knownReason + ")");
    }
    assertThat(actual).as("normalized actions of %s", dir.resolve("cib.xml")).containsExactlyElementsOf(expected);
  }

  /** {@code name reason…} per line; '#' starts a comment. */
  static Map<String, String> knownFailures(Path file) {
    Map<String, String> out = new TreeMap<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String l = line.replaceAll("#.*", "").trim();
        if (!l.isEmpty()) {
          String[] parts = l.split("\\s+", 2);
          out.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
