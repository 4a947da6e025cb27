package io.ha4j.spi.support;

import io.ha4j.spi.Leadership;
import io.ha4j.spi.Member;
import io.ha4j.spi.WatchEvent;
import java.util.Optional;

/** What one applied command changed in a {@link CoordinationState}; fed to its listeners. */
public sealed interface StateChange {

  /** A key was written or deleted. */
  record KeyChanged(WatchEvent event) implements StateChange {}

  /** A session was opened. */
  record MemberJoined(Member member) implements StateChange {}

  /** A session ended. */
  record MemberLost(Member member) implements StateChange {}

  /** Leadership moved (empty = nobody holds it now). */
  record LeaderChanged(Optional<Leadership> leader) implements StateChange {}
}
