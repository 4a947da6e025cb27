package io.ha4j.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's demo command, for real: {@code examples/web-cluster/run.sh --short} starts three node
 * JVMs (in network namespaces with a real VIP when run as root, else on loopback), kills the active
 * one with {@code kill -9}, and reports the takeover. Runs in {@code ./mvnw verify} after {@code
 * package} (it needs the shaded jars); about a minute.
 */
class WebClusterDemoIT {

  @Test
  void theDemoFailsOverAfterKill9AndCleansUp() throws IOException, InterruptedException {
    Path repo = Path.of("").toAbsolutePath().resolve("../..").normalize();
    Path script = repo.resolve("examples/web-cluster/run.sh");
    Path output = Files.createTempFile("ha4j-demo", ".out");
    ProcessBuilder pb = new ProcessBuilder(script.toString(), "--short").directory(repo.toFile())
        .redirectErrorStream(true).redirectOutput(output.toFile());
    pb.environment().put("HA4J_DEMO_NO_BUILD", "1");
    Process run = pb.start();
    boolean ended = run.waitFor(4, TimeUnit.MINUTES);
    if (!ended) {
      run.destroy();
      run.waitFor(30, TimeUnit.SECONDS);
    }
    String out = Files.readString(output, StandardCharsets.UTF_8);
    Files.delete(output);
    System.out.println(out);
    assertThat(ended).as("run.sh ended within 4 minutes").isTrue();
    assertThat(run.exitValue()).as("exit code of run.sh --short").isZero();
    assertThat(out).contains("Takeover: WebGroup moved from node", "partition with quorum", "OFFLINE: [ node");
    Matcher m = Pattern.compile("TAKEOVER_MS=(\\d+)").matcher(out);
    assertThat(m.find()).isTrue();
    long takeoverMs = Long.parseLong(m.group(1));
    assertThat(takeoverMs).as("takeover after kill -9 (DEFAULT timing)").isBetween(1L, 30_000L);
    if (out.contains("VIP 10.77.0.100/24")) {
      assertThat(out).contains("The VIP is gone from").doesNotContain("WARNING: the VIP is still configured");
    }
    assertThat(out).doesNotContain("ACTIVE ON 2 NODES");
  }
}
