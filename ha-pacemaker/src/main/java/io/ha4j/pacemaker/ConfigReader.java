package io.ha4j.pacemaker;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterProperties;
import io.ha4j.Constraint;
import io.ha4j.Group;
import io.ha4j.NoQuorumPolicy;
import io.ha4j.Node;
import io.ha4j.Resource;
import io.ha4j.ResourceMeta;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * Reads the {@code <configuration>} section: cluster properties, nodes, resources, resource defaults
 * and constraints, starting from Pacemaker's defaults ({@link ClusterProperties#PACEMAKER_DEFAULTS},
 * no resource defaults beyond {@link ResourceMeta#BUILT_IN}).
 */
final class ConfigReader {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigReader.class);

  /** A configured node: its XML id (node_state refers to it), name and configured attributes. */
  record CibNode(String id, String name, Map<String, String> attributes) {}

  /** The configuration, plus what the status reader needs of it. */
  record Result(ClusterConfig config, List<CibNode> nodes, Map<String, ResourceReader.PrimitiveFacts> primitives) {}

  private final AttributeSets sets;
  private final Problems problems;

  ConfigReader(AttributeSets sets, Problems problems) {
    this.sets = sets;
    this.problems = problems;
  }

  Result read(Element cib) {
    Element configuration = Xml.child(cib, "configuration");
    if (configuration == null) {
      problems.add("configuration", "missing: a CIB needs a <configuration> section");
      return new Result(emptyConfig(), List.of(), Map.of());
    }
    ClusterProperties properties = properties(Xml.child(configuration, "crm_config"));
    List<CibNode> nodes = nodes(section(configuration, "nodes"));
    ResourceReader resourceReader = new ResourceReader(sets, problems, properties.stonithEnabled(),
        properties.maintenanceMode(), sets.read(Xml.child(configuration, "op_defaults"), "meta_attributes", null, false));
    Element rscDefaults = Xml.child(configuration, "rsc_defaults");
    ResourceMeta defaults = rscDefaults == null ? ResourceMeta.EMPTY : resourceReader.meta(rscDefaults);
    List<Resource> resources = resourceReader.read(section(configuration, "resources"), defaults);

    Set<String> resourceIds = new HashSet<>();
    for (Resource r : resources) {
      resourceIds.add(r.id());
      if (r instanceof Group g) {
        g.members().forEach(m -> resourceIds.add(m.id()));
      }
    }
    Set<String> nodeNames = new LinkedHashSet<>();
    nodes.forEach(n -> nodeNames.add(n.name()));
    List<Constraint> constraints =
        new ConstraintReader(problems, resourceIds, nodeNames).read(Xml.child(configuration, "constraints"));

    List<Node> modelNodes = new ArrayList<>();
    for (CibNode n : nodes) {
      modelNodes.add(new Node(n.name(), isTrue(n.attributes().get("standby")),
          isTrue(n.attributes().get("maintenance"))));
    }
    ClusterConfig config = new ClusterConfig(epoch(cib), modelNodes, resources, constraints, defaults, properties);
    return new Result(config, nodes, resourceReader.facts());
  }

  private static ClusterConfig emptyConfig() {
    return new ClusterConfig(0, List.of(), List.of(), List.of(), ResourceMeta.EMPTY, ClusterProperties.PACEMAKER_DEFAULTS);
  }

  private Element section(Element configuration, String tag) {
    Element e = Xml.child(configuration, tag);
    if (e == null) {
      problems.add(Xml.path(configuration) + "/" + tag, "missing");
    }
    return e;
  }

  /** {@code admin_epoch} and {@code epoch} as one increasing version number. */
  private long epoch(Element cib) {
    Long admin = Values.integer(Xml.attr(cib, "admin_epoch"));
    Long epoch = Values.integer(Xml.attr(cib, "epoch"));
    long a = admin == null || admin < 0 ? 0 : admin;
    long e = epoch == null || epoch < 0 ? 0 : epoch;
    return (a << 32) + e;
  }

  private ClusterProperties properties(Element crmConfig) {
    ClusterProperties p = ClusterProperties.PACEMAKER_DEFAULTS;
    Map<String, String> raw = sets.read(crmConfig, "cluster_property_set", "cib-bootstrap-options", false);
    Boolean b = flag(crmConfig, raw, "symmetric-cluster");
    if (b != null) {
      p = p.withSymmetricCluster(b);
    }
    b = flag(crmConfig, raw, "stonith-enabled");
    if (b != null) {
      p = p.withStonithEnabled(b);
    }
    b = flag(crmConfig, raw, "start-failure-is-fatal");
    if (b != null) {
      p = p.withStartFailureIsFatal(b);
    }
    b = flag(crmConfig, raw, "maintenance-mode");
    if (b != null) {
      p = p.withMaintenanceMode(b);
    }
    // have-watchdog=true (sbd) counts as a fencing device (unpack.c: unpack_config)
    p = p.withWatchdogFencing(isTrue(raw.get("have-watchdog")));
    String policy = raw.get("no-quorum-policy");
    if (policy != null) {
      switch (policy.toLowerCase(Locale.ROOT)) {
        case "stop", "demote" -> p = p.withNoQuorumPolicy(NoQuorumPolicy.STOP); // demote = stop without promotables
        case "freeze" -> p = p.withNoQuorumPolicy(NoQuorumPolicy.FREEZE);
        case "ignore" -> p = p.withNoQuorumPolicy(NoQuorumPolicy.IGNORE);
        case "suicide" -> problems.add(property(crmConfig, "no-quorum-policy"), "value",
            "no-quorum-policy 'suicide' is not supported");
        default -> problems.add(property(crmConfig, "no-quorum-policy"), "value",
            "unknown no-quorum-policy '" + policy + "' (expected stop, freeze or ignore)");
      }
    }
    return p;
  }

  private Boolean flag(Element crmConfig, Map<String, String> raw, String name) {
    String v = raw.get(name);
    if (v == null) {
      return null;
    }
    Boolean b = Values.bool(v);
    if (b == null) {
      problems.add(property(crmConfig, name), "value", "not a boolean: '" + v + "'");
    }
    return b;
  }

  /** The nvpair setting a property, for error paths. */
  private static Element property(Element crmConfig, String name) {
    for (Element set : Xml.children(crmConfig, "cluster_property_set")) {
      for (Element pair : Xml.children(set, "nvpair")) {
        if (name.equals(Xml.attr(pair, "name"))) {
          return pair;
        }
      }
    }
    return crmConfig;
  }

  private List<CibNode> nodes(Element nodes) {
    List<CibNode> out = new ArrayList<>();
    for (Element e : Xml.children(nodes)) {
      if (!e.getTagName().equals("node")) {
        problems.add(e, "unknown element <" + e.getTagName() + "> in <nodes>");
        continue;
      }
      String id = Xml.attr(e, "id");
      String uname = Xml.attr(e, "uname");
      if (id == null || id.isBlank()) {
        problems.add(e, "id", "missing");
      }
      if (uname == null || uname.isBlank()) {
        problems.add(e, "uname", "missing");
      }
      String type = Xml.attr(e, "type");
      if (type != null && !type.equals("member") && !type.equals("normal")) {
        problems.add(e, "type", "node type '" + type + "' is not supported (only cluster members)");
        continue;
      }
      if (id != null && uname != null && !id.isBlank() && !uname.isBlank()) {
        out.add(new CibNode(id, uname, sets.read(e, "instance_attributes", null, false)));
      }
    }
    if (out.isEmpty() && nodes != null) {
      LOG.debug("{}: no nodes configured", Xml.path(nodes));
    }
    return out;
  }

  /** Pacemaker's {@code crm_is_true}: anything that is not a true-ish word is false. */
  static boolean isTrue(String value) {
    return Boolean.TRUE.equals(Values.bool(value));
  }
}
