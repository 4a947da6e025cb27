package io.ha4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ha4j.Colocation;
import io.ha4j.Group;
import io.ha4j.Location;
import io.ha4j.NodeStatus;
import io.ha4j.Order;
import io.ha4j.Primitive;
import io.ha4j.scheduler.Scheduler;
import io.ha4j.scheduler.Transition;
import org.junit.jupiter.api.Test;

class SyntheticClusterTest {

  @Test
  void generatesAValidClusterOfTheRequestedSize() {
    SyntheticCluster c = SyntheticCluster.generate("1000x32", SyntheticCluster.DEFAULT_SEED);

    assertThat(c.config().validate()).isEmpty();
    assertThat(c.config().nodes()).hasSize(32);
    // the Dummy primitives plus the fencing device
    assertThat(c.config().primitives()).hasSize(1001);
    long grouped = c.config().resources().stream()
        .filter(Group.class::isInstance).mapToLong(r -> ((Group) r).members().size()).sum();
    assertThat(grouped).isBetween(150L, 260L);
    assertThat(c.config().constraints()).hasAtLeastOneElementOfType(Location.class)
        .hasAtLeastOneElementOfType(Colocation.class).hasAtLeastOneElementOfType(Order.class);
    assertThat(c.state().nodes().values()).anyMatch(n -> n.status() == NodeStatus.UNCLEAN)
        .anyMatch(n -> n.standby());
    assertThat(c.state().failCounts()).isNotEmpty();
  }

  @Test
  void isDeterministicForASeed() {
    SyntheticCluster a = SyntheticCluster.generate("300x8", 7);
    SyntheticCluster b = SyntheticCluster.generate("300x8", 7);
    SyntheticCluster other = SyntheticCluster.generate("300x8", 8);

    assertThat(a).isEqualTo(b);
    assertThat(other.state()).isNotEqualTo(a.state());
  }

  @Test
  void oneScheduleDoesRealWork() {
    SyntheticCluster c = SyntheticCluster.generate("1000x32", SyntheticCluster.DEFAULT_SEED);

    Transition t = Scheduler.schedule(c.config(), c.state(), c.now());

    assertThat(t.normalizedChanges())
        .anyMatch(line -> line.startsWith("fence "))
        .anyMatch(line -> line.startsWith("move "))
        .anyMatch(line -> line.startsWith("recover "))
        .anyMatch(line -> line.startsWith("start "));
    assertThat(t.placement()).hasSizeGreaterThan(900);
    assertThat(c.config().primitives()).extracting(Primitive::agent).contains("ocf:heartbeat:Dummy");
  }

  @Test
  void smallestSizesWork() {
    assertThat(SyntheticCluster.generate("1x2", 1).config().validate()).isEmpty();
    assertThat(SyntheticCluster.generate("100x3", 1).config().validate()).isEmpty();
  }

  @Test
  void rejectsABadSize() {
    assertThatThrownBy(() -> SyntheticCluster.Size.parse("1000"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RESOURCESxNODES");
    assertThatThrownBy(() -> SyntheticCluster.Size.parse("10x1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodes must be >= 2");
  }
}
