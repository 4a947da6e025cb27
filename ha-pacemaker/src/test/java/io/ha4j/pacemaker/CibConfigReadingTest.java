package io.ha4j.pacemaker;

import static io.ha4j.pacemaker.TestCibs.cib;
import static io.ha4j.pacemaker.TestCibs.dummy;
import static io.ha4j.pacemaker.TestCibs.nodes;
import static io.ha4j.pacemaker.TestCibs.property;
import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterProperties;
import io.ha4j.Colocation;
import io.ha4j.Group;
import io.ha4j.Location;
import io.ha4j.NoQuorumPolicy;
import io.ha4j.OnFail;
import io.ha4j.Operation;
import io.ha4j.Order;
import io.ha4j.OrderKind;
import io.ha4j.Primitive;
import io.ha4j.ResourceMeta;
import io.ha4j.Score;
import io.ha4j.TargetRole;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The configuration section: properties, resources, meta attributes, defaults and constraints. */
class CibConfigReadingTest {

  private static ClusterConfig read(String crmConfig, String resources, String constraints) {
    return Cib.parse(cib("", crmConfig, nodes("n1", "n2"), resources, constraints, "")).config();
  }

  @Test
  void propertiesStartFromPacemakersDefaults() {
    ClusterConfig c = read("", dummy("rsc1"), "");
    assertThat(c.properties()).isEqualTo(ClusterProperties.PACEMAKER_DEFAULTS);
    assertThat(c.properties().watchdogFencing()).isFalse();
    assertThat(c.resourceDefaults()).isEqualTo(ResourceMeta.EMPTY);
  }

  @Test
  void propertiesAreParsedAsPacemakerDoesAndUnknownOnesIgnored() {
    ClusterConfig c = read(property("stonith-enabled", "no") + property("symmetric-cluster", "off")
        + property("no-quorum-policy", "freeze") + property("start-failure-is-fatal", "0")
        + property("maintenance-mode", "Y") + property("dc-version", "2.1.5") + property("cluster-delay", "60s"),
        dummy("rsc1"), "");
    assertThat(c.properties()).isEqualTo(new ClusterProperties(false, NoQuorumPolicy.FREEZE, false, false, false, true));
  }

  @Test
  void theBootstrapSetWinsThenLaterSetsBeforeEarlierOnes() {
    String xml = """
        <cib><configuration><crm_config>
          <cluster_property_set id="first"><nvpair id="a" name="no-quorum-policy" value="freeze"/>
            <nvpair id="b" name="stonith-enabled" value="false"/></cluster_property_set>
          <cluster_property_set id="second"><nvpair id="c" name="no-quorum-policy" value="ignore"/></cluster_property_set>
          <cluster_property_set id="cib-bootstrap-options"><nvpair id="d" name="stonith-enabled" value="true"/>
          </cluster_property_set>
        </crm_config><nodes/><resources/><constraints/></configuration><status/></cib>""";
    ClusterProperties p = Cib.parse(xml).config().properties();
    assertThat(p.noQuorumPolicy()).isEqualTo(NoQuorumPolicy.IGNORE);
    assertThat(p.stonithEnabled()).isTrue();
  }

  @Test
  void primitivesKeepAgentParametersAndOperations() {
    String resources = """
        <primitive id="vip" class="ocf" provider="heartbeat" type="IPaddr2">
          <instance_attributes id="vip-params"><nvpair id="vip-ip" name="ip" value="10.0.0.10"/>
            <nvpair id="vip-empty" name="nothing"/></instance_attributes>
          <operations>
            <op id="vip-mon" name="monitor" interval="10s" timeout="1min"/>
            <op id="vip-mon2" name="monitor" interval="PT30S" timeout="20000ms" on-fail="block"/>
            <op id="vip-probe" name="monitor" interval="0" timeout="5s"/>
            <op id="vip-start" name="start" interval="0" timeout="90"/>
            <op id="vip-stop" name="stop" interval="0s"/>
            <op id="vip-off" name="monitor" interval="1h" enabled="false"/>
          </operations>
        </primitive>
        <primitive id="fence" class="stonith" type="fence_ipmilan"/>
        <primitive id="web" class="lsb" type="apache2"/>""";
    ClusterConfig c = read(property("stonith-enabled", "false"), resources, "");
    Primitive vip = (Primitive) c.resource("vip").orElseThrow();
    assertThat(vip.agent()).isEqualTo("ocf:heartbeat:IPaddr2");
    assertThat(vip.parameters()).containsExactly(java.util.Map.entry("ip", "10.0.0.10"));
    assertThat(vip.operations()).containsExactly(
        new Operation("monitor", Duration.ofSeconds(10), Duration.ofMinutes(1), OnFail.RESTART),
        new Operation("monitor", Duration.ofSeconds(30), Duration.ofSeconds(20), OnFail.BLOCK),
        new Operation("start", Duration.ZERO, Duration.ofSeconds(90), OnFail.RESTART),
        new Operation("stop", Duration.ZERO, Operation.DEFAULT_TIMEOUT, OnFail.BLOCK));
    assertThat(((Primitive) c.resource("fence").orElseThrow()).agent()).isEqualTo("stonith:fence_ipmilan");
    assertThat(((Primitive) c.resource("web").orElseThrow()).agent()).isEqualTo("lsb:apache2");
  }

  @Test
  void aStopFailsByFencingWhenFencingIsOn() {
    ClusterConfig c = read("", "<primitive id=\"r\" class=\"ocf\" provider=\"p\" type=\"t\"><operations>"
        + "<op id=\"r-stop\" name=\"stop\" interval=\"0\"/></operations></primitive>", "");
    assertThat(((Primitive) c.resource("r").orElseThrow()).operations().get(0).onFail()).isEqualTo(OnFail.FENCE);
  }

  @Test
  void metaAttributesOfPrimitivesGroupsAndDefaultsAreKeptWhereTheyAreSet() {
    String resources = """
        <group id="g">
          <meta_attributes id="g-meta"><nvpair id="g-role" name="target-role" value="Stopped"/>
            <nvpair id="g-stick" name="resource-stickiness" value="100"/>
            <nvpair id="g-odd" name="some-unknown-meta" value="whatever"/></meta_attributes>
          <primitive id="a" class="ocf" provider="pacemaker" type="Dummy">
            <meta_attributes id="a-meta"><nvpair id="a-stick" name="resource-stickiness" value="default"/>
              <nvpair id="a-mt" name="migration-threshold" value="INFINITY"/>
              <nvpair id="a-ft" name="failure-timeout" value="10min"/>
              <nvpair id="a-managed" name="is-managed" value="false"/>
              <nvpair id="a-prio" name="priority" value="5"/></meta_attributes>
          </primitive>
          <primitive id="b" class="ocf" provider="pacemaker" type="Dummy">
            <meta_attributes id="b-meta"><nvpair id="b-role" name="target-role" value="Master"/>
              <nvpair id="b-mt" name="migration-threshold" value="-3"/></meta_attributes>
          </primitive>
        </group>""";
    String xml = cib("", "", nodes("n1"), resources, "", "").replace("</resources>",
        "</resources><rsc_defaults><meta_attributes id=\"d\"><nvpair id=\"d-mt\" name=\"migration-threshold\""
            + " value=\"3\"/></meta_attributes></rsc_defaults>");
    ClusterConfig c = Cib.parse(xml).config();
    Group g = (Group) c.resources().get(0);
    assertThat(g.meta()).isEqualTo(ResourceMeta.EMPTY.withTargetRole(TargetRole.STOPPED).withStickiness(100));
    assertThat(g.members().get(0).meta()).isEqualTo(ResourceMeta.EMPTY.withMigrationThreshold(Score.INFINITY)
        .withFailureTimeout(Duration.ofMinutes(10)).withManaged(false).withPriority(5));
    assertThat(g.members().get(1).meta()).isEqualTo(ResourceMeta.EMPTY.withTargetRole(TargetRole.STARTED)
        .withMigrationThreshold(1));
    assertThat(c.resourceDefaults()).isEqualTo(ResourceMeta.EMPTY.withMigrationThreshold(3));
  }

  @Test
  void constraintsKeepTheirIdsAndPacemakersDefaults() {
    String constraints = """
        <rsc_location id="loc" rsc="a" node="n2" score="-INFINITY"/>
        <rsc_location id="loc-gone" rsc="a" node="no-such-node" score="100"/>
        <rsc_colocation id="col" rsc="b" with-rsc="a" score="INFINITY"/>
        <rsc_colocation id="col-zero" rsc="c" with-rsc="a" score="0"/>
        <rsc_order id="ord" first="a" then="b"/>
        <rsc_order id="ord-opt" first="a" then="c" kind="Optional" symmetrical="false"/>
        <rsc_order id="ord-legacy" first="b" then="c" score="0"/>
        <rsc_order id="ord-ser" first="c" then="a" kind="Serialize"/>""";
    ClusterConfig c = read(property("stonith-enabled", "false"), dummy("a") + dummy("b") + dummy("c"), constraints);
    assertThat(c.constraints()).containsExactly(
        Location.of("loc", "a", "n2", -Score.INFINITY),
        new Colocation("col", "b", "a", Score.INFINITY),
        new Order("ord", "a", "b", OrderKind.MANDATORY, true),
        new Order("ord-opt", "a", "c", OrderKind.OPTIONAL, false),
        new Order("ord-legacy", "b", "c", OrderKind.OPTIONAL, true),
        new Order("ord-ser", "c", "a", OrderKind.OPTIONAL, false));
    assertThat(c.validate()).isEmpty();
  }

  @Test
  void resourcesStayInDocumentOrder() {
    ClusterConfig c = read("", dummy("z") + "<group id=\"g\">" + dummy("m1") + dummy("m2") + "</group>" + dummy("a"), "");
    assertThat(c.resources()).extracting(r -> r.id()).containsExactly("z", "g", "a");
    assertThat(c.primitives()).extracting(Primitive::id).containsExactly("z", "m1", "m2", "a");
  }
}
