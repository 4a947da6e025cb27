package io.ha4j.raft;

import io.ha4j.spi.Coordinator;
import io.ha4j.spi.CoordinatorContractTest;
import java.util.List;
import java.util.function.BooleanSupplier;

/** The contract suite on three in-process Ratis peers over loopback (LAN_FAST timing). */
class RaftCoordinatorContractTest extends CoordinatorContractTest {

  @Override
  protected Cluster createCluster() {
    List<String> ids = List.of("n1", "n2", "n3");
    LoopbackRaftCluster raft = new LoopbackRaftCluster(ids, List.of(), RaftTiming.LAN_FAST).startAll();
    return new Cluster() {
      @Override
      public List<String> candidates() {
        return ids;
      }

      @Override
      public Coordinator node(String id) {
        return raft.node(id);
      }

      @Override
      public void crash(String id) {
        raft.crash(id);
      }

      @Override
      public void restart(String id) {
        raft.node(id).close();
        raft.start(id);
      }

      @Override
      public void expireSession(String id) {
        String other = ids.stream().filter(n -> !n.equals(id)).findFirst().orElseThrow();
        raft.node(other).expireSessionsOfForTest(id);
      }

      @Override
      public void isolate(String id) {
        // the only way to cut one peer off in-process: stop the two others (quorum is 2 of 3)
        ids.stream().filter(n -> !n.equals(id)).forEach(raft::crash);
      }

      @Override
      public void reconnect(String id) {
        ids.stream().filter(n -> !n.equals(id)).forEach(n -> {
          raft.node(n).close();
          raft.start(n);
        });
      }

      @Override
      public void await(String what, BooleanSupplier condition) {
        raft.await(what, condition);
      }

      @Override
      public void close() {
        raft.close();
      }
    };
  }
}
