package io.ha4j.examples.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The demo's client: asks the service address every 50 ms and reports when another node starts
 * answering. Prints one line per change, {@code <epoch millis> answer <node>} or {@code <epoch millis>
 * no-answer}, and exits 0 once a node other than the first one answered (1 after {@code --max}).
 *
 * <pre>java -cp web-cluster.jar io.ha4j.examples.web.WebClient http://10.77.0.100:8080/ 60</pre>
 */
public final class WebClient {
  private WebClient() {}

  /** Arguments: URL, then the maximum run time in seconds (default 60). */
  public static void main(String[] args) throws InterruptedException {
    URI uri = URI.create(args[0]);
    long maxMillis = (args.length > 1 ? Long.parseLong(args[1]) : 60) * 1000;
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(300)).version(HttpClient.Version.HTTP_1_1)
        .build();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(700)).GET().build();
    long start = System.currentTimeMillis();
    String first = null;
    String last = "";
    while (System.currentTimeMillis() - start < maxMillis) {
      String now;
      try {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        String body = r.body().trim();
        now = r.statusCode() == 200 && body.startsWith("Hello from ") ? body.substring("Hello from ".length()) : "";
      } catch (IOException e) {
        now = "";
      }
      if (!now.equals(last)) {
        System.out.println(System.currentTimeMillis() + (now.isEmpty() ? " no-answer" : " answer " + now));
        System.out.flush();
        last = now;
      }
      if (!now.isEmpty()) {
        if (first == null) {
          first = now;
        } else if (!now.equals(first)) {
          return;
        }
      }
      Thread.sleep(50);
    }
    System.exit(1);
  }
}
