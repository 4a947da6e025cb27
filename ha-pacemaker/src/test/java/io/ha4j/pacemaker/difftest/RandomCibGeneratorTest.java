package io.ha4j.pacemaker.difftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class RandomCibGeneratorTest {

  /** The differential test's default number of clusters. */
  private static final int SEEDS = CrmSimulateDifferentialTest.DEFAULT_CLUSTERS;

  @Test
  void theSameSeedGivesTheSameCib() {
    for (long seed = 1; seed <= 20; seed++) {
      assertThat(RandomCibGenerator.generate(seed)).isEqualTo(RandomCibGenerator.generate(seed));
    }
    assertThat(RandomCibGenerator.generate(1).xml()).isNotEqualTo(RandomCibGenerator.generate(2).xml());
  }

  @Test
  void everyCibIsWellFormedWithAFixedClockAndAReplayableFeatureSet() throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    for (long seed = 1; seed <= SEEDS; seed++) {
      String xml = RandomCibGenerator.generate(seed).xml();
      Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
      var cib = doc.getDocumentElement();
      assertThat(cib.getAttribute("execution-date")).as("seed %d", seed)
          .isEqualTo(Long.toString(RandomCibGenerator.EXECUTION_DATE));
      String featureSet = cib.getAttribute("crm_feature_set");
      assertThat(featureSet).as("seed %d", seed).isIn("", "3.16.1", "3.3.0", "3.0.12");
      int primitives = doc.getElementsByTagName("primitive").getLength();
      int fencing = xml.contains("class=\"stonith\" type=\"fence_dummy\">") ? 1 : 0;
      assertThat(primitives - fencing).as("seed %d", seed).isBetween(1, 10);
      assertThat(doc.getElementsByTagName("node").getLength()).as("seed %d", seed).isBetween(1, 5);
    }
  }

  @Test
  void everyInScopeFeatureIsExercisedAtLeast30TimesIn500Clusters() {
    Map<String, Integer> counts = featureCounts(SEEDS);
    System.out.println("generator feature counts over " + SEEDS + " seeds: " + counts);
    for (String feature : RandomCibGenerator.FEATURES) {
      assertThat(counts.getOrDefault(feature, 0)).as("clusters using %s", feature).isGreaterThanOrEqualTo(30);
    }
    assertThat(RandomCibGenerator.FEATURES).containsAll(
        counts.keySet().stream().filter(f -> !f.equals("failure-timeout-boundary")).toList());
  }

  static Map<String, Integer> featureCounts(int seeds) {
    Map<String, Integer> counts = new TreeMap<>();
    for (long seed = 1; seed <= seeds; seed++) {
      for (String f : RandomCibGenerator.generate(seed).features()) {
        counts.merge(f, 1, Integer::sum);
      }
    }
    return counts;
  }
}
