package io.ha4j.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method that stops a {@link ManagedResource} bean here. Same signatures as {@link
 * ResourceStart}; it must succeed when the resource is already stopped. A stop that fails or
 * overruns its timeout makes the node fence itself.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ResourceStop {}
