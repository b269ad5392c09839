package io.aegis.kernel.cloudevents;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.kernel.config.KernelProperties;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.aegis.kernel.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes binary-mode CloudEvents to the broker at {@code K_SINK} ({@code aegis.sink.url}),
 * adding the extensions of {@code K_CE_OVERRIDES} (KNATIVE-NOTES §4). Each event gets {@code
 * source} {@code /aegis/<spring.application.name>}, the caller's id, the reply's type and subject,
 * and its data as JSON.
 *
 * <p>Network errors, timeouts and the answers Knative itself retries (5xx, 404, 408, 429;
 * KNATIVE-NOTES §3.3) are retried with exponential backoff, at most {@code aegis.sink.attempts}
 * times and never past {@code aegis.sink.timeout} in total; any other 4xx means the event itself is
 * refused, so it is not retried. Giving up throws {@link Reason#SINK_UNAVAILABLE} (transient: the
 * caller answers 5xx and its sender redelivers).
 *
 * <p>Without a sink (no {@code K_SINK}, e.g. a function run outside Knative) publishing is a no-op
 * and a WARN is logged once at startup. That is safe because the CRs are the truth: track-status'
 * reconcile sweep re-drives anything whose event was never published (ARCHITECTURE §5).
 */
public final class KSinkPublisher implements EventPublisher {
  private static final Logger log = LoggerFactory.getLogger(KSinkPublisher.class);
  private static final Pattern EXTENSION_NAME = Pattern.compile("[a-z][a-z0-9]{0,19}");
  private static final Set<String> RESERVED =
      Set.of(
          "id",
          "source",
          "specversion",
          "type",
          "datacontenttype",
          "dataschema",
          "subject",
          "time",
          "data");
  private static final int MAX_BODY_IN_MESSAGE = 300;

  private final URI sink;
  private final String source;
  private final KernelProperties.Sink config;
  private final Map<String, String> overrides;
  private final HttpClient client;

  /**
   * @param config the {@code aegis.sink} settings
   * @param source the CloudEvent source of every published event, {@code /aegis/<function>}
   * @throws IllegalArgumentException when {@code K_CE_OVERRIDES} is not valid; fails startup
   */
  public KSinkPublisher(KernelProperties.Sink config, String source) {
    this.config = config;
    this.sink = config.uri();
    this.source = source;
    this.overrides = parseOverrides(config.ceOverrides());
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(min(config.requestTimeout(), config.timeout()))
            .build();
    if (sink == null) {
      log.warn(
          "no event sink configured (K_SINK / aegis.sink.url is empty): published events are"
              + " dropped; the reconcile sweep recovers the work they would have triggered");
    } else {
      log.info("publishing events to {} as {}", sink, source);
    }
  }

  @Override
  public void publish(String id, Reply event) {
    if (sink == null) {
      log.debug("no sink: event {} ({}) not published", id, event.type());
      return;
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(sink);
    headers(id, event).forEach(request::header);
    byte[] body = event.data() == null ? new byte[0] : Json.write(event.data());
    if (event.data() != null) {
      request.header("Content-Type", "application/json");
    }
    request.POST(HttpRequest.BodyPublishers.ofByteArray(body));

    long start = System.nanoTime();
    long deadline = start + config.timeout().toNanos();
    Duration backoff = config.initialBackoff();
    String lastFailure = "no attempt made";
    int attempt = 0;
    while (attempt < config.attempts()) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        break;
      }
      attempt++;
      Duration attemptTimeout = min(config.requestTimeout(), Duration.ofNanos(remaining));
      CompletableFuture<HttpResponse<String>> pending =
          client.sendAsync(
              request.timeout(attemptTimeout).build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      try {
        HttpResponse<String> response = pending.get(attemptTimeout.toNanos(), TimeUnit.NANOSECONDS);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          log.debug("published event {} ({}) to {} on attempt {}", id, event.type(), sink, attempt);
          return;
        }
        lastFailure = "HTTP " + status + abbreviate(response.body());
        if (!retryable(status)) {
          throw new AegisException(
              Reason.SINK_UNAVAILABLE,
              "the broker at "
                  + sink
                  + " refused event "
                  + id
                  + " ("
                  + event.type()
                  + ") with "
                  + lastFailure
                  + "; not retried");
        }
      } catch (TimeoutException e) {
        pending.cancel(true);
        lastFailure = "no answer within " + attemptTimeout.toMillis() + " ms";
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof HttpConnectTimeoutException) {
          lastFailure = "could not connect within " + attemptTimeout.toMillis() + " ms";
        } else if (cause instanceof HttpTimeoutException) {
          lastFailure = "no answer within " + attemptTimeout.toMillis() + " ms";
        } else {
          lastFailure = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
      } catch (InterruptedException e) {
        pending.cancel(true);
        Thread.currentThread().interrupt();
        throw new AegisException(
            Reason.SINK_UNAVAILABLE, "interrupted while publishing event " + id + " to " + sink);
      }
      log.debug(
          "publishing event {} to {} failed (attempt {}): {}", id, sink, attempt, lastFailure);
      if (attempt < config.attempts() && !pause(min(backoff, remainingUntil(deadline)))) {
        Thread.currentThread().interrupt();
        throw new AegisException(
            Reason.SINK_UNAVAILABLE, "interrupted while publishing event " + id + " to " + sink);
      }
      backoff = min(backoff.multipliedBy(2), config.maxBackoff());
    }
    throw new AegisException(
        Reason.SINK_UNAVAILABLE,
        "gave up publishing event "
            + id
            + " ("
            + event.type()
            + ") to "
            + sink
            + " after "
            + attempt
            + " attempt(s) in "
            + Duration.ofNanos(System.nanoTime() - start).toMillis()
            + " ms (limit "
            + config.attempts()
            + " attempts, "
            + config.timeout().toMillis()
            + " ms); last failure: "
            + lastFailure);
  }

  /** The extensions added to every event from {@code K_CE_OVERRIDES}. */
  public Map<String, String> overrides() {
    return overrides;
  }

  private Map<String, String> headers(String id, Reply event) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Ce-Specversion", "1.0");
    headers.put("Ce-Id", PercentEncoding.encode(id));
    headers.put("Ce-Source", PercentEncoding.encode(source));
    headers.put("Ce-Type", PercentEncoding.encode(event.type()));
    if (event.subject() != null && !event.subject().isEmpty()) {
      headers.put("Ce-Subject", PercentEncoding.encode(event.subject()));
    }
    overrides.forEach((name, value) -> headers.put("Ce-" + name, PercentEncoding.encode(value)));
    return headers;
  }

  /** Mirrors Knative's own delivery retry rule (EV {@code pkg/kncloudevents/retries.go}). */
  private static boolean retryable(int status) {
    return status >= 500 || status == 404 || status == 408 || status == 429;
  }

  /**
   * Parses {@code K_CE_OVERRIDES}: {@code {"extensions":{"name":"value",...}}}. Names must be valid
   * CloudEvent extension names that Knative Triggers can filter on.
   */
  static Map<String, String> parseOverrides(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    JsonNode root;
    try {
      root = Json.tree(json.getBytes(StandardCharsets.UTF_8), "K_CE_OVERRIDES");
    } catch (AegisException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    JsonNode extensions = root.path("extensions");
    if (!root.isObject() || !(extensions.isObject() || extensions.isMissingNode())) {
      throw new IllegalArgumentException(
          "K_CE_OVERRIDES must be {\"extensions\":{\"name\":\"value\"}}, got " + json);
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = extensions.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      if (!EXTENSION_NAME.matcher(name).matches() || RESERVED.contains(name)) {
        throw new IllegalArgumentException(
            "K_CE_OVERRIDES extension '"
                + name
                + "' is not a valid CloudEvent extension name (lower-case letters and digits,"
                + " starting with a letter, at most 20 characters, not a core attribute)");
      }
      JsonNode value = field.getValue();
      if (!value.isValueNode() || value.isNull()) {
        throw new IllegalArgumentException(
            "K_CE_OVERRIDES extension '" + name + "' must have a string, number or boolean value");
      }
      result.put(name, value.asText());
    }
    return Map.copyOf(result);
  }

  private static boolean pause(Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      return true;
    }
    try {
      TimeUnit.NANOSECONDS.sleep(duration.toNanos());
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  private static Duration remainingUntil(long deadline) {
    long remaining = deadline - System.nanoTime();
    return remaining <= 0 ? Duration.ZERO : Duration.ofNanos(remaining);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static String abbreviate(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String oneLine = body.strip().replaceAll("\\s+", " ");
    return ": "
        + (oneLine.length() > MAX_BODY_IN_MESSAGE
            ? oneLine.substring(0, MAX_BODY_IN_MESSAGE) + "..."
            : oneLine);
  }
}
