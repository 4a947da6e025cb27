package io.ha4j.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a Spring bean a cluster resource: it runs on the one node the cluster places it on, not on
 * every instance of the application, and moves when that node or its monitor fails.
 *
 * <p>The bean is one of:
 *
 * <ul>
 *   <li>a {@link org.springframework.context.Lifecycle} or {@link
 *       org.springframework.context.SmartLifecycle}: the cluster calls {@code start()} and {@code
 *       stop()}; the monitor is {@code isRunning()} (or a {@link ResourceMonitor} method). Spring no
 *       longer starts it with the context;
 *   <li>any bean with {@link ResourceStart} and {@link ResourceStop} methods (and optionally a
 *       {@link ResourceMonitor} method);
 *   <li>an {@link io.ha4j.spi.ResourceAgent}: the cluster calls its start, stop and monitor.
 * </ul>
 *
 * <p>String attributes accept {@code ${...}} placeholders; durations are written as {@code 10s},
 * {@code 500ms} or ISO-8601 ({@code PT10S}). Unset numeric attributes ({@link #UNSET}) inherit the
 * group's, then the resource defaults' values. Constraints between resources come from {@code
 * ha4j.constraints.*} properties or a {@link ClusterConfigCustomizer} bean.
 *
 * <pre>{@code
 * @Component
 * @ManagedResource(id = "billing-scheduler", stickiness = 100, monitorInterval = "10s", migrationThreshold = 3)
 * class BillingScheduler implements SmartLifecycle { ... }   // started only on the node ha4j picks
 * }</pre>
 *
 * May be put on the bean's class or on its {@code @Bean} method.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ManagedResource {

  /** The value of an unset numeric attribute. */
  int UNSET = Integer.MIN_VALUE;

  /** The resource id (default: the bean name). */
  String id() default "";

  /** The group this resource belongs to; members start in the order they are declared. */
  String group() default "";

  /** {@code resource-stickiness}: preference for staying where it runs. */
  int stickiness() default UNSET;

  /** How often the monitor runs; empty or {@code 0} for no recurring monitor. */
  String monitorInterval() default "10s";

  /** How long one monitor run may take before it counts as failed (may exceed the interval). */
  String monitorTimeout() default "20s";

  /** Failures on a node before the resource is banned from it; 0 = never move because of failures. */
  int migrationThreshold() default UNSET;

  /** How long after the last failure a fail count is forgotten; empty = never. */
  String failureTimeout() default "";

  /** The start operation's timeout; empty = the default (20 s). */
  String startTimeout() default "";

  /** The stop operation's timeout; empty = the default (20 s). */
  String stopTimeout() default "";
}
