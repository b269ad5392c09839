package io.aegis.kernel.testing;

import com.sun.net.httpserver.HttpExchange;
import io.aegis.kernel.cloudevents.CloudEventParser;
import io.aegis.kernel.cloudevents.InboundEvent;
import io.aegis.kernel.error.AegisException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A tiny HTTP server that records the CloudEvents POSTed to it: a fake {@code K_SINK} / broker
 * ingress for tests. Answers 202 by default; {@link #respond} scripts the next answers (e.g. two
 * 503s then a 202) and {@link #hang} makes it accept requests and never answer, to test timeouts.
 *
 * <pre>{@code
 * try (RecordingSink sink = RecordingSink.start()) {
 *   // point aegis.sink.url (K_SINK) at sink.uri(), run the code under test
 *   List<InboundEvent> events = sink.awaitEvents(1, Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class RecordingSink implements AutoCloseable {
  /** One request as received; {@code event} is null when it was not a valid CloudEvent. */
  public record Received(
      String method,
      String path,
      Map<String, List<String>> headers,
      byte[] body,
      InboundEvent event,
      String parseError) {}

  private final List<Received> received = new ArrayList<>();
  private final Deque<Integer> script = new ArrayDeque<>();
  private final LoopbackHttpServer server = new LoopbackHttpServer("recording-sink");
  private int defaultStatus = 202;
  private boolean hang;

  private RecordingSink() {}

  /** Starts on a random free port of the loopback interface. */
  public static RecordingSink start() {
    RecordingSink sink = new RecordingSink();
    sink.server.start(sink::handle);
    return sink;
  }

  /** The sink's URL, e.g. {@code http://127.0.0.1:40123/}. */
  public URI uri() {
    return URI.create(server.url() + "/");
  }

  /** The next requests get these statuses, in order; afterwards the default (202) again. */
  public synchronized RecordingSink respond(int... statuses) {
    for (int status : statuses) {
      script.add(status);
    }
    return this;
  }

  /** Every request not covered by {@link #respond} gets {@code status}. */
  public synchronized RecordingSink respondAlways(int status) {
    this.defaultStatus = status;
    return this;
  }

  /** Requests are recorded but never answered (until {@link #close}). */
  public synchronized RecordingSink hang() {
    this.hang = true;
    return this;
  }

  /** Every request received so far. */
  public synchronized List<Received> received() {
    return List.copyOf(received);
  }

  /** The valid CloudEvents received so far, in arrival order. */
  public synchronized List<InboundEvent> events() {
    return received.stream().map(Received::event).filter(e -> e != null).toList();
  }

  /** Waits until at least {@code count} requests arrived; fails after {@code timeout}. */
  public synchronized List<Received> awaitRequests(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received.size() < count) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new AssertionError(
            "expected " + count + " request(s) within " + timeout + ", got " + received.size());
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, remaining);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    return List.copyOf(received);
  }

  /** Waits until at least {@code count} valid CloudEvents arrived; fails after {@code timeout}. */
  public synchronized List<InboundEvent> awaitEvents(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (events().size() < count) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new AssertionError(
            "expected "
                + count
                + " CloudEvent(s) within "
                + timeout
                + ", got "
                + events().size()
                + " of "
                + received.size()
                + " request(s)");
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, remaining);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    return events();
  }

  @Override
  public void close() {
    server.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
      InboundEvent event = null;
      String error = null;
      try {
        event = CloudEventParser.parse(headers, body);
      } catch (AegisException e) {
        error = e.getMessage();
      }
      int status;
      boolean hangThis;
      synchronized (this) {
        received.add(
            new Received(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                Map.copyOf(headers),
                body,
                event,
                error));
        notifyAll();
        status = script.isEmpty() ? defaultStatus : script.poll();
        hangThis = hang;
      }
      if (hangThis) {
        server.awaitClose();
        return;
      }
      exchange.sendResponseHeaders(status, -1);
    } finally {
      exchange.close();
    }
  }
}
