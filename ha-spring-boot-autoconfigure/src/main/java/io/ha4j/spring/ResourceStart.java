package io.ha4j.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method that starts a {@link ManagedResource} bean here. It takes no argument or one
 * {@link io.ha4j.spi.AgentContext} (which carries the epoch to hand to downstream systems); it
 * returns {@code void} (success unless it throws) or an {@link io.ha4j.spi.AgentResult}. It must
 * succeed when the resource already runs.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ResourceStart {}
