package io.ha4j.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ha4j.spi.AgentResult;
import io.ha4j.spi.OcfStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's {@code ocf:heartbeat:IPaddr2} and {@code ocf:heartbeat:apache}, unchanged, through the
 * OCF adapter in network namespaces: the seed's ClusterVIP + WebService pair fails over from holder
 * a to holder b, and a client namespace reaches the web server on the VIP before and after.
 */
class OcfNetnsTest {

  private static final String VIP = "10.255.0.100";

  @TempDir
  Path dir;

  private Netns lab;
  private String a;
  private String b;
  private String c;

  @BeforeEach
  void lab() {
    OcfAgent ipaddr2 = OcfAgents.forType("ocf:heartbeat:IPaddr2");
    if (!ipaddr2.installed()) {
      System.out.println("SKIPPED OcfNetnsTest: resource-agents is not installed (" + ipaddr2.script() + ")");
      Assumptions.assumeTrue(false, "resource-agents missing");
    }
    lab = new Netns();
    a = lab.host("a", "10.255.0.1/24");
    b = lab.host("b", "10.255.0.2/24");
    c = lab.host("c", "10.255.0.3/24");
    Netns.ok(Netns.IP, "-n", c, "ntable", "change", "name", "arp_cache", "dev", "eth0", "locktime", "0");
  }

  @AfterEach
  void cleanUp() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void ipaddr2MovesTheAddressAndAnnouncesIt() throws Exception {
    OcfAgent onA = OcfAgents.forType("ocf:heartbeat:IPaddr2", OcfAgents.DEFAULT_ROOT, CommandPrefix.netns(a));
    OcfAgent onB = OcfAgents.forType("ocf:heartbeat:IPaddr2", OcfAgents.DEFAULT_ROOT, CommandPrefix.netns(b));
    Map<String, String> p = Map.of("ip", VIP, "cidr_netmask", "24");
    assertThat(onA.validate(p)).isEmpty();
    assertThat(onA.metadata().defaultTimeouts()).containsKeys("start", "stop", "monitor");
    assertThat(onA.validate(Map.of("cidr_netmask", "24", "nic_typo", "eth0"))).extracting(v -> v.path())
        .containsExactlyInAnyOrder("parameters[ip]", "parameters[nic_typo]");

    assertThat(onA.monitor(Contexts.of("ClusterVIP", "probe", p)).status()).isEqualTo(OcfStatus.NOT_RUNNING);
    AgentResult started = onA.start(Contexts.of("ClusterVIP", "start", p));
    assertThat(started.status()).as(started.message()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(onA.monitor(Contexts.of("ClusterVIP", "monitor", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    lab.execOk(c, "ping", "-n", "-c", "1", "-W", "2", VIP);
    assertThat(lab.neighbour(c, VIP)).isEqualTo(lab.mac(a));

    assertThat(onA.stop(Contexts.of("ClusterVIP", "stop", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(onA.monitor(Contexts.of("ClusterVIP", "monitor", p)).status()).isEqualTo(OcfStatus.NOT_RUNNING);
    assertThat(onB.start(Contexts.of("ClusterVIP", "start", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    String macB = lab.mac(b);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(
        () -> assertThat(lab.neighbour(c, VIP)).as("client's ARP entry after IPaddr2's send_arp").isEqualTo(macB));
    lab.execOk(c, "ping", "-n", "-c", "1", "-W", "2", VIP);
    assertThat(onB.stop(Contexts.of("ClusterVIP", "stop", p)).status()).isEqualTo(OcfStatus.SUCCESS);
  }

  @Test
  void seedPairVipAndApacheFailOver() throws Exception {
    OcfAgent apacheAgent = OcfAgents.forType("ocf:heartbeat:apache");
    Path httpd = Path.of("/usr/sbin/apache2");
    Path mods = Path.of("/usr/lib/apache2/modules");
    if (!apacheAgent.installed() || !Files.isExecutable(httpd) || !Files.exists(mods.resolve("mod_status.so"))
        || !(Files.isExecutable(Path.of("/usr/bin/wget")) || Files.isExecutable(Path.of("/usr/bin/curl")))) {
      String why = "needs resource-agents' apache agent, apache2 and wget or curl";
      System.out.println("SKIPPED seedPairVipAndApacheFailOver: " + why);
      Assumptions.assumeTrue(false, why);
    }
    Path config = writeApacheConfig(mods);
    Map<String, String> vipParams = Map.of("ip", VIP, "cidr_netmask", "24");
    Map<String, String> webParams = Map.of("configfile", config.toString(), "httpd", httpd.toString(),
        "statusurl", "http://" + VIP + "/server-status");

    for (String holder : new String[] {a, b}) {
      OcfAgent vip = OcfAgents.forType("ocf:heartbeat:IPaddr2", OcfAgents.DEFAULT_ROOT, CommandPrefix.netns(holder));
      OcfAgent web = OcfAgents.forType("ocf:heartbeat:apache", OcfAgents.DEFAULT_ROOT, CommandPrefix.netns(holder));
      assertThat(web.validate(webParams)).isEmpty();
      try {
        // group WebGroup: ClusterVIP then WebService
        AgentResult v = vip.start(Contexts.of("ClusterVIP", "start", vipParams));
        assertThat(v.status()).as(v.message()).isEqualTo(OcfStatus.SUCCESS);
        AgentResult w = web.start(Contexts.of("WebService", "start", webParams, Duration.ofSeconds(40)));
        assertThat(w.status()).as(w.message()).isEqualTo(OcfStatus.SUCCESS);
        assertThat(web.monitor(Contexts.of("WebService", "monitor", webParams)).status()).isEqualTo(OcfStatus.SUCCESS);

        String page = lab.execOk(c, "wget", "-q", "-T", "3", "-t", "1", "-O", "-", "http://" + VIP + "/server-status");
        assertThat(page).contains("Apache Server Status");
        assertThat(lab.neighbour(c, VIP)).as("served from " + holder).isEqualTo(lab.mac(holder));
      } finally {
        // reverse order: WebService then ClusterVIP
        AgentResult ws = web.stop(Contexts.of("WebService", "stop", webParams, Duration.ofSeconds(60)));
        AgentResult vs = vip.stop(Contexts.of("ClusterVIP", "stop", vipParams));
        assertThat(ws.status()).as(ws.message()).isEqualTo(OcfStatus.SUCCESS);
        assertThat(vs.status()).as(vs.message()).isEqualTo(OcfStatus.SUCCESS);
      }
      // a probe (interval 0): the apache agent's recurring monitor retries a missing pid file for 5 s
      assertThat(web.monitor(Contexts.of("WebService", "probe", webParams)).status())
          .isEqualTo(OcfStatus.NOT_RUNNING);
    }
  }

  private Path writeApacheConfig(Path mods) throws Exception {
    // apache's workers (www-data) must traverse the document root: JUnit's temporary folder is 0700
    java.nio.file.attribute.FileAttribute<?> open = java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Path docs = Files.createDirectories(dir.resolve("docs"));
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(docs, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Path run = Files.createDirectories(dir.resolve("run"), open);
    Path config = dir.resolve("httpd.conf");
    Files.writeString(config, String.join("\n",
        "ServerName ha4jtest",
        "ServerRoot " + dir,
        "LoadModule mpm_event_module " + mods.resolve("mod_mpm_event.so"),
        "LoadModule authz_core_module " + mods.resolve("mod_authz_core.so"),
        "LoadModule authz_host_module " + mods.resolve("mod_authz_host.so"),
        "LoadModule status_module " + mods.resolve("mod_status.so"),
        "User www-data",
        "Group www-data",
        "Listen " + VIP + ":80",
        "PidFile " + run.resolve("apache.pid"),
        "DefaultRuntimeDir " + run,
        "ErrorLog " + dir.resolve("error.log"),
        "DocumentRoot " + docs,
        "<Location /server-status>",
        "  SetHandler server-status",
        "  Require ip 10.255.0.0/24 127.0.0.0/8",
        "</Location>",
        ""));
    return config;
  }
}
