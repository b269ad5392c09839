package io.aegis.kernel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegis.kernel.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Sends CloudEvents over real HTTP the way Knative does: binary mode with Go's canonical header
 * case ({@code Content-Type}, {@code Ce-Id}, {@code Ce-Type}, {@code Ce-Knativearrivaltime}...) and
 * structured mode ({@code Content-Type: application/cloudevents+json; charset=UTF-8}).
 *
 * <pre>{@code
 * CloudEventsHttp http = CloudEventsHttp.to(port);
 * HttpResponse<String> r = http.binary(CloudEventsHttp.event(AlertRecorded.TYPE)
 *     .subject("default/my-alert").data(Json.write(payload)));
 * assertThat(CloudEventsHttp.ceHeaderNames(r)).isEmpty();
 * }</pre>
 */
public final class CloudEventsHttp {
  private final URI target;
  private final HttpClient client;

  private CloudEventsHttp(URI target) {
    this.target = target;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** Sends to {@code http://localhost:<port>/}, where the kernel edge listens. */
  public static CloudEventsHttp to(int port) {
    return to(URI.create("http://localhost:" + port + "/"));
  }

  public static CloudEventsHttp to(URI target) {
    return new CloudEventsHttp(target);
  }

  /**
   * A new event of {@code type} with a random id, source {@code /aegis/test}, spec version 1.0 and
   * no data.
   */
  public static Event event(String type) {
    return new Event(type);
  }

  /** POSTs {@code event} in binary mode: attributes as {@code Ce-*} headers, data as the body. */
  public HttpResponse<String> binary(Event event) {
    return post(target, event.binaryHeaders(), event.data);
  }

  /** POSTs {@code event} in structured mode: the whole event as one JSON document. */
  public HttpResponse<String> structured(Event event) {
    return post(
        target,
        Map.of("Content-Type", "application/cloudevents+json; charset=UTF-8"),
        event.structuredJson());
  }

  /** POSTs anything to the edge, e.g. a malformed event; headers are sent in the given case. */
  public HttpResponse<String> post(Map<String, String> headers, String body) {
    return post(target, headers, body);
  }

  /** POSTs to another path of the same server (e.g. to probe that nothing else answers). */
  public HttpResponse<String> post(String path, Map<String, String> headers, String body) {
    return post(target.resolve(path), headers, body);
  }

  private HttpResponse<String> post(URI uri, Map<String, String> headers, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    headers.forEach(request::header);
    request.POST(
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("POST " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while POSTing to " + uri, e);
    }
  }

  /** The names (lower-cased) of every {@code ce-*} header of a response. */
  public static Set<String> ceHeaderNames(HttpResponse<?> response) {
    Set<String> names = new TreeSet<>();
    for (String name : response.headers().map().keySet()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith("ce-")) {
        names.add(lower);
      }
    }
    return names;
  }

  /** A response header, case-insensitively. */
  public static Optional<String> header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name);
  }

  /**
   * True when a response would be taken for a reply event by a Knative broker: it carries {@code
   * ce-specversion} or a CloudEvents content type (KNATIVE-NOTES §0.1).
   */
  public static boolean looksLikeCloudEvent(HttpResponse<?> response) {
    boolean ceHeaders = !ceHeaderNames(response).isEmpty();
    boolean ceContentType =
        header(response, "Content-Type")
            .map(v -> v.toLowerCase(Locale.ROOT).startsWith("application/cloudevents"))
            .orElse(false);
    return ceHeaders || ceContentType;
  }

  /** A CloudEvent to send; mutable and fluent. Set a field to null to leave it out. */
  public static final class Event {
    private String id = UUID.randomUUID().toString();
    private String type;
    private String source = "/aegis/test";
    private String specVersion = "1.0";
    private String subject;
    private String dataContentType = "application/json";
    private final Map<String, String> extensions = new LinkedHashMap<>();
    private String data;

    private Event(String type) {
      this.type = type;
    }

    public Event id(String id) {
      this.id = id;
      return this;
    }

    public Event type(String type) {
      this.type = type;
      return this;
    }

    public Event source(String source) {
      this.source = source;
      return this;
    }

    public Event specVersion(String specVersion) {
      this.specVersion = specVersion;
      return this;
    }

    public Event subject(String subject) {
      this.subject = subject;
      return this;
    }

    public Event dataContentType(String dataContentType) {
      this.dataContentType = dataContentType;
      return this;
    }

    /** An extension attribute, e.g. ApiServerSource's {@code kind} or {@code namespace}. */
    public Event extension(String name, String value) {
      extensions.put(name, value);
      return this;
    }

    /** The event data as text (JSON when the content type is JSON). */
    public Event data(String data) {
      this.data = data;
      return this;
    }

    /** The event data serialised with the kernel's JSON mapper. */
    public Event jsonData(Object value) {
      this.dataContentType = "application/json";
      this.data = new String(Json.write(value), StandardCharsets.UTF_8);
      return this;
    }

    public String id() {
      return id;
    }

    public String type() {
      return type;
    }

    public String source() {
      return source;
    }

    /** Headers in canonical case, values as given (tests of encoding set them explicitly). */
    public Map<String, String> binaryHeaders() {
      Map<String, String> headers = new LinkedHashMap<>();
      putIfSet(headers, "Ce-Specversion", specVersion);
      putIfSet(headers, "Ce-Id", id);
      putIfSet(headers, "Ce-Source", source);
      putIfSet(headers, "Ce-Type", type);
      putIfSet(headers, "Ce-Subject", subject);
      extensions.forEach((name, value) -> putIfSet(headers, canonical("ce-" + name), value));
      if (data != null) {
        putIfSet(headers, "Content-Type", dataContentType);
      }
      return headers;
    }

    /** The event as a structured-mode JSON document. */
    public String structuredJson() {
      ObjectNode json = Json.MAPPER.createObjectNode();
      putIfSet(json, "specversion", specVersion);
      putIfSet(json, "id", id);
      putIfSet(json, "source", source);
      putIfSet(json, "type", type);
      putIfSet(json, "subject", subject);
      extensions.forEach((name, value) -> putIfSet(json, name, value));
      if (data != null) {
        putIfSet(json, "datacontenttype", dataContentType);
        if (dataContentType != null && dataContentType.toLowerCase(Locale.ROOT).contains("json")) {
          JsonNode tree = Json.tree(data.getBytes(StandardCharsets.UTF_8), "test event data");
          json.set("data", tree);
        } else {
          json.put("data", data);
        }
      }
      return json.toString();
    }

    private static void putIfSet(Map<String, String> headers, String name, String value) {
      if (value != null) {
        headers.put(name, value);
      }
    }

    private static void putIfSet(ObjectNode json, String name, String value) {
      if (value != null) {
        json.put(name, value);
      }
    }

    /** Go's canonical MIME header case: {@code ce-apiversion} → {@code Ce-Apiversion}. */
    static String canonical(String name) {
      StringBuilder out = new StringBuilder(name.length());
      boolean upper = true;
      for (char c : name.toCharArray()) {
        out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
        upper = c == '-';
      }
      return out.toString();
    }
  }
}
