package io.ha4j.spring;

import io.ha4j.Ha4jEvent;
import io.ha4j.Ha4jNode;
import org.springframework.context.ApplicationEvent;
import org.springframework.core.ResolvableType;
import org.springframework.core.ResolvableTypeProvider;

/**
 * A runtime {@link Ha4jEvent} published as a Spring application event. Listen to one kind with its
 * generic type:
 *
 * <pre>{@code
 * @EventListener
 * void onLeadership(Ha4jApplicationEvent<Ha4jEvent.LeadershipGained> e) { ... e.event().epoch() ... }
 * }</pre>
 *
 * Advisory, like every ha4j event: listeners run on the node's event thread, possibly late; {@link
 * LeadershipContext} and {@link Ha4jNode#status()} are the truth.
 *
 * @param <E> the kind of runtime event
 */
public class Ha4jApplicationEvent<E extends Ha4jEvent> extends ApplicationEvent implements ResolvableTypeProvider {

  private static final long serialVersionUID = 1L;

  private final transient E event;

  /** Wraps {@code event}, published by {@code node}. */
  public Ha4jApplicationEvent(Ha4jNode node, E event) {
    super(node);
    this.event = event;
  }

  /** The runtime event. */
  public E event() {
    return event;
  }

  /** The node that published it. */
  public Ha4jNode node() {
    return (Ha4jNode) getSource();
  }

  @Override
  public ResolvableType getResolvableType() {
    return ResolvableType.forClassWithGenerics(getClass(), ResolvableType.forInstance(event));
  }

  @Override
  public String toString() {
    return "Ha4jApplicationEvent[" + event + "]";
  }
}
