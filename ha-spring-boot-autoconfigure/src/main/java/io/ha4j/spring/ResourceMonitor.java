package io.ha4j.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method that tells whether a {@link ManagedResource} bean runs healthily here. It takes
 * no argument or one {@link io.ha4j.spi.AgentContext}, and returns {@code boolean} ({@code true}:
 * running, {@code false}: cleanly stopped), an {@link io.ha4j.spi.AgentResult}, or {@code void}
 * (running unless it throws; an exception counts as a failure). It is also the probe that finds
 * out, when a node joins, whether the resource already runs there. Without it a {@link
 * org.springframework.context.Lifecycle} bean is monitored with {@code isRunning()}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ResourceMonitor {}
