/**
 * The guard: a tiny process, started by each ha4j node, that enforces the node's lease outside the
 * JVM. The JVM tells it over a pipe which external resources it holds (addresses, processes,
 * systemd units) and keeps extending a lease; when the pipe closes without a goodbye (the JVM died)
 * or the lease passes without extension (the JVM is paused or cut off), the guard kills the JVM
 * (by default), removes the addresses, kills the processes and stops the units.
 *
 * <p>{@link io.ha4j.guard.GuardClient} starts and talks to the guard; {@link
 * io.ha4j.guard.HeldResource} names what it guards; {@link io.ha4j.guard.GuardMain} is the program.
 * The protocol is described in the module's README.
 */
package io.ha4j.guard;
