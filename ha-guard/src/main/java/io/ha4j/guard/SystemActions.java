package io.ha4j.guard;

import java.util.OptionalLong;

/**
 * The guard's effects on the system, one method per kind of step. {@link LinuxActions} is the real
 * one; tests use fakes. Each step reports what happened and never throws.
 */
interface SystemActions {

  /** What one step did: {@code ok} when the resource is gone (removed now, or already absent). */
  record StepResult(boolean ok, String detail) {
    static StepResult done(String detail) {
      return new StepResult(true, detail);
    }

    static StepResult failed(String detail) {
      return new StepResult(false, detail);
    }
  }

  /** The start time of a live process, or empty. */
  OptionalLong startTimeOf(long pid);

  /** SIGKILL to the JVM, if {@code pid} still has {@code startTime}. */
  StepResult killJvm(long pid, long startTime);

  /** {@code ip [-n NETNS] addr del CIDR dev DEVICE}. */
  StepResult deleteAddress(HeldResource.Address address);

  /** SIGKILL to the process and its current descendants, if the pid still has its start time. */
  StepResult killProcess(HeldResource.ProcessInstance process);

  /** {@code systemctl stop -- UNIT}. */
  StepResult stopUnit(HeldResource.Unit unit);
}
