package io.ha4j.spring.autoconfigure;

import io.ha4j.raft.RaftPeerAddress;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when this application is a resource node, i.e. not a Raft witness: a witness ({@code
 * ;witness} after its entry in {@code ha4j.raft.peers}) only votes, so it gets the coordinator but
 * no {@link io.ha4j.Ha4jNode}.
 */
final class WitnessCondition extends SpringBootCondition {

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    Binder binder = Binder.get(context.getEnvironment());
    String nodeId = binder.bind("ha4j.node-id", String.class).orElse(null);
    String backend = binder.bind("ha4j.backend", String.class).orElse("raft");
    if (nodeId == null || !backend.equalsIgnoreCase("raft")) {
      return ConditionOutcome.match("not a Raft witness");
    }
    List<String> peers = binder.bind("ha4j.raft.peers", Bindable.listOf(String.class)).orElse(List.of());
    for (String spec : peers) {
      try {
        RaftPeerAddress p = RaftPeerAddress.parse(spec);
        if (p.id().equals(nodeId) && p.witness()) {
          return ConditionOutcome.noMatch("ha4j.node-id " + nodeId + " is a Raft witness: it votes and runs no node");
        }
      } catch (IllegalArgumentException e) {
        // reported with its path when the coordinator is built
      }
    }
    return ConditionOutcome.match("not a Raft witness");
  }
}
