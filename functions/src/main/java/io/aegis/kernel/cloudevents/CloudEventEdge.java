package io.aegis.kernel.cloudevents;

import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.aegis.kernel.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The CloudEvent HTTP edge of a function: {@code POST /} takes one CloudEvent in binary or
 * structured mode, calls the module's {@link CloudEventFunction}, and answers as Knative expects
 * (KNATIVE-NOTES §0.1, §3.4):
 *
 * <ul>
 *   <li>no reply: 202, empty body, no {@code ce-*} headers and no CloudEvents content type, so the
 *       broker can never mistake the answer for a reply event;
 *   <li>a reply: 200 with the reply in binary mode ({@code Ce-Specversion}, {@code Ce-Id}, {@code
 *       Ce-Source}, {@code Ce-Type}, {@code Ce-Subject}, {@code Content-Type: application/json});
 *       no inbound header is ever echoed;
 *   <li>a failure: {@code {"code":<status>,"message":"..."}} with the status of the {@link
 *       AegisException}'s {@link Reason} (permanent: 4xx, no redelivery; transient: 5xx, the broker
 *       retries), 400 for a malformed event or a type the function does not accept, 500 for any
 *       other exception.
 * </ul>
 *
 * While the function runs, the MDC carries {@code ce.id}, {@code ce.type}, {@code ce.subject} and,
 * when the event names a resource (ApiServerSource's {@code namespace}/{@code name} extensions),
 * {@code resource.namespace} and {@code resource.name}.
 */
@RestController
public class CloudEventEdge {
  public static final String MDC_ID = "ce.id";
  public static final String MDC_TYPE = "ce.type";
  public static final String MDC_SUBJECT = "ce.subject";
  public static final String MDC_RESOURCE_NAMESPACE = "resource.namespace";
  public static final String MDC_RESOURCE_NAME = "resource.name";

  private static final Logger log = LoggerFactory.getLogger(CloudEventEdge.class);

  private final CloudEventFunction function;
  private final String functionName;
  private final String replySource;

  /**
   * @param function the one function this edge serves
   * @param functionName its name ({@code spring.application.name}), for messages
   * @param replySource the {@code source} of replies, {@code /aegis/<functionName>}
   */
  public CloudEventEdge(CloudEventFunction function, String functionName, String replySource) {
    this.function = function;
    this.functionName = functionName;
    this.replySource = replySource;
  }

  @PostMapping(path = "/")
  public ResponseEntity<byte[]> receive(
      HttpServletRequest request, @RequestBody(required = false) byte[] body) {
    InboundEvent event;
    try {
      event = CloudEventParser.parse(headersOf(request), body);
    } catch (AegisException e) {
      log.warn("rejected a malformed CloudEvent: {}", e.getMessage());
      return failure(e.reason().httpStatus(), e.getMessage());
    }
    Map<String, String> previous = putMdc(event);
    try {
      return handle(event);
    } finally {
      restoreMdc(previous);
    }
  }

  private ResponseEntity<byte[]> handle(InboundEvent event) {
    if (!function.acceptedTypes().contains(event.type())) {
      String message =
          "event type '"
              + event.type()
              + "' is not handled by "
              + functionName
              + "; it accepts "
              + new TreeSet<>(function.acceptedTypes())
              + " (check the Trigger filter)";
      log.warn("event {} rejected: {}", event.id(), message);
      return failure(Reason.UNSUPPORTED_EVENT.httpStatus(), message);
    }
    Optional<Reply> result;
    try {
      result = function.apply(event);
    } catch (AegisException e) {
      // Known failure: the reason says everything, a stack trace would only add noise.
      log.warn(
          "event {} ({}) failed: {} ({}, {})",
          event.id(),
          event.type(),
          e.getMessage(),
          e.reason(),
          e.reason().isTransient() ? "transient, sender retries" : "permanent, not retried");
      return failure(e.reason().httpStatus(), e.getMessage());
    } catch (RuntimeException e) {
      log.error("event {} ({}) failed unexpectedly", event.id(), event.type(), e);
      return failure(
          HttpStatus.INTERNAL_SERVER_ERROR.value(),
          "unexpected "
              + e.getClass().getSimpleName()
              + " while handling event "
              + event.id()
              + "; see the log of "
              + functionName);
    }
    if (result == null) {
      log.error("{} returned null for event {}; it must return Optional", functionName, event.id());
      return failure(HttpStatus.INTERNAL_SERVER_ERROR.value(), functionName + " returned null");
    }
    if (result.isEmpty()) {
      log.debug("event {} ({}) handled, no reply", event.id(), event.type());
      return ResponseEntity.accepted().build();
    }
    return reply(event, result.get());
  }

  private ResponseEntity<byte[]> reply(InboundEvent event, Reply reply) {
    HttpHeaders headers = new HttpHeaders();
    headers.set("Ce-Specversion", "1.0");
    headers.set("Ce-Id", ReplyIds.of(event, reply.type()));
    headers.set("Ce-Source", PercentEncoding.encode(replySource));
    headers.set("Ce-Type", PercentEncoding.encode(reply.type()));
    if (reply.subject() != null && !reply.subject().isEmpty()) {
      headers.set("Ce-Subject", PercentEncoding.encode(reply.subject()));
    }
    log.debug("event {} ({}) answered with {}", event.id(), event.type(), reply.type());
    if (reply.data() == null) {
      return ResponseEntity.ok().headers(headers).build();
    }
    return ResponseEntity.ok()
        .headers(headers)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Json.write(reply.data()));
  }

  /** The error body shared by the edge: {@code {"code":<status>,"message":"..."}}. */
  static ResponseEntity<byte[]> failure(int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", status);
    body.put("message", message);
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Json.write(body));
  }

  private static Consumer<BiConsumer<String, String>> headersOf(HttpServletRequest request) {
    return visitor -> {
      for (String name : Collections.list(request.getHeaderNames())) {
        for (String value : Collections.list(request.getHeaders(name))) {
          visitor.accept(name, value);
        }
      }
    };
  }

  private static Map<String, String> putMdc(InboundEvent event) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(MDC_ID, event.id());
    values.put(MDC_TYPE, event.type());
    values.put(MDC_SUBJECT, event.subject());
    values.put(MDC_RESOURCE_NAMESPACE, event.extension("namespace"));
    values.put(MDC_RESOURCE_NAME, event.extension("name"));
    Map<String, String> previous = new LinkedHashMap<>();
    values.forEach(
        (key, value) -> {
          previous.put(key, MDC.get(key));
          if (value == null) {
            MDC.remove(key);
          } else {
            MDC.put(key, value);
          }
        });
    return previous;
  }

  private static void restoreMdc(Map<String, String> previous) {
    previous.forEach(
        (key, value) -> {
          if (value == null) {
            MDC.remove(key);
          } else {
            MDC.put(key, value);
          }
        });
  }
}
