package io.ha4j.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ha4j.spi.AgentResult;
import io.ha4j.spi.OcfStatus;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The VIP agent for real, in network namespaces: two holders and a client on one bridge. The
 * address moves from holder a to holder b; the client reaches it before and after, and its
 * neighbour entry follows the announcement to b's MAC without the client asking.
 */
class VipAgentNetnsTest {

  private Netns lab;
  private String a;
  private String b;
  private String c;

  @BeforeEach
  void lab() {
    lab = new Netns();
    a = lab.host("a", "10.255.0.1/24", "2001:db8:ab::1/64");
    b = lab.host("b", "10.255.0.2/24", "2001:db8:ab::2/64");
    c = lab.host("c", "10.255.0.3/24", "2001:db8:ab::3/64");
    // the client accepts a neighbour update at once (the kernel's default ignores ARP for 1 s after an update)
    Netns.ok(Netns.IP, "-n", c, "ntable", "change", "name", "arp_cache", "dev", "eth0", "locktime", "0");
  }

  @AfterEach
  void cleanUp() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void ipv4AddressMovesBetweenNamespacesAndTheClientFollowsTheGratuitousArp() throws Exception {
    VipAgent onA = new VipAgent(CommandPrefix.netns(a));
    VipAgent onB = new VipAgent(CommandPrefix.netns(b));
    Map<String, String> params = Map.of("ip", "10.255.0.100");  // nic and prefix come from the routing table

    assertThat(onA.monitor(Contexts.of("vip", "probe", params)).status()).isEqualTo(OcfStatus.NOT_RUNNING);
    // what the guard is told before the start runs: the address, the device the route picks, the namespace
    assertThat(onA.externalResources(Contexts.of("vip", "start", params))).singleElement().satisfies(held -> {
      assertThat(held.kind()).isEqualTo("ip-address");
      assertThat(held.attributes()).containsEntry("address", "10.255.0.100/24").containsEntry("device", "eth0")
          .containsEntry("netns", a);
    });
    assertThat(onA.start(Contexts.of("vip", "start", params)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(lab.addresses(a)).contains("inet 10.255.0.100/24");
    assertThat(onA.start(Contexts.of("vip", "start", params)).status()).as("start again").isEqualTo(OcfStatus.SUCCESS);
    assertThat(lab.addresses(a).split("10.255.0.100/").length - 1).as("added once").isEqualTo(1);
    assertThat(onA.monitor(Contexts.of("vip", "monitor", params)).status()).isEqualTo(OcfStatus.SUCCESS);

    lab.execOk(c, "ping", "-n", "-c", "1", "-W", "2", "10.255.0.100");
    assertThat(lab.neighbour(c, "10.255.0.100")).isEqualTo(lab.mac(a));

    assertThat(onA.stop(Contexts.of("vip", "stop", params)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(onA.stop(Contexts.of("vip", "stop", params)).status()).as("stop again").isEqualTo(OcfStatus.SUCCESS);
    assertThat(onA.monitor(Contexts.of("vip", "monitor", params)).status()).isEqualTo(OcfStatus.NOT_RUNNING);
    assertThat(lab.addresses(a)).doesNotContain("10.255.0.100");

    assertThat(onB.start(Contexts.of("vip", "start", params)).status()).isEqualTo(OcfStatus.SUCCESS);
    String macB = lab.mac(b);
    await().atMost(Duration.ofSeconds(3)).untilAsserted(
        () -> assertThat(lab.neighbour(c, "10.255.0.100")).as("client's ARP entry after the gratuitous ARP")
            .isEqualTo(macB));
    lab.execOk(c, "ping", "-n", "-c", "1", "-W", "2", "10.255.0.100");
    assertThat(onB.announce(Contexts.of("vip", "announce", params)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(onA.announce(Contexts.of("vip", "announce", params)).status()).isEqualTo(OcfStatus.NOT_RUNNING);
    assertThat(onB.stop(Contexts.of("vip", "stop", params)).status()).isEqualTo(OcfStatus.SUCCESS);
  }

  @Test
  void withoutAnnouncementTheClientKeepsTheOldMacUntilAnnounceIsCalled() throws Exception {
    VipAgent onA = new VipAgent(CommandPrefix.netns(a));
    VipAgent onB = new VipAgent(CommandPrefix.netns(b));
    Map<String, String> silent = Map.of("ip", "10.255.0.100", "arp_count", "0");
    assertThat(onA.start(Contexts.of("vip", "start", silent)).status()).isEqualTo(OcfStatus.SUCCESS);
    lab.execOk(c, "ping", "-n", "-c", "1", "-W", "2", "10.255.0.100");
    String macA = lab.mac(a);
    assertThat(lab.neighbour(c, "10.255.0.100")).isEqualTo(macA);
    assertThat(onA.stop(Contexts.of("vip", "stop", silent)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(onB.start(Contexts.of("vip", "start", silent)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(lab.neighbour(c, "10.255.0.100")).as("stale entry: nothing told the client").isEqualTo(macA);

    Map<String, String> loud = Map.of("ip", "10.255.0.100", "arp_bg", "false");
    assertThat(onB.announce(Contexts.of("vip", "announce", loud)).status()).isEqualTo(OcfStatus.SUCCESS);
    String macB = lab.mac(b);
    await().atMost(Duration.ofSeconds(3)).untilAsserted(
        () -> assertThat(lab.neighbour(c, "10.255.0.100")).isEqualTo(macB));
    assertThat(onB.stop(Contexts.of("vip", "stop", loud)).status()).isEqualTo(OcfStatus.SUCCESS);
  }

  @Test
  void ipv4WithExplicitNicPrefixLabelAndBroadcast() throws Exception {
    VipAgent onA = new VipAgent(CommandPrefix.netns(a));
    Map<String, String> params = Map.of("ip", "198.18.7.9", "cidr_netmask", "28", "nic", "eth0", "label", "web",
        "broadcast", "198.18.7.15", "arp_count", "2");
    AgentResult started = onA.start(Contexts.of("vip", "start", params));
    assertThat(started.status()).as(started.message()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(lab.addresses(a)).contains("inet 198.18.7.9/28 brd 198.18.7.15").contains("eth0:web");
    assertThat(onA.stop(Contexts.of("vip", "stop", params)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(lab.addresses(a)).doesNotContain("198.18.7.9");
  }

  @Test
  void ipv6AddressMovesAndTheClientFollowsTheUnsolicitedNeighbourAdvertisement() throws Exception {
    VipAgent onA = new VipAgent(CommandPrefix.netns(a));
    VipAgent onB = new VipAgent(CommandPrefix.netns(b));
    Map<String, String> params = Map.of("ip", "2001:db8:ab:0::100", "cidr_netmask", "64", "nodad", "true");

    assertThat(onA.start(Contexts.of("vip6", "start", params)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(lab.addresses(a)).contains("inet6 2001:db8:ab::100/64");
    assertThat(onA.monitor(Contexts.of("vip6", "monitor", params)).status()).isEqualTo(OcfStatus.SUCCESS);
    lab.execOk(c, "ping", "-6", "-n", "-c", "1", "-W", "2", "2001:db8:ab::100");
    assertThat(lab.neighbour(c, "2001:db8:ab::100")).isEqualTo(lab.mac(a));

    assertThat(onA.stop(Contexts.of("vip6", "stop", params)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(onB.start(Contexts.of("vip6", "start", params)).status()).isEqualTo(OcfStatus.SUCCESS);
    String macB = lab.mac(b);
    await().atMost(Duration.ofSeconds(3)).untilAsserted(
        () -> assertThat(lab.neighbour(c, "2001:db8:ab::100")).as("client's neighbour entry after the NA")
            .isEqualTo(macB));
    lab.execOk(c, "ping", "-6", "-n", "-c", "1", "-W", "2", "2001:db8:ab::100");
    assertThat(onB.stop(Contexts.of("vip6", "stop", params)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(onB.monitor(Contexts.of("vip6", "monitor", params)).status()).isEqualTo(OcfStatus.NOT_RUNNING);
  }

  @Test
  void ipv6WithDuplicateAddressDetectionWaitsUntilTheAddressIsUsable() throws Exception {
    VipAgent onA = new VipAgent(CommandPrefix.netns(a));
    Map<String, String> params = Map.of("ip", "2001:db8:ab::101", "nic", "eth0", "cidr_netmask", "64");
    AgentResult started = onA.start(Contexts.of("vip6", "start", params));
    assertThat(started.status()).as(started.message()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(lab.addresses(a).lines().filter(l -> l.contains("2001:db8:ab::101/64")))
        .singleElement().asString().doesNotContain("tentative");
    assertThat(onA.stop(Contexts.of("vip6", "stop", params)).status()).isEqualTo(OcfStatus.SUCCESS);
  }

  @Test
  void nodeChecksFailBeforeAnythingChanges() throws Exception {
    VipAgent onA = new VipAgent(CommandPrefix.netns(a));
    AgentResult noSuchNic = onA.start(Contexts.of("vip", "start", Map.of("ip", "10.255.0.100", "nic", "nosuch0")));
    assertThat(noSuchNic.status()).isEqualTo(OcfStatus.INVALID_ARGUMENT);
    assertThat(noSuchNic.message()).contains("nosuch0").contains("does not exist");

    AgentResult noRoute = onA.start(Contexts.of("vip", "start", Map.of("ip", "192.0.2.10")));
    assertThat(noRoute.status()).isEqualTo(OcfStatus.INVALID_ARGUMENT);
    assertThat(noRoute.message()).contains("parameters[nic]").contains("no directly connected route");

    AgentResult noPrefix = onA.start(Contexts.of("vip", "start", Map.of("ip", "198.18.0.1", "nic", "eth0")));
    assertThat(noPrefix.status()).isEqualTo(OcfStatus.INVALID_ARGUMENT);
    assertThat(noPrefix.message()).contains("parameters[cidr_netmask]");

    AgentResult hostile = onA.start(Contexts.of("vip", "start", Map.of("ip", "10.255.0.100; rm -rf /")));
    assertThat(hostile.status()).isEqualTo(OcfStatus.INVALID_ARGUMENT);
    assertThat(lab.addresses(a)).doesNotContain("10.255.0.100").doesNotContain("198.18.0.1");
  }
}
