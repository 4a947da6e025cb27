package io.ha4j.raft;

/** Test access to {@link RaftCoordinator#crashForTest()}: stops a Raft peer as kill -9 would. */
public final class RaftCrash {
  private RaftCrash() {}

  /** No resign, no session close, no leadership transfer. */
  public static void crash(RaftCoordinator coordinator) {
    coordinator.crashForTest();
  }
}
