package io.ha4j.raft;

import io.ha4j.spi.Ha4jClock;
import io.ha4j.spi.support.Command;
import io.ha4j.spi.support.CommandResult;
import io.ha4j.spi.support.CoordinationState;
import io.ha4j.spi.support.SessionAuthority;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis state machine: applies committed {@link Command}s to a {@link CoordinationState}, serves
 * linearizable reads, writes single-file snapshots, and records when it saw each session renewed (for
 * the {@link SessionAuthority} used while this peer is Raft leader).
 */
final class CoordinationStateMachine extends BaseStateMachine {
  private static final Logger log = LoggerFactory.getLogger(CoordinationStateMachine.class);

  final CoordinationState state = new CoordinationState();
  final SessionAuthority authority = new SessionAuthority();
  private final Ha4jClock clock;
  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();

  CoordinationStateMachine(Ha4jClock clock) {
    this.clock = clock;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    load(storage.loadLatestSnapshot());
  }

  @Override
  public void reinitialize() throws IOException {
    load(storage.loadLatestSnapshot());
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  private synchronized void load(SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      return;
    }
    File file = snapshot.getFile().getPath().toFile();
    if (!file.exists()) {
      log.warn("snapshot file {} is missing; starting from the log", file);
      return;
    }
    try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file.toPath())))) {
      state.readFrom(in);
    }
    setLastAppliedTermIndex(snapshot.getTermIndex());
    log.debug("loaded snapshot {}", snapshot.getTermIndex());
  }

  @Override
  public long takeSnapshot() throws IOException {
    TermIndex last;
    File file;
    synchronized (this) {
      last = getLastAppliedTermIndex();
      if (last == null || last.getIndex() < 0) {
        return -1;
      }
      file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
      File tmp = new File(file.getPath() + ".tmp");
      try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp.toPath())))) {
        state.writeTo(out);
      }
      Files.move(tmp.toPath(), file.toPath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    var md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
    storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last));
    return last.getIndex();
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    Command command;
    try {
      command = Command.decode(entry.getStateMachineLogEntry().getLogData().toByteArray());
    } catch (RuntimeException e) {
      // never diverge silently: a corrupt entry stops this replica's state machine
      return CompletableFuture.failedFuture(e);
    }
    CommandResult result;
    synchronized (this) {
      result = state.apply(command);
      long now = clock.monotonicNanos();
      if (command instanceof Command.OpenSession) {
        authority.seen(result.value(), now);
      } else if (command instanceof Command.Renew r && result.ok()) {
        authority.seen(r.sessionId(), now);
      }
      updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
    }
    if (log.isTraceEnabled()) {
      log.trace("applied {}: {} -> ok={} value={}", entry.getIndex(), command.getClass().getSimpleName(), result.ok(),
          result.value());
    }
    return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(result.encode())));
  }

  @Override
  public CompletableFuture<Message> query(Message request) {
    try {
      Command command = Command.decode(request.getContent().toByteArray());
      if (!command.readOnly()) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("not a read: " + command));
      }
      return CompletableFuture.completedFuture(
          Message.valueOf(ByteString.copyFrom(state.apply(command).encode())));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
