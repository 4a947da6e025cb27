package io.ha4j.test;

import io.ha4j.ClusterConfig;
import io.ha4j.Primitive;
import java.time.Duration;

/** Configurations shared by the scenario tests. */
final class Scenarios {
  private Scenarios() {}

  static Primitive.Builder primitive(String id) {
    return Primitive.builder(id, RecordingAgent.TYPE).monitor(Duration.ofSeconds(10), Duration.ofSeconds(20));
  }

  /** The seed's web cluster: a VIP and a web service in one group, on node1 and node2. */
  static ClusterConfig.Builder seed(String... nodes) {
    return ClusterConfig.builder().nodes(nodes.length == 0 ? new String[] {"node1", "node2"} : nodes)
        .group("WebGroup", primitive("ClusterVIP").param("ip", "192.168.122.120").build(),
            primitive("WebService").param("configfile", "/etc/httpd/conf/httpd.conf").build());
  }

  static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }
}
