package io.ha4j.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ha4j.agents.internal.CommandLine;
import io.ha4j.spi.AgentResult;
import io.ha4j.spi.OcfStatus;
import io.ha4j.spi.ResourceAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile parameter values against every built-in agent: each is either refused by validation with a
 * path naming the parameter, or reaches the program as one inert argument. Nothing here is ever
 * interpreted by a shell.
 */
class HostileParametersTest {

  static final List<String> HOSTILE = List.of("; rm -rf /", "$(reboot)", "`reboot`", "a\nb", "-f", "--help",
      "x\u0000y", "|| true", "../../etc/passwd");

  @TempDir
  Path dir;

  private static void refused(ResourceAgent agent, Map<String, String> base, String param, String value) {
    Map<String, String> p = new HashMap<>(base);
    p.put(param, value);
    assertThat(agent.validate(p)).as("%s %s=%s", agent.metadata().type(), param, value)
        .anySatisfy(v -> assertThat(v.path()).isEqualTo("parameters[" + param + "]"));
  }

  @Test
  void vipRefusesEveryHostileValueInEveryParameter() {
    VipAgent vip = new VipAgent();
    Map<String, String> base = Map.of("ip", "198.18.0.5");
    for (String h : HOSTILE) {
      for (String param : List.of("ip", "cidr_netmask", "nic", "label", "broadcast", "arp_count", "nodad", "arp_bg")) {
        if (param.equals("nic") && h.equals("../../etc/passwd")) {
          continue;  // contains '/', refused below with the others
        }
        refused(vip, base, param, h);
      }
    }
    refused(vip, base, "nic", "../../etc/passwd");
    for (String bad : List.of("256.1.1.1", "1.2.3", "01.2.3.4", "127.0.0.1", "0.0.0.0", "224.0.0.1", "::1",
        "::ffff:10.0.0.1", "fe80::1%eth0", "[2001:db8::1]", "example.com")) {
      refused(vip, base, "ip", bad);
    }
    refused(vip, base, "cidr_netmask", "33");
    refused(vip, Map.of("ip", "2001:db8::5"), "cidr_netmask", "129");
    refused(vip, Map.of("ip", "2001:db8::5"), "label", "web");
    refused(vip, base, "nic", "a-very-long-interface-name");
    assertThat(vip.validate(Map.of("ip", "198.18.0.5", "cidr_netmask", "0", "nic", "eth0.100", "label", "web")))
        .isEmpty();
    assertThat(vip.validate(Map.of("ip", "2001:db8::5", "cidr_netmask", "128"))).isEmpty();
  }

  @Test
  void systemdAndHttpRefuseHostileNamesAndUrls() {
    SystemdAgent systemd = new SystemdAgent();
    HttpServiceAgent http = new HttpServiceAgent();
    Map<String, String> httpBase = Map.of("url", "http://127.0.0.1:8080/", "systemd_unit", "web");
    for (String h : HOSTILE) {
      refused(systemd, Map.of(), "unit", h);
      refused(http, httpBase, "systemd_unit", h);
      refused(http, httpBase, "url", h);
      refused(http, httpBase, "expected_status", h);
      refused(http, httpBase, "request_timeout", h);
    }
  }

  @Test
  void processRefusesHostileProgramsAndPassesArgumentsInertly() throws Exception {
    ProcessAgent agent = new ProcessAgent(dir);
    for (String h : List.of("; rm -rf /", "-f", "--help", "a\nb", "../../bin/sh", "x\u0000y", "|| true")) {
      refused(agent, Map.of(), "command", h);
    }
    refused(agent, Map.of("command", "sleep"), "args", "a\nb");
    refused(agent, Map.of("command", "sleep"), "workdir", "../tmp");
    refused(agent, Map.of("command", "sleep"), "pidfile", "relative.pid");
    refused(agent, Map.of("command", "sleep"), "env", "; rm -rf /");
    // a plain name that no program has is simply not installed
    AgentResult none = agent.start(Contexts.of("p", "start", Map.of("command", "$(reboot)")));
    assertThat(none.status()).isEqualTo(OcfStatus.NOT_INSTALLED);

    Path log = dir.resolve("printf.log");
    Path canary = dir.resolve("canary");
    String hostile = "; touch " + canary + " && $(touch " + canary + ") `touch " + canary + "` -f --help";
    AgentResult r = agent.start(Contexts.of("p", "start", Map.of("command", "printf", "args",
        "'%s|' '" + hostile + "' -f", "logfile", log.toString(), "start_grace", "0")));
    assertThat(r.status()).isEqualTo(OcfStatus.SUCCESS);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(log).content().isEqualTo(hostile + "|-f|"));
    assertThat(canary).doesNotExist();
    agent.stop(Contexts.of("p", "stop", Map.of("command", "printf")));
  }

  @Test
  void ocfRefusesHostileNamesAndControlCharacters() {
    OcfAgent dummy = OcfAgents.forType("ocf:heartbeat:Dummy");
    for (String name : List.of("a;b", "$(x)", "a b", "-f", "a=b")) {
      assertThat(dummy.validate(Map.of(name, "x"))).as(name)
          .anySatisfy(v -> assertThat(v.path()).isEqualTo("parameters[" + name + "]"));
    }
    assertThat(dummy.validate(Map.of("fake", "a\nOCF_ROOT=/tmp"))).extracting(v -> v.path())
        .contains("parameters[fake]");
  }

  @Test
  void theTokenizerExpandsNothing() {
    assertThat(CommandLine.split("/bin/echo $(reboot) `id` ; rm -rf / | x && y > z"))
        .containsExactly("/bin/echo", "$(reboot)", "`id`", ";", "rm", "-rf", "/", "|", "x", "&&", "y", ">", "z");
    assertThat(CommandLine.split("a 'b c' \"d \\\"e\\\" $HOME\" f\\ g ''")).containsExactly("a", "b c",
        "d \"e\" $HOME", "f g", "");
    assertThatThrownBy(() -> CommandLine.split("a 'b")).hasMessageContaining("unterminated");
    assertThatThrownBy(() -> CommandLine.split("a\nb")).hasMessageContaining("control character");
    assertThat(Files.exists(Path.of("/ha4j-canary"))).isFalse();
  }
}
