package io.ha4j.pacemaker.difftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks the oracle itself: for every case of the conformance corpus and every checked-in
 * regression case, {@code crm_simulate -x cib.xml -S} normalized by {@link CrmSimulateSummary} must
 * give exactly {@code expected.txt}. This validates the normalizer, the runner and the expected
 * files of the regression cases.
 */
class CrmSimulateOracleTest {

  @TestFactory
  Stream<DynamicTest> corpusCasesReproduceExpectedWithCrmSimulate() {
    Path cases = OracleEnvironment.requireCorpusCases();
    assertThat(OracleEnvironment.caseDirs(cases)).as("cases under %s", cases).isNotEmpty();
    return casesOf(cases);
  }

  @TestFactory
  Stream<DynamicTest> regressionCasesReproduceExpectedWithCrmSimulate() {
    return casesOf(OracleEnvironment.regressionCases());
  }

  private static Stream<DynamicTest> casesOf(Path root) {
    CrmSimulate oracle = OracleEnvironment.requireCrmSimulate(null);
    List<Path> dirs = OracleEnvironment.caseDirs(root);
    List<DynamicTest> tests = new ArrayList<>();
    for (Path dir : dirs) {
      tests.add(DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
        CrmSimulate.Answer answer = oracle.simulate(dir.resolve("cib.xml"));
        assertThat(answer.actions())
            .as("normalized crm_simulate summary of %s\n%s", dir, answer.output())
            .containsExactlyElementsOf(OracleEnvironment.expectedLines(dir).stream().sorted().toList());
        assertThat(answer.hasDefinitionChange()).as("digest mismatch in %s", dir).isFalse();
      }));
    }
    return tests.stream();
  }
}
