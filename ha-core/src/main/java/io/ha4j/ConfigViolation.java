package io.ha4j;

/**
 * One problem of a configuration, with the exact path of the bad field, e.g.
 * {@code resources[WebService].operations[monitor].timeout: must be > 0}.
 *
 * @param path where the problem is
 * @param message what is wrong
 */
public record ConfigViolation(String path, String message) {

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
