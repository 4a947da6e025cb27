package io.ha4j.spring.autoconfigure;

import io.ha4j.ConfigViolation;
import io.ha4j.Ha4jConfigException;
import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints every problem of an invalid ha4j configuration, one per line with its path, at startup. */
public final class Ha4jConfigFailureAnalyzer extends AbstractFailureAnalyzer<Ha4jConfigException> {

  /** Creates the analyzer (instantiated by Spring Boot). */
  public Ha4jConfigFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, Ha4jConfigException cause) {
    String problems = cause.violations().stream().map(ConfigViolation::toString)
        .collect(Collectors.joining("\n    ", "    ", ""));
    return new FailureAnalysis("The ha4j cluster configuration is invalid:\n" + problems,
        "Fix the ha4j.* properties, @ManagedResource attributes or ClusterConfigCustomizer beans named above.",
        cause);
  }
}
