package io.aegis.local;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.fabric8.knative.duck.v1.DeliverySpec;
import io.fabric8.knative.duck.v1.DeliverySpecBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one event to one subscriber the way Knative's dispatcher does: binary mode (structured when
 * {@code delivery.format: json}), {@code Prefer: reply}, a per-attempt timeout, retries with linear
 * or exponential backoff for network errors and HTTP 5xx, 404, 408, 409 and 429 (never for other
 * 4xx), then the dead letter. A 2xx answer carrying a CloudEvent is the reply; a 2xx with any other
 * non-empty body is a failure (the broker answers such a subscriber 502).
 */
final class Delivery {
  private static final Logger log = LoggerFactory.getLogger(Delivery.class);
  private static final EventFormat JSON_FORMAT =
      EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

  /** Knative's default when neither the Trigger nor the Broker says (config-br-defaults). */
  static final DeliverySpec DEFAULT =
      new DeliverySpecBuilder()
          .withRetry(10)
          .withBackoffPolicy("exponential")
          .withBackoffDelay("PT0.2S")
          .build();

  /** Why a delivery gave up. */
  record Failure(String trigger, URI target, int attempts, String reason, CloudEvent event) {}

  private final HttpClient http;
  private final ScheduledExecutorService scheduler;

  Delivery(HttpClient http, ScheduledExecutorService scheduler) {
    this.http = http;
    this.scheduler = scheduler;
  }

  /** Starts delivering; {@code onReply} and {@code onDeadLetter} are called at most once. */
  void deliver(
      String trigger,
      CloudEvent event,
      URI target,
      DeliverySpec spec,
      Consumer<CloudEvent> onReply,
      Consumer<Failure> onDeadLetter) {
    attempt(new Attempt(trigger, event, target, spec, onReply, onDeadLetter), 0);
  }

  private record Attempt(
      String trigger,
      CloudEvent event,
      URI target,
      DeliverySpec spec,
      Consumer<CloudEvent> onReply,
      Consumer<Failure> onDeadLetter) {}

  private void attempt(Attempt a, int retry) {
    HttpRequest request = request(a.event(), a.target(), a.spec());
    http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .whenComplete(
            (response, error) -> {
              String reason;
              boolean retryable;
              if (error != null) {
                reason = "network error: " + error;
                retryable = true;
              } else if (response.statusCode() / 100 == 2) {
                Answer answer = answer(response);
                if (answer.problem() == null) {
                  log.debug("{} delivered {} to {}", a.trigger(), a.event().getId(), a.target());
                  if (answer.reply() != null) {
                    a.onReply().accept(answer.reply());
                  }
                  return;
                }
                reason = answer.problem();
                retryable = true;
              } else {
                int code = response.statusCode();
                reason = "HTTP " + code + ": " + excerpt(response.body());
                retryable = code >= 500 || code == 404 || code == 408 || code == 409 || code == 429;
              }
              int retries = a.spec().getRetry() == null ? 0 : a.spec().getRetry();
              if (retryable && retry < retries) {
                Duration backoff = backoff(a.spec(), retry + 1);
                log.info(
                    "{}: event {} to {} failed ({}), retry {}/{} in {} ms",
                    a.trigger(),
                    a.event().getId(),
                    a.target(),
                    reason,
                    retry + 1,
                    retries,
                    backoff.toMillis());
                scheduler.schedule(
                    () -> attempt(a, retry + 1), backoff.toMillis(), TimeUnit.MILLISECONDS);
              } else {
                a.onDeadLetter()
                    .accept(new Failure(a.trigger(), a.target(), retry + 1, reason, a.event()));
              }
            });
  }

  private static HttpRequest request(CloudEvent event, URI target, DeliverySpec spec) {
    HttpRequest.Builder request = HttpRequest.newBuilder(target).header("Prefer", "reply");
    if (spec.getTimeout() != null) {
      request.timeout(Duration.parse(spec.getTimeout()));
    }
    if ("json".equals(spec.getFormat())) {
      request.header("Content-Type", JsonFormat.CONTENT_TYPE);
      request.POST(HttpRequest.BodyPublishers.ofByteArray(JSON_FORMAT.serialize(event)));
    } else {
      byte[][] body = {new byte[0]};
      HttpMessageFactory.createWriter(request::header, b -> body[0] = b == null ? new byte[0] : b)
          .writeBinary(event);
      request.POST(HttpRequest.BodyPublishers.ofByteArray(body[0]));
    }
    return request.build();
  }

  /** A 2xx answer: the reply (null when empty), or why it is a failure. */
  private record Answer(CloudEvent reply, String problem) {}

  private static Answer answer(HttpResponse<byte[]> response) {
    HttpHeaders headers = response.headers();
    String contentType = headers.firstValue("Content-Type").orElse("");
    if (headers.firstValue("ce-specversion").isPresent()
        || contentType.startsWith("application/cloudevents")) {
      try {
        return new Answer(CloudEvents.read(headers(headers), response.body()), null);
      } catch (IllegalArgumentException e) {
        return new Answer(
            null, "HTTP " + response.statusCode() + " with an invalid reply: " + e.getMessage());
      }
    }
    if (response.body().length > 0) {
      return new Answer(
          null,
          "HTTP "
              + response.statusCode()
              + " with a body that is not a CloudEvent: "
              + excerpt(response.body()));
    }
    return new Answer(null, null);
  }

  private static Map<String, String> headers(HttpHeaders headers) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.map().forEach((k, v) -> map.put(k, String.join(",", v)));
    return map;
  }

  static Duration backoff(DeliverySpec spec, int retry) {
    Duration delay =
        spec.getBackoffDelay() == null ? Duration.ZERO : Duration.parse(spec.getBackoffDelay());
    long millis =
        "linear".equals(spec.getBackoffPolicy())
            ? delay.toMillis() * retry
            : delay.toMillis() * (1L << Math.min(retry, 20));
    return Duration.ofMillis(millis);
  }

  static String excerpt(byte[] body) {
    String s = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
