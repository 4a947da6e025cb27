package io.ha4j.spi.memory;

import io.ha4j.spi.Coordinator;
import io.ha4j.spi.CoordinatorContractTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.opentest4j.AssertionFailedError;

/** The contract suite on the in-memory ensemble, in virtual time. */
class MemoryCoordinatorContractTest extends CoordinatorContractTest {

  @Override
  protected Cluster createCluster() {
    MemoryEnsemble ensemble = MemoryEnsemble.create();
    List<String> ids = List.of("n1", "n2", "n3");
    Map<String, Coordinator> nodes = new HashMap<>();
    ids.forEach(id -> nodes.put(id, ensemble.connect(id)));
    return new Cluster() {
      @Override
      public List<String> candidates() {
        return ids;
      }

      @Override
      public Coordinator node(String id) {
        return nodes.get(id);
      }

      @Override
      public void crash(String id) {
        ensemble.crash(nodes.get(id));
      }

      @Override
      public void restart(String id) {
        nodes.put(id, ensemble.connect(id));
      }

      @Override
      public void expireSession(String id) {
        ensemble.expireSession(id);
      }

      @Override
      public void isolate(String id) {
        ensemble.partition(id);
      }

      @Override
      public void reconnect(String id) {
        ensemble.heal(id);
      }

      @Override
      public void await(String what, BooleanSupplier condition) {
        ensemble.clock().runPending();
        for (int i = 0; i < 600; i++) {
          if (condition.getAsBoolean()) {
            return;
          }
          ensemble.clock().advance(Duration.ofMillis(100));
        }
        throw new AssertionFailedError("not within 60 virtual seconds: " + what);
      }

      @Override
      public void close() {
        nodes.values().forEach(Coordinator::close);
      }
    };
  }
}
