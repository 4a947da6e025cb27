package io.ha4j.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every CIB of the conformance corpus reads without a problem, and its configuration validates. */
class CorpusReadTest {

  @TestFactory
  Stream<DynamicTest> everyCorpusCibReads() {
    Path root = Corpus.require();
    return Corpus.cases(root).stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
      CibSnapshot snapshot = Cib.read(dir.resolve("cib.xml"));
      assertThat(snapshot.config().validate()).isEmpty();
      assertThat(snapshot.config().nodes()).isNotEmpty();
      assertThat(snapshot.state().nodes()).hasSameSizeAs(snapshot.config().nodes());
    }));
  }
}
