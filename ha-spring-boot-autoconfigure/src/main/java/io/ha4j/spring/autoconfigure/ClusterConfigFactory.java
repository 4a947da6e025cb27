package io.ha4j.spring.autoconfigure;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterProperties;
import io.ha4j.Colocation;
import io.ha4j.ConfigViolation;
import io.ha4j.Group;
import io.ha4j.Ha4jConfigException;
import io.ha4j.Location;
import io.ha4j.Operation;
import io.ha4j.Order;
import io.ha4j.Primitive;
import io.ha4j.ResourceMeta;
import io.ha4j.Score;
import io.ha4j.raft.RaftPeerAddress;
import io.ha4j.spring.ClusterConfigCustomizer;
import io.ha4j.spring.ManagedResource;
import io.ha4j.spi.AgentContext;
import io.ha4j.spi.ResourceAgent;
import io.ha4j.spring.ResourceMonitor;
import io.ha4j.spring.ResourceStart;
import io.ha4j.spring.ResourceStop;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.Lifecycle;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Makes the cluster configuration from {@code ha4j.*} properties, {@link ManagedResource} beans and
 * {@link ClusterConfigCustomizer}s, reporting every problem at once with its property path.
 */
final class ClusterConfigFactory {

  private final List<ConfigViolation> problems = new ArrayList<>();

  private ClusterConfigFactory() {}

  /** One {@code @ManagedResource} bean, its attributes resolved. */
  record ManagedBean(String beanName, String id, String group, Primitive primitive) {}

  /** Every {@code @ManagedResource} bean definition, in registration order (nothing is instantiated). */
  static List<ManagedBean> managedBeans(ConfigurableListableBeanFactory beanFactory, List<ConfigViolation> problems) {
    List<ManagedBean> out = new ArrayList<>();
    for (String name : beanFactory.getBeanNamesForAnnotation(ManagedResource.class)) {
      ManagedResource a = beanFactory.findAnnotationOnBean(name, ManagedResource.class, false);
      if (a == null) {
        continue;
      }
      String path = "@ManagedResource[" + name + "]";
      checkManageable(beanFactory.getType(name, false), path, problems);
      String id = resolve(beanFactory, a.id());
      id = id.isBlank() ? name : id;
      Primitive.Builder p = Primitive.builder(id, SpringBeanAgent.TYPE).param(SpringBeanAgent.BEAN, name);
      Duration interval = duration(resolve(beanFactory, a.monitorInterval()), path + ".monitorInterval", problems);
      Duration timeout = duration(resolve(beanFactory, a.monitorTimeout()), path + ".monitorTimeout", problems);
      if (interval != null && !interval.isZero()) {
        p.monitor(interval, timeout == null ? Operation.DEFAULT_TIMEOUT : timeout);
      }
      Duration start = duration(resolve(beanFactory, a.startTimeout()), path + ".startTimeout", problems);
      if (start != null) {
        p.operation(Operation.start(start));
      }
      Duration stop = duration(resolve(beanFactory, a.stopTimeout()), path + ".stopTimeout", problems);
      if (stop != null) {
        p.operation(Operation.stop(stop));
      }
      if (a.stickiness() != ManagedResource.UNSET) {
        p.stickiness(a.stickiness());
      }
      if (a.migrationThreshold() != ManagedResource.UNSET) {
        p.migrationThreshold(a.migrationThreshold());
      }
      Duration failureTimeout = duration(resolve(beanFactory, a.failureTimeout()), path + ".failureTimeout", problems);
      if (failureTimeout != null) {
        p.failureTimeout(failureTimeout);
      }
      out.add(new ManagedBean(name, id, resolve(beanFactory, a.group()).trim(), p.build()));
    }
    return out;
  }

  /** A bean must be a Lifecycle, a ResourceAgent, or have start and stop methods of the accepted shapes. */
  static void checkManageable(Class<?> type, String path, List<ConfigViolation> problems) {
    if (type == null || Lifecycle.class.isAssignableFrom(type) || ResourceAgent.class.isAssignableFrom(type)) {
      return;
    }
    Map<Class<? extends Annotation>, Method> found = new LinkedHashMap<>();
    for (Class<? extends Annotation> a : List.of(ResourceStart.class, ResourceStop.class, ResourceMonitor.class)) {
      ReflectionUtils.doWithMethods(type, m -> {
        if (AnnotatedElementUtils.hasAnnotation(m, a)) {
          found.putIfAbsent(a, m);
        }
      });
    }
    for (Class<? extends Annotation> required : List.of(ResourceStart.class, ResourceStop.class, ResourceMonitor.class)) {
      if (!found.containsKey(required)) {
        problems.add(new ConfigViolation(path, type.getName() + " is neither a Lifecycle nor a ResourceAgent,"
            + " so it needs a @" + required.getSimpleName() + " method"));
      }
    }
    found.forEach((a, m) -> {
      boolean argsOk = m.getParameterCount() == 0
          || m.getParameterCount() == 1 && m.getParameterTypes()[0] == AgentContext.class;
      if (!argsOk) {
        problems.add(new ConfigViolation(path + "." + m.getName(),
            "a @" + a.getSimpleName() + " method takes no argument or one AgentContext"));
      }
    });
  }

  private static String resolve(ConfigurableListableBeanFactory beanFactory, String value) {
    String v = beanFactory.resolveEmbeddedValue(value);
    return v == null ? "" : v;
  }

  private static Duration duration(String text, String path, List<ConfigViolation> problems) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return DurationStyle.detectAndParse(text.trim());
    } catch (IllegalArgumentException e) {
      problems.add(new ConfigViolation(path, "not a duration: '" + text + "' (e.g. 10s, 500ms, PT10S)"));
      return null;
    }
  }

  /**
   * The configuration.
   *
   * @throws Ha4jConfigException listing every problem, with property paths
   */
  static ClusterConfig create(Ha4jProperties props, List<ManagedBean> beans, List<ConfigViolation> beanProblems,
      List<ClusterConfigCustomizer> customizers) {
    ClusterConfigFactory f = new ClusterConfigFactory();
    f.problems.addAll(beanProblems);
    ClusterConfig.Builder b = ClusterConfig.builder();
    for (String node : nodes(props, f.problems)) {
      b.nodes(node);
    }
    b.properties(f.clusterProperties(props.getCluster()));
    Ha4jProperties.ResourceDefaults d = props.getResourceDefaults();
    ResourceMeta defaults = ResourceMeta.HA4J_DEFAULTS;
    if (d.getStickiness() != null) {
      defaults = defaults.withStickiness(d.getStickiness());
    }
    if (d.getMigrationThreshold() != null) {
      defaults = defaults.withMigrationThreshold(d.getMigrationThreshold());
    }
    if (d.getFailureTimeout() != null) {
      defaults = defaults.withFailureTimeout(d.getFailureTimeout());
    }
    b.resourceDefaults(defaults);

    // primitives by id: properties first, then beans
    Map<String, Primitive> primitives = new LinkedHashMap<>();
    Map<String, String> origin = new LinkedHashMap<>();
    props.getResources().forEach((id, spec) -> {
      primitives.put(id, f.primitive(id, spec));
      origin.put(id, "ha4j.resources." + id);
    });
    for (ManagedBean mb : beans) {
      if (origin.containsKey(mb.id())) {
        f.problems.add(new ConfigViolation("@ManagedResource[" + mb.beanName() + "].id",
            "resource id '" + mb.id() + "' is already used by " + origin.get(mb.id())));
        continue;
      }
      primitives.put(mb.id(), mb.primitive());
      origin.put(mb.id(), "@ManagedResource[" + mb.beanName() + "]");
    }
    // groups: properties' member lists, then beans appended in registration order
    Map<String, List<String>> groups = new LinkedHashMap<>();
    props.getGroups().forEach((id, members) -> groups.put(id, new ArrayList<>(members)));
    for (ManagedBean mb : beans) {
      if (!mb.group().isEmpty()) {
        List<String> members = groups.computeIfAbsent(mb.group(), g -> new ArrayList<>());
        if (!members.contains(mb.id())) {
          members.add(mb.id());
        }
      }
    }
    Map<String, String> memberOf = new LinkedHashMap<>();
    groups.forEach((gid, members) -> {
      if (primitives.containsKey(gid)) {
        f.problems.add(new ConfigViolation("ha4j.groups." + gid, "a resource has the same id"));
      }
      for (int i = 0; i < members.size(); i++) {
        String m = members.get(i);
        String path = "ha4j.groups." + gid + "[" + i + "]";
        if (!primitives.containsKey(m)) {
          f.problems.add(new ConfigViolation(path, "no resource '" + m + "' (known: " + primitives.keySet() + ")"));
        } else if (memberOf.containsKey(m)) {
          f.problems.add(new ConfigViolation(path, "'" + m + "' is already a member of group " + memberOf.get(m)));
        } else {
          memberOf.put(m, gid);
        }
      }
    });
    // resources in declaration order; a group appears where its first member would
    List<String> emitted = new ArrayList<>();
    for (String id : primitives.keySet()) {
      String gid = memberOf.get(id);
      if (gid == null) {
        b.resource(primitives.get(id));
      } else if (!emitted.contains(gid)) {
        emitted.add(gid);
        List<Primitive> members = groups.get(gid).stream().filter(primitives::containsKey).map(primitives::get).toList();
        b.resource(new Group(gid, members, ResourceMeta.EMPTY));
      }
    }
    f.constraints(props.getConstraints(), b);
    for (ClusterConfigCustomizer c : customizers) {
      c.customize(b);
    }
    if (!f.problems.isEmpty()) {
      throw new Ha4jConfigException(f.problems);
    }
    try {
      return b.build();
    } catch (Ha4jConfigException e) {
      List<ConfigViolation> mapped = e.violations().stream()
          .map(v -> new ConfigViolation("ha4j.configuration." + v.path(), v.message())).toList();
      throw new Ha4jConfigException(mapped);
    }
  }

  /** {@code ha4j.nodes}, or else the ids of the Raft peers that are not witnesses. */
  static List<String> nodes(Ha4jProperties props, List<ConfigViolation> problems) {
    if (!props.getNodes().isEmpty()) {
      return props.getNodes();
    }
    List<String> out = new ArrayList<>();
    if (props.getBackend() == Ha4jProperties.Backend.RAFT) {
      List<String> peers = props.getRaft().getPeers();
      for (int i = 0; i < peers.size(); i++) {
        try {
          RaftPeerAddress p = RaftPeerAddress.parse(peers.get(i));
          if (!p.witness()) {
            out.add(p.id());
          }
        } catch (IllegalArgumentException e) {
          problems.add(new ConfigViolation("ha4j.raft.peers[" + i + "]", e.getMessage()));
        }
      }
    }
    if (out.isEmpty()) {
      problems.add(new ConfigViolation("ha4j.nodes", props.getBackend() == Ha4jProperties.Backend.RAFT
          ? "required: set ha4j.raft.peers (or ha4j.nodes)" : "required with the ZooKeeper backend"));
    }
    return out;
  }

  private ClusterProperties clusterProperties(Ha4jProperties.Cluster c) {
    ClusterProperties p = ClusterProperties.HA4J_DEFAULTS;
    if (c.getNoQuorumPolicy() != null) {
      p = p.withNoQuorumPolicy(c.getNoQuorumPolicy());
    }
    if (c.getSymmetricCluster() != null) {
      p = p.withSymmetricCluster(c.getSymmetricCluster());
    }
    if (c.getStonithEnabled() != null) {
      p = p.withStonithEnabled(c.getStonithEnabled());
    }
    if (c.getWatchdogFencing() != null) {
      p = p.withWatchdogFencing(c.getWatchdogFencing());
    }
    if (c.getStartFailureIsFatal() != null) {
      p = p.withStartFailureIsFatal(c.getStartFailureIsFatal());
    }
    if (c.getMaintenanceMode() != null) {
      p = p.withMaintenanceMode(c.getMaintenanceMode());
    }
    return p;
  }

  private Primitive primitive(String id, Ha4jProperties.ResourceSpec spec) {
    String path = "ha4j.resources." + id;
    if (spec.getAgent() == null || spec.getAgent().isBlank()) {
      problems.add(new ConfigViolation(path + ".agent", "required, e.g. ha4j:vip or ha4j:http"));
    }
    Primitive.Builder p = Primitive.builder(id, spec.getAgent());
    spec.getParameters().forEach(p::param);
    Ha4jProperties.Monitor m = spec.getMonitor();
    if (m.getInterval() != null && !m.getInterval().isZero()) {
      Duration timeout = m.getTimeout() == null ? Operation.DEFAULT_TIMEOUT : m.getTimeout();
      p.operation(new Operation("monitor", m.getInterval(), timeout, m.getOnFail()));
    }
    if (spec.getStartTimeout() != null) {
      p.operation(Operation.start(spec.getStartTimeout()));
    }
    if (spec.getStopTimeout() != null) {
      p.operation(Operation.stop(spec.getStopTimeout()));
    }
    if (spec.getStickiness() != null) {
      p.stickiness(spec.getStickiness());
    }
    if (spec.getMigrationThreshold() != null) {
      p.migrationThreshold(spec.getMigrationThreshold());
    }
    if (spec.getFailureTimeout() != null) {
      p.failureTimeout(spec.getFailureTimeout());
    }
    if (spec.getTargetRole() != null) {
      p.targetRole(spec.getTargetRole());
    }
    if (spec.getPriority() != null) {
      p.priority(spec.getPriority());
    }
    return p.build();
  }

  private void constraints(Ha4jProperties.Constraints c, ClusterConfig.Builder b) {
    for (int i = 0; i < c.getLocations().size(); i++) {
      Ha4jProperties.LocationSpec l = c.getLocations().get(i);
      String path = "ha4j.constraints.locations[" + i + "]";
      Integer score = score(l.getScore(), path + ".score");
      if (score != null) {
        String id = l.getId() != null ? l.getId() : "location-" + l.getResource() + "-" + l.getNode();
        b.constraint(Location.of(id, l.getResource(), l.getNode(), score));
      }
    }
    for (int i = 0; i < c.getColocations().size(); i++) {
      Ha4jProperties.ColocationSpec l = c.getColocations().get(i);
      String path = "ha4j.constraints.colocations[" + i + "]";
      Integer score = score(l.getScore(), path + ".score");
      if (score != null) {
        String id = l.getId() != null ? l.getId() : "colocation-" + l.getResource() + "-" + l.getWith();
        b.constraint(new Colocation(id, l.getResource(), l.getWith(), score));
      }
    }
    for (int i = 0; i < c.getOrders().size(); i++) {
      Ha4jProperties.OrderSpec o = c.getOrders().get(i);
      String id = o.getId() != null ? o.getId() : "order-" + o.getFirst() + "-" + o.getThen();
      b.constraint(new Order(id, o.getFirst(), o.getThen(), o.getKind(), o.isSymmetrical()));
    }
  }

  private Integer score(String text, String path) {
    try {
      return Score.parse(text == null ? "" : text);
    } catch (IllegalArgumentException e) {
      problems.add(new ConfigViolation(path, e.getMessage()));
      return null;
    }
  }
}
