package io.ha4j.pacemaker;

import static io.ha4j.pacemaker.TestCibs.cib;
import static io.ha4j.pacemaker.TestCibs.dummy;
import static io.ha4j.pacemaker.TestCibs.lrm;
import static io.ha4j.pacemaker.TestCibs.lrmResource;
import static io.ha4j.pacemaker.TestCibs.member;
import static io.ha4j.pacemaker.TestCibs.nodes;
import static io.ha4j.pacemaker.TestCibs.property;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ha4j.ConfigViolation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CIB that cannot be read gives a {@link CibException} listing every problem with its XML path. */
class CibErrorsTest {

  private static List<String> problems(String xml) {
    CibException e = catchThrowableOfType(CibException.class, () -> Cib.parse(xml));
    assertThat(e).as("a CibException").isNotNull();
    return e.violations().stream().map(ConfigViolation::toString).toList();
  }

  private static List<String> problems(String resources, String constraints) {
    return problems(cib("", property("stonith-enabled", "false"), nodes("n1"), resources, constraints, ""));
  }

  @Test
  void aBadTimeoutIsReportedAtItsAttribute() {
    String resources = """
        <primitive id="WebService" class="ocf" provider="heartbeat" type="apache"><operations>
          <op id="monitor-10s" name="monitor" interval="10s" timeout="abc"/></operations></primitive>""";
    assertThat(problems(resources, "")).containsExactly(
        "configuration/resources/primitive[WebService]/operations/op[monitor-10s]/@timeout: not a duration: 'abc'");
  }

  @Test
  void everyProblemIsListedAtOnce() {
    String resources = """
        <primitive class="ocf" provider="heartbeat" type="apache"/>
        <primitive id="x" class="nosuchclass" type="thing"/>
        <primitive id="y" class="ocf" type="Dummy"/>
        <primitive id="z" class="ocf" provider="pacemaker" type="Dummy">
          <meta_attributes id="z-meta"><nvpair id="z-stick" name="resource-stickiness" value="lots"/>
          </meta_attributes></primitive>""";
    String constraints = """
        <rsc_colocation id="c1" rsc="z" with-rsc="ghost" score="INFINITY"/>
        <rsc_location id="l1" rsc="z" node="n1" score="high"/>
        <rsc_order id="o1" first="z" then="z" kind="Sometimes"/>""";
    assertThat(problems(resources, constraints)).containsExactly(
        "configuration/resources/primitive[#1]/@id: missing",
        "configuration/resources/primitive[x]/@class: unknown resource class 'nosuchclass' (expected one of "
            + "heartbeat, lsb, nagios, ocf, service, stonith, systemd, upstart)",
        "configuration/resources/primitive[y]/@provider: missing (an ocf resource needs a provider)",
        "configuration/resources/primitive[z]/meta_attributes[z-meta]/nvpair[z-stick]/@value: not a score: 'lots'"
            + " (expected an integer or [+-]INFINITY)",
        "configuration/constraints/rsc_colocation[c1]/@with-rsc: unknown resource 'ghost'",
        "configuration/constraints/rsc_location[l1]/@score: not a score: 'high' (expected an integer or [+-]INFINITY)",
        "configuration/constraints/rsc_order[o1]/@kind: unknown kind 'Sometimes' (expected Mandatory, Optional or"
            + " Serialize)");
  }

  @Test
  void unsupportedFeaturesAreRefusedRatherThanMisread() {
    String resources = dummy("a") + "<clone id=\"cl\">" + dummy("b") + "</clone>";
    String constraints = """
        <rsc_location id="l-rule" rsc="a"><rule id="r" score="100"><expression id="e" attribute="#uname"
          operation="eq" value="n1"/></rule></rsc_location>
        <rsc_order id="o-set"><resource_set id="s"><resource_ref id="a"/></resource_set></rsc_order>""";
    assertThat(problems(resources, constraints)).containsExactly(
        "configuration/resources/clone[cl]: <clone> resources are not supported",
        "configuration/constraints/rsc_location[l-rule]/rule[r]: rules are not supported",
        "configuration/constraints/rsc_order[o-set]/resource_set[s]: resource sets are not supported");
  }

  @Test
  void statusProblemsHavePathsToo() {
    String status = member("n1", lrm(lrmResource("a",
        "<lrm_rsc_op id=\"a_start_0\" operation=\"start\" interval=\"0\" call-id=\"x\" rc-code=\"0\" op-status=\"0\"/>")));
    assertThat(problems(cib("have-quorum=\"maybe\"", property("stonith-enabled", "false"), nodes("n1"), dummy("a"),
        "", status))).containsExactly(
        "cib/@have-quorum: not a boolean: 'maybe'",
        "status/node_state[n1]/lrm[lrm]/lrm_resources/lrm_resource[a]/lrm_rsc_op[a_start_0]/@call-id:"
            + " not an integer: 'x'");
  }

  @Test
  void notXmlIsReportedWithItsPosition() {
    assertThat(problems("<cib><configuration>")).singleElement().asString()
        .startsWith("cib:1:").contains("not well-formed XML");
    assertThat(problems("<notacib/>")).containsExactly("notacib: the document's root must be <cib>, not <notacib>");
  }

  @Test
  void aDoctypeIsRefused() {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE cib [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><cib>&x;</cib>";
    assertThat(problems(xxe)).singleElement().asString().contains("not well-formed XML").contains("DOCTYPE");
  }

  @Test
  void aMissingFileIsACibExceptionNamingTheFile(@TempDir Path dir) {
    Path missing = dir.resolve("nope.xml");
    CibException e = catchThrowableOfType(CibException.class, () -> Cib.read(missing));
    assertThat(e.violations()).containsExactly(new ConfigViolation(missing.toString(), "no such file"));
  }

  @Test
  void aFileIsReadLikeAString(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cib.xml");
    String xml = cib("", "", nodes("n1"), dummy("a"), "", "");
    Files.writeString(file, xml);
    assertThat(Cib.read(file)).isEqualTo(Cib.parse(xml));
  }

  @Test
  void aConfigurationTheValidatorRejectsIsReportedToo() {
    assertThat(problems(dummy("a") + dummy("a"), "")).containsExactly("resources[a].id: duplicate resource id 'a'");
  }
}
