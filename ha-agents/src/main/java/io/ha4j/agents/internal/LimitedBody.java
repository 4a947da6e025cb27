package io.ha4j.agents.internal;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body handler keeping at most a given number of bytes: once reached, it stops reading
 * (cancels the subscription) and completes with what it has, so that a huge or endless body neither
 * fills the heap nor stalls a monitor.
 */
public final class LimitedBody implements HttpResponse.BodySubscriber<String> {

  private final int limit;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CompletableFuture<String> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  private LimitedBody(int limit) {
    this.limit = limit;
  }

  /** A handler keeping the first {@code limit} bytes, decoded as UTF-8. */
  public static HttpResponse.BodyHandler<String> handler(int limit) {
    return info -> new LimitedBody(limit);
  }

  @Override
  public CompletionStage<String> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    this.subscription = s;
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    for (ByteBuffer b : items) {
      int take = Math.min(b.remaining(), limit - bytes.size());
      if (take > 0) {
        byte[] chunk = new byte[take];
        b.get(chunk);
        bytes.write(chunk, 0, take);
      }
    }
    if (bytes.size() >= limit && !result.isDone()) {
      subscription.cancel();
      complete();
    }
  }

  @Override
  public void onError(Throwable t) {
    if (!result.isDone()) {
      result.completeExceptionally(t);
    }
  }

  @Override
  public void onComplete() {
    complete();
  }

  private void complete() {
    if (!result.isDone()) {
      result.complete(bytes.toString(StandardCharsets.UTF_8));
    }
  }
}
