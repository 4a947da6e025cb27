package io.ha4j.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ha4j.agents.internal.Exec;
import io.ha4j.agents.internal.OcfMetadata;
import io.ha4j.spi.AgentMetadata;
import io.ha4j.spi.AgentResult;
import io.ha4j.spi.OcfStatus;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OCF adapter against a fake agent (exit codes, environment, timeouts, output) and Debian's Dummy. */
class OcfAgentTest {

  @TempDir
  Path dir;

  private OcfAgent fake;

  @BeforeEach
  void fakeRoot() throws Exception {
    Path agentDir = dir.resolve("ocf/resource.d/ha4jtest");
    Files.createDirectories(agentDir);
    try (InputStream in = getClass().getResourceAsStream("/fake/ocf/Fake")) {
      Files.copy(in, agentDir.resolve("Fake"));
    }
    agentDir.resolve("Fake").toFile().setExecutable(true);
    fake = OcfAgents.forType("ocf:ha4jtest:Fake", dir.resolve("ocf"), CommandPrefix.none());
  }

  @Test
  void metadataGivesParametersAndDefaultTimeouts() {
    AgentMetadata md = fake.metadata();
    assertThat(md.type()).isEqualTo("ocf:ha4jtest:Fake");
    assertThat(md.description()).isEqualTo("A fake agent for tests");
    assertThat(md.parameters()).extracting(AgentMetadata.Parameter::name).containsExactly("mode", "value", "out");
    assertThat(md.parameters().get(0).required()).isTrue();
    assertThat(md.defaultTimeouts()).containsEntry("start", Duration.ofSeconds(33))
        .containsEntry("stop", Duration.ofSeconds(44)).containsEntry("monitor", Duration.ofSeconds(11));
    assertThat(fake.validate(Map.of("value", "x", "colour", "red"))).extracting(Object::toString)
        .containsExactlyInAnyOrder("parameters[mode]: required by ocf:ha4jtest:Fake: what start does",
            "parameters[colour]: unknown parameter for ocf:ha4jtest:Fake (known: mode, value, out)");
    assertThat(fake.validate(Map.of("mode", "a\nb", "bad-name", "x"))).extracting(v -> v.path())
        .contains("parameters[mode]", "parameters[bad-name]");
  }

  @Test
  void environmentCarriesTheOcfVariables() throws Exception {
    Path out = dir.resolve("env.txt");
    AgentResult r = fake.start(Contexts.of("Res-1", "start", Map.of("mode", "env", "out", out.toString()),
        Duration.ofSeconds(9)));
    assertThat(r.status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(Files.readAllLines(out)).contains("OCF_ROOT=" + dir.resolve("ocf"), "OCF_RESOURCE_INSTANCE=Res-1",
        "OCF_RESOURCE_TYPE=Fake", "OCF_RESOURCE_PROVIDER=ha4jtest", "OCF_RA_VERSION_MAJOR=1",
        "OCF_RESKEY_mode=env", "OCF_RESKEY_CRM_meta_timeout=9000", "OCF_RESKEY_CRM_meta_interval=0",
        "HA4J_EPOCH=7", "LC_ALL=C");
    assertThat(Files.readString(out)).doesNotContain("JAVA_HOME").doesNotContain("MAVEN");
  }

  @Test
  void exitCodesAndExitReasonsMap() throws Exception {
    assertThat(fake.monitor(Contexts.of("r", "monitor", Map.of("mode", "echo"))).status())
        .isEqualTo(OcfStatus.NOT_RUNNING);
    AgentResult r = fake.start(Contexts.of("r", "start", Map.of("mode", "reason")));
    assertThat(r.status()).isEqualTo(OcfStatus.NOT_CONFIGURED);
    assertThat(r.message()).isEqualTo("ocf:ha4jtest:Fake start: exit code 6: disk is full");
    assertThat(fake.start(Contexts.of("r", "start", Map.of("mode", "unknown"))).status())
        .isEqualTo(OcfStatus.UNIMPLEMENTED);
    assertThat(fake.start(Contexts.of("bad id!", "start", Map.of("mode", "echo"))).status())
        .isEqualTo(OcfStatus.INVALID_ARGUMENT);
  }

  @Test
  void hostileValuesReachTheAgentInertly() throws Exception {
    Path out = dir.resolve("value.txt");
    Path canary = dir.resolve("canary");
    String hostile = "; touch " + canary + " $(touch " + canary + ") `touch " + canary + "` | -f --help' \"";
    AgentResult r = fake.start(Contexts.of("r", "start", Map.of("mode", "echo", "value", hostile, "out",
        out.toString())));
    assertThat(r.status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(Files.readString(out)).isEqualTo(hostile);
    assertThat(canary).doesNotExist();
    AgentResult newline = fake.start(Contexts.of("r", "start", Map.of("mode", "echo", "value", "a\nOCF_ROOT=/tmp",
        "out", out.toString())));
    assertThat(newline.status()).isEqualTo(OcfStatus.INVALID_ARGUMENT);
    assertThat(newline.message()).contains("parameters[value]").contains("control character");
  }

  @Test
  void aTimeoutKillsTheWholeProcessTree() throws Exception {
    Path pids = dir.resolve("pids");
    long t0 = System.nanoTime();
    AgentResult r = fake.start(Contexts.of("r", "start", Map.of("mode", "hang", "out", pids.toString()),
        Duration.ofMillis(700)));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.status()).isEqualTo(OcfStatus.GENERIC_ERROR);
    assertThat(r.message()).contains("timed out").contains("process tree was killed");
    assertThat(ms).isLessThan(4000);
    List<Long> children = Files.readAllLines(pids).stream().map(String::strip).map(Long::parseLong).toList();
    assertThat(children).hasSize(2);
    await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(children).allMatch(
        pid -> ProcessHandle.of(pid).map(Exec::hasEnded).orElse(true)));
  }

  @Test
  void floodingOutputIsBounded() throws Exception {
    AgentResult r = fake.start(Contexts.of("r", "start", Map.of("mode", "flood")));
    assertThat(r.status()).isEqualTo(OcfStatus.GENERIC_ERROR);
    assertThat(r.message()).contains("line 99999 of a flood").hasSizeLessThan(400);
  }

  @Test
  void aMissingAgentIsNotInstalled() throws Exception {
    OcfAgent missing = OcfAgents.forType("ocf:ha4jtest:Missing", dir.resolve("ocf"), CommandPrefix.none());
    assertThat(missing.installed()).isFalse();
    assertThat(missing.validate(Map.of("x", "y"))).extracting(v -> v.path()).containsExactly("type");
    assertThat(missing.start(Contexts.of("r", "start", Map.of())).status()).isEqualTo(OcfStatus.NOT_INSTALLED);
    assertThat(missing.monitor(Contexts.of("r", "probe", Map.of())).status()).isEqualTo(OcfStatus.NOT_RUNNING);
  }

  @Test
  void typeStringsCannotEscapeTheOcfRoot() {
    for (String bad : new String[] {"ocf:../x:y", "ocf:heartbeat:../../bin/sh", "ocf:heartbeat", "lsb:apache2",
        "ocf:heartbeat:IPaddr2;rm", "ocf:-f:x", "ocf:heartbeat:a/b"}) {
      assertThatThrownBy(() -> OcfAgents.forType(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(OcfAgents.forType("ocf:heartbeat:Dummy")).isSameAs(OcfAgents.forType("ocf:heartbeat:Dummy"));
  }

  @Test
  void metadataParserLoadsNothingFromOutside() throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET");
    String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE resource-agent [<!ENTITY x SYSTEM \"file://" + secret + "\">]>\n"
        + "<resource-agent name=\"X\"><shortdesc>&x;</shortdesc><parameters/><actions/></resource-agent>";
    try {
      OcfMetadata.Parsed p = OcfMetadata.parse("ocf:x:X", xxe);
      assertThat(p.metadata().description()).doesNotContain("TOP-SECRET");
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).doesNotContain("TOP-SECRET");
    }
    String bomb = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\">"
        + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
        + "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
        + "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">]>"
        + "<resource-agent><shortdesc>&g;</shortdesc></resource-agent>";
    try {
      OcfMetadata.Parsed p = OcfMetadata.parse("ocf:x:X", bomb);
      assertThat(p.metadata().description().length()).isLessThan(1_000_000);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).contains("unreadable meta-data");
    }
  }

  @Test
  void debianDummyAgentRunsUnchanged() throws Exception {
    OcfAgent dummy = OcfAgents.forType("ocf:heartbeat:Dummy");
    if (!dummy.installed()) {
      System.out.println("SKIPPED debianDummyAgentRunsUnchanged: resource-agents is not installed (" + dummy.script()
          + ")");
      org.junit.jupiter.api.Assumptions.assumeTrue(false, "resource-agents missing");
    }
    assertThat(dummy.metadata().parameters()).extracting(AgentMetadata.Parameter::name).contains("state", "fake");
    assertThat(dummy.metadata().defaultTimeouts()).containsEntry("start", Duration.ofSeconds(20));
    Path canary = dir.resolve("canary");
    Map<String, String> p = Map.of("state", dir.resolve("dummy.state").toString(),
        "fake", "$(touch " + canary + "); touch " + canary);
    assertThat(dummy.validate(p)).isEmpty();
    assertThat(dummy.monitor(Contexts.of("D1", "probe", p)).status()).isEqualTo(OcfStatus.NOT_RUNNING);
    assertThat(dummy.start(Contexts.of("D1", "start", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(dummy.monitor(Contexts.of("D1", "monitor", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(dummy.start(Contexts.of("D1", "start", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(dummy.stop(Contexts.of("D1", "stop", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(dummy.monitor(Contexts.of("D1", "monitor", p)).status()).isEqualTo(OcfStatus.NOT_RUNNING);
    assertThat(dummy.stop(Contexts.of("D1", "stop", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(canary).doesNotExist();
    assertThat(OcfAgents.installed(OcfAgents.DEFAULT_ROOT)).contains("ocf:heartbeat:Dummy", "ocf:heartbeat:IPaddr2");
  }
}
