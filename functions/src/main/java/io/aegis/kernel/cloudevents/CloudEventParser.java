package io.aegis.kernel.cloudevents;

import io.aegis.kernel.error.AegisException;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Reads one CloudEvent from an HTTP request (or response) into an {@link InboundEvent}: binary mode
 * ({@code ce-*} headers in any case, as Knative's Go senders write {@code Ce-Id}) and structured
 * mode ({@code Content-Type: application/cloudevents+json}). Parsing is the CloudEvents SDK's
 * ({@code cloudevents-http-basic} reader, {@code cloudevents-json-jackson} format), which has no
 * Spring dependency and so works on Spring 7, unlike {@code cloudevents-spring}'s HTTP support.
 *
 * <p>Anything that is not a complete CloudEvent 1.0 (missing {@code id}, {@code source}, {@code
 * type} or {@code specversion}, unreadable structured JSON, batches) is an {@link
 * AegisException#invalid invalid-input} error, which the edge answers with 400.
 */
public final class CloudEventParser {
  private static final String CE_PREFIX = "ce-";

  /** Parses from a header visitor, as the SDK does; header names may be in any case. */
  public static InboundEvent parse(
      Consumer<BiConsumer<String, String>> forEachHeader, byte[] body) {
    // Binary-mode attribute values are percent-encoded on the wire (HTTP binding 1.0.2); the SDK
    // reader passes them through verbatim, so decode them before it sees them.
    Consumer<BiConsumer<String, String>> decoded =
        visitor ->
            forEachHeader.accept(
                (name, value) ->
                    visitor.accept(
                        name,
                        isCeHeader(name) && value != null ? PercentEncoding.decode(value) : value));
    CloudEvent event;
    try {
      event = HttpMessageFactory.createReader(decoded, body).toEvent();
    } catch (CloudEventRWException e) {
      throw AegisException.invalid("not a valid CloudEvent: " + describe(e));
    } catch (EventDeserializationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw AegisException.invalid(
          "not a valid structured CloudEvent: " + firstLine(String.valueOf(cause.getMessage())));
    } catch (IllegalArgumentException | IllegalStateException e) {
      // The SDK reports missing attributes and bad spec versions with these.
      throw AegisException.invalid("not a valid CloudEvent: " + e.getMessage());
    }
    return toInbound(event);
  }

  /** Parses from a multi-valued header map (e.g. the JDK {@code HttpServer}'s headers). */
  public static InboundEvent parse(Map<String, List<String>> headers, byte[] body) {
    return parse(
        visitor -> headers.forEach((name, values) -> values.forEach(v -> visitor.accept(name, v))),
        body);
  }

  private static InboundEvent toInbound(CloudEvent event) {
    String id = event.getId();
    String type = event.getType();
    String source = event.getSource() == null ? null : event.getSource().toString();
    requireAttribute("id", id);
    requireAttribute("type", type);
    requireAttribute("source", source);
    Map<String, String> extensions = new LinkedHashMap<>();
    for (String name : event.getExtensionNames()) {
      Object value = event.getExtension(name);
      if (value != null) {
        extensions.put(name.toLowerCase(Locale.ROOT), String.valueOf(value));
      }
    }
    CloudEventData data = event.getData();
    return new InboundEvent(
        id,
        type,
        source,
        event.getSubject(),
        event.getDataContentType(),
        extensions,
        data == null ? null : data.toBytes());
  }

  private static void requireAttribute(String name, String value) {
    if (value == null || value.isBlank()) {
      throw AegisException.invalid(
          "not a valid CloudEvent: required attribute '" + name + "' is missing or empty");
    }
  }

  private static boolean isCeHeader(String name) {
    return name != null && name.regionMatches(true, 0, CE_PREFIX, 0, CE_PREFIX.length());
  }

  private static String describe(CloudEventRWException e) {
    if (e.getKind() == CloudEventRWException.CloudEventRWExceptionKind.UNKNOWN_ENCODING) {
      return "neither binary mode (no ce-specversion header) nor a supported structured format"
          + " (Content-Type application/cloudevents+json)";
    }
    Throwable cause = e.getCause();
    String message = e.getMessage();
    if (cause != null && cause.getMessage() != null) {
      message = message + ": " + firstLine(cause.getMessage());
    }
    return message;
  }

  private static String firstLine(String message) {
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private CloudEventParser() {}
}
