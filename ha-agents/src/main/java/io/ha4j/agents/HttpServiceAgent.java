package io.ha4j.agents;

import io.ha4j.ConfigViolation;
import io.ha4j.agents.internal.Budget;
import io.ha4j.agents.internal.Exec;
import io.ha4j.agents.internal.ExecRequest;
import io.ha4j.agents.internal.ExecResult;
import io.ha4j.agents.internal.Executables;
import io.ha4j.agents.internal.LimitedBody;
import io.ha4j.agents.internal.ParamReader;
import io.ha4j.spi.AgentContext;
import io.ha4j.spi.AgentMetadata;
import io.ha4j.spi.AgentMetadata.Parameter;
import io.ha4j.spi.AgentResult;
import io.ha4j.spi.OcfStatus;
import io.ha4j.spi.ResourceAgent;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ha4j:http}: a web service (the seed's {@code WebService}, like {@code ocf:heartbeat:apache}).
 *
 * <ul>
 *   <li>monitor: a GET of {@code url} with {@code request_timeout}; running when the status is one
 *       of {@code expected_status} and, if set, the body (its first 64 KiB) matches {@code body_regex};
 *       a refused connection is {@link OcfStatus#NOT_RUNNING}; anything else is an error.
 *   <li>start and stop are delegated to exactly one of: {@code start_command} + {@code stop_command}
 *       (argument lists, no shell; the start command must return once the service is launched, as
 *       {@code apachectl start} does), {@code systemd_unit}, or {@code lifecycle}, the name of an
 *       in-JVM {@link ServiceLifecycle} registered with {@link Builder#lifecycle}. Start then waits
 *       until monitor succeeds.
 * </ul>
 *
 * <p>Requests go directly to the URL (no proxy) and follow no redirects. Thread-safe.
 */
public final class HttpServiceAgent implements ResourceAgent {

  /** The agent type string. */
  public static final String TYPE = "ha4j:http";

  private static final Logger log = LoggerFactory.getLogger(HttpServiceAgent.class);
  private static final int BODY_LIMIT = 64 * 1024;
  private static final AgentMetadata METADATA = new AgentMetadata(TYPE,
      "A web service watched through a status URL; started and stopped by a command, a systemd unit or an "
          + "in-JVM lifecycle",
      List.of(
          new Parameter("url", true, null, "the status URL (http or https), e.g. http://localhost/server-status"),
          new Parameter("expected_status", false, "200",
              "accepted status codes: a comma-separated list of codes (200) or classes (2xx)"),
          new Parameter("body_regex", false, null, "a regular expression the body must contain (Java syntax)"),
          new Parameter("request_timeout", false, "5s", "how long one GET may take"),
          new Parameter("start_command", false, null, "the command that starts the service (with stop_command)"),
          new Parameter("stop_command", false, null, "the command that stops the service; must succeed when stopped"),
          new Parameter("systemd_unit", false, null, "a systemd unit that runs the service"),
          new Parameter("lifecycle", false, null, "the name of a ServiceLifecycle registered with the agent")),
      Map.of("start", Duration.ofSeconds(40), "stop", Duration.ofSeconds(60), "monitor", Duration.ofSeconds(20)));

  private final Map<String, ServiceLifecycle> lifecycles;
  private final CommandPrefix prefix;
  private final SystemdAgent systemd;
  private final HttpClient client;

  /** An agent with no in-JVM lifecycles, running commands in the JVM's namespaces. */
  public HttpServiceAgent() {
    this(builder());
  }

  private HttpServiceAgent(Builder b) {
    this.lifecycles = Map.copyOf(b.lifecycles);
    this.prefix = b.prefix;
    this.systemd = b.systemd;
    this.client = HttpClient.newBuilder()
        .proxy(HttpClient.Builder.NO_PROXY)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** A builder, to register lifecycles or run commands behind a prefix. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public AgentMetadata metadata() {
    return METADATA;
  }

  @Override
  public List<ConfigViolation> validate(Map<String, String> parameters) {
    ParamReader r = new ParamReader(TYPE, parameters);
    read(r);
    return r.violations();
  }

  @Override
  public AgentResult start(AgentContext context) throws Exception {
    ParamReader r = new ParamReader(TYPE, context.parameters());
    Spec spec = read(r);
    if (!r.ok()) {
      return AgentResult.of(OcfStatus.INVALID_ARGUMENT, ParamReader.describe(r.violations()));
    }
    AgentResult before = monitor(context, spec);
    if (before.isSuccess()) {
      return AgentResult.of(OcfStatus.SUCCESS, "already answering at " + spec.url);
    }
    if (spec.lifecycle != null) {
      lifecycles.get(spec.lifecycle).start();
    } else if (spec.unit != null) {
      AgentResult unit = systemd.startUnit(context, spec.unit);
      if (!unit.isSuccess()) {
        return unit;
      }
    } else {
      ExecResult ran = command(context, spec.startCommand, "start_command");
      if (!ran.ok()) {
        return ran.startError() != null ? AgentResult.of(OcfStatus.NOT_INSTALLED, "start_command " + ran.summary())
            : AgentResult.failed("start_command: " + ran.summary());
      }
    }
    AgentResult last = before;
    for (int i = 0; i < 100_000 && !Budget.exhausted(context); i++) {
      last = monitor(context, spec);
      if (last.isSuccess()) {
        log.info("{}: answering at {}", context.resourceId(), spec.url);
        return AgentResult.success();
      }
      Thread.sleep(Math.min(50L * (i + 1), 500L));
    }
    return AgentResult.failed("started, but " + spec.url + " did not answer as expected before the timeout: "
        + last.message());
  }

  @Override
  public AgentResult stop(AgentContext context) throws Exception {
    ParamReader r = new ParamReader(TYPE, context.parameters());
    Spec spec = read(r);
    if (!r.ok()) {
      return AgentResult.of(OcfStatus.INVALID_ARGUMENT, ParamReader.describe(r.violations()));
    }
    if (spec.lifecycle != null) {
      lifecycles.get(spec.lifecycle).stop();
      return AgentResult.success();
    }
    if (spec.unit != null) {
      return systemd.stopUnit(context, spec.unit);
    }
    ExecResult ran = command(context, spec.stopCommand, "stop_command");
    if (ran.ok()) {
      return AgentResult.success();
    }
    AgentResult now = monitor(context, spec);
    if (now.status() == OcfStatus.NOT_RUNNING) {
      log.info("{}: stop_command failed ({}) but {} does not answer: stopped", context.resourceId(), ran.summary(),
          spec.url);
      return AgentResult.success();
    }
    return AgentResult.failed("stop_command: " + ran.summary() + "; " + spec.url + ": " + now.message());
  }

  @Override
  public AgentResult monitor(AgentContext context) throws Exception {
    ParamReader r = new ParamReader(TYPE, context.parameters());
    Spec spec = read(r);
    if (!r.ok()) {
      return AgentResult.of(OcfStatus.INVALID_ARGUMENT, ParamReader.describe(r.violations()));
    }
    return monitor(context, spec);
  }

  private AgentResult monitor(AgentContext context, Spec spec) throws InterruptedException {
    if (spec.lifecycle != null && !lifecycles.get(spec.lifecycle).isRunning()) {
      return AgentResult.of(OcfStatus.NOT_RUNNING, "lifecycle " + spec.lifecycle + " is not running");
    }
    if (spec.unit != null) {
      AgentResult unit = systemd.unitStatus(context, spec.unit);
      if (!unit.isSuccess()) {
        return unit;
      }
    }
    return get(context, spec);
  }

  /** One GET of the status URL, judged. */
  private AgentResult get(AgentContext context, Spec spec) throws InterruptedException {
    Duration timeout = Budget.next(context, spec.requestTimeout);
    if (timeout.isZero()) {
      return AgentResult.failed("no time left for GET " + spec.url);
    }
    HttpRequest request = HttpRequest.newBuilder(spec.url).GET().timeout(timeout)
        .header("User-Agent", "ha4j-http-agent").build();
    CompletableFuture<HttpResponse<String>> call = client.sendAsync(request, LimitedBody.handler(BODY_LIMIT));
    HttpResponse<String> response;
    try {
      response = call.get(timeout.toMillis() + 50, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      return AgentResult.failed("GET " + spec.url + " timed out after " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      call.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ConnectException) {
        return AgentResult.of(OcfStatus.NOT_RUNNING, "GET " + spec.url + ": connection refused");
      }
      if (cause instanceof java.net.http.HttpTimeoutException) {
        return AgentResult.failed("GET " + spec.url + " timed out after " + timeout.toMillis() + " ms");
      }
      return AgentResult.failed("GET " + spec.url + ": " + cause);
    }
    if (!spec.expected.test(response.statusCode())) {
      return AgentResult.failed("GET " + spec.url + ": status " + response.statusCode() + ", expected "
          + spec.expectedText);
    }
    if (spec.bodyRegex != null && !spec.bodyRegex.matcher(response.body()).find()) {
      return AgentResult.failed("GET " + spec.url + ": body does not match /" + spec.bodyRegex.pattern() + "/");
    }
    return AgentResult.success();
  }

  private ExecResult command(AgentContext context, List<String> words, String what) throws InterruptedException {
    List<String> argv = new ArrayList<>(words);
    argv.set(0, Executables.pathOf(argv.get(0)));
    Map<String, String> env = new LinkedHashMap<>(Exec.baseEnvironment());
    env.put("HA4J_RESOURCE", context.resourceId());
    env.put("HA4J_EPOCH", Long.toString(context.epoch()));
    return Exec.run(new ExecRequest(prefix.apply(argv), env, null, null, Budget.next(context, Duration.ofHours(1)),
        ExecRequest.DEFAULT_TAIL, context.resourceId() + " " + what, true));
  }

  /** The validated parameters. */
  private static final class Spec {
    URI url;
    IntPredicate expected;
    String expectedText;
    Pattern bodyRegex;
    Duration requestTimeout;
    List<String> startCommand;
    List<String> stopCommand;
    String unit;
    String lifecycle;
  }

  private Spec read(ParamReader r) {
    r.rejectUnknown(ParamReader.names(METADATA.parameters()));
    Spec s = new Spec();
    String url = r.required("url");
    if (url != null) {
      try {
        URI u = new URI(url.strip());
        if (!("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))
            || u.getHost() == null) {
          r.violation("url", "must be an absolute http:// or https:// URL with a host, got '" + ParamReader.show(url) + "'");
        } else if (u.getRawUserInfo() != null) {
          r.violation("url", "must not carry credentials");
        } else {
          s.url = u;
        }
      } catch (URISyntaxException e) {
        r.violation("url", "not a URL: " + e.getMessage());
      }
    }
    s.expectedText = r.optional("expected_status").orElse("200");
    s.expected = statusPredicate(r, s.expectedText);
    r.optional("body_regex").ifPresent(v -> {
      try {
        s.bodyRegex = Pattern.compile(v);
      } catch (PatternSyntaxException e) {
        r.violation("body_regex", "not a regular expression: " + e.getDescription());
      }
    });
    s.requestTimeout = r.duration("request_timeout", Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMinutes(10));
    s.startCommand = r.command("start_command").orElse(null);
    s.stopCommand = r.command("stop_command").orElse(null);
    s.unit = r.optional("systemd_unit").isPresent() ? SystemdAgent.unit(r, "systemd_unit") : null;
    Optional<String> lc = r.optional("lifecycle");
    if (lc.isPresent()) {
      if (!lifecycles.containsKey(lc.get())) {
        r.violation("lifecycle", "no lifecycle '" + ParamReader.show(lc.get()) + "' is registered with this agent"
            + " (registered: " + lifecycles.keySet() + ")");
      } else {
        s.lifecycle = lc.get();
      }
    }
    boolean commands = r.optional("start_command").isPresent() || r.optional("stop_command").isPresent();
    int delegates = (commands ? 1 : 0) + (r.optional("systemd_unit").isPresent() ? 1 : 0) + (lc.isPresent() ? 1 : 0);
    if (delegates != 1) {
      r.violation("start_command", "set exactly one of start_command + stop_command, systemd_unit or lifecycle"
          + " (found " + delegates + ")");
    } else if (commands && (r.optional("start_command").isEmpty() || r.optional("stop_command").isEmpty())) {
      r.violation(r.optional("start_command").isEmpty() ? "start_command" : "stop_command",
          "start_command and stop_command go together");
    }
    return s;
  }

  private static IntPredicate statusPredicate(ParamReader r, String text) {
    IntPredicate p = code -> false;
    for (String part : text.split(",")) {
      String t = part.strip().toLowerCase(java.util.Locale.ROOT);
      if (t.matches("[1-5]\\d\\d")) {
        int code = Integer.parseInt(t);
        p = p.or(c -> c == code);
      } else if (t.matches("[1-5]xx")) {
        int cls = t.charAt(0) - '0';
        p = p.or(c -> c / 100 == cls);
      } else {
        r.violation("expected_status", "expected codes like 200 or classes like 2xx, got '" + ParamReader.show(part) + "'");
        return code -> false;
      }
    }
    return p;
  }

  /** Builds an {@link HttpServiceAgent}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, ServiceLifecycle> lifecycles = new LinkedHashMap<>();
    private CommandPrefix prefix = CommandPrefix.none();
    private SystemdAgent systemd = new SystemdAgent();

    private Builder() {}

    /** Registers an in-JVM service under {@code name}, for resources with {@code lifecycle=name}. */
    public Builder lifecycle(String name, ServiceLifecycle lifecycle) {
      if (name == null || name.isBlank() || lifecycles.containsKey(name)) {
        throw new IllegalArgumentException("lifecycle name must be non-blank and unique: " + name);
      }
      lifecycles.put(name, java.util.Objects.requireNonNull(lifecycle, "lifecycle"));
      return this;
    }

    /** Runs start and stop commands behind {@code prefix}. */
    public Builder prefix(CommandPrefix prefix) {
      this.prefix = java.util.Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** Uses this systemd agent for {@code systemd_unit} (e.g. one with another systemctl). */
    public Builder systemd(SystemdAgent systemd) {
      this.systemd = java.util.Objects.requireNonNull(systemd, "systemd");
      return this;
    }

    /** The agent. */
    public HttpServiceAgent build() {
      return new HttpServiceAgent(this);
    }
  }
}
