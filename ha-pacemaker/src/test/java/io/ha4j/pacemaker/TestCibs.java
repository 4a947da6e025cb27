package io.ha4j.pacemaker;

/** Small helpers to write CIB fixtures as text blocks. */
final class TestCibs {

  private TestCibs() {}

  /** A CIB with the given attributes on {@code <cib>} and the four sections' contents. */
  static String cib(String cibAttributes, String crmConfig, String nodes, String resources, String constraints,
      String status) {
    return """
        <cib %s>
          <configuration>
            <crm_config>
              <cluster_property_set id="cib-bootstrap-options">
                %s
              </cluster_property_set>
            </crm_config>
            <nodes>%s</nodes>
            <resources>%s</resources>
            <constraints>%s</constraints>
          </configuration>
          <status>%s</status>
        </cib>
        """.formatted(cibAttributes, crmConfig, nodes, resources, constraints, status);
  }

  static String property(String name, String value) {
    return "<nvpair id=\"opt-" + name + "\" name=\"" + name + "\" value=\"" + value + "\"/>";
  }

  static String nodes(String... names) {
    StringBuilder b = new StringBuilder();
    for (String n : names) {
      b.append("<node id=\"").append(n).append("\" uname=\"").append(n).append("\"/>");
    }
    return b.toString();
  }

  static String dummy(String id) {
    return "<primitive id=\"" + id + "\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\"/>";
  }

  /** A node_state of a healthy member, with optional inner XML (lrm, transient_attributes). */
  static String member(String node, String inner) {
    return nodeState(node, "in_ccm=\"true\" crmd=\"online\" join=\"member\" expected=\"member\"", inner);
  }

  static String nodeState(String node, String attributes, String inner) {
    return "<node_state id=\"" + node + "\" uname=\"" + node + "\" " + attributes + ">" + inner + "</node_state>";
  }

  static String lrm(String... resources) {
    return "<lrm id=\"lrm\"><lrm_resources>" + String.join("", resources) + "</lrm_resources></lrm>";
  }

  static String lrmResource(String id, String... ops) {
    return "<lrm_resource id=\"" + id + "\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\">"
        + String.join("", ops) + "</lrm_resource>";
  }

  /** An lrm_rsc_op: {@code rsc_task_interval}, with the expected result in its transition key. */
  static String op(String rsc, String task, long intervalMs, int callId, int rc, int expectedRc, long lastRcChange) {
    return op(rsc + "_" + task + "_" + intervalMs, task, intervalMs, callId, rc, 0, expectedRc, lastRcChange);
  }

  static String op(String id, String task, long intervalMs, int callId, int rc, int opStatus, int expectedRc,
      long lastRcChange) {
    String key = "1:1:" + expectedRc + ":3d0c38f9-8b1e-4d5e-a7d5-0e7f0b8d1a2b";
    return "<lrm_rsc_op id=\"" + id + "\" operation=\"" + task + "\" interval=\"" + intervalMs
        + "\" call-id=\"" + callId + "\" rc-code=\"" + rc + "\" op-status=\"" + opStatus
        + "\" transition-key=\"" + key + "\""
        + (lastRcChange > 0 ? " last-rc-change=\"" + lastRcChange + "\"" : "") + "/>";
  }

  static String transientAttributes(String... nameValues) {
    StringBuilder b = new StringBuilder("<transient_attributes id=\"t\"><instance_attributes id=\"ta\">");
    for (int i = 0; i + 1 < nameValues.length; i += 2) {
      b.append("<nvpair id=\"ta-").append(i).append("\" name=\"").append(nameValues[i])
          .append("\" value=\"").append(nameValues[i + 1]).append("\"/>");
    }
    return b.append("</instance_attributes></transient_attributes>").toString();
  }
}
