package io.aegis.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aegis.local.ApiResources.ApiResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded API's address for kubectl. fabric8's mock server answers CRUD requests and WebSocket
 * watches (which fabric8 clients use), but not discovery, server-side printing, or the streamed
 * HTTP watches kubectl opens. This front door serves those itself and forwards every other request
 * to the mock server unchanged:
 *
 * <ul>
 *   <li>discovery: {@code /version}, {@code /api}, {@code /apis}, {@code /api/v1}, {@code
 *       /apis/<group>/<version>} ({@link ApiResources});
 *   <li>Tables for {@code get} and {@code get -w} ({@link TableConverter});
 *   <li>watches as a chunked stream of {@code {"type","object"}} lines, fed by a fabric8 watch on
 *       the mock server; with {@code resourceVersion=N} the mock server's replay of existing
 *       objects is dropped, as a real API server would not send it.
 * </ul>
 */
final class KubectlFront implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KubectlFront.class);
  private static final ObjectMapper JSON = Serialization.jsonMapper();
  private static final Duration HEARTBEAT = Duration.ofSeconds(20);

  private final HttpServer server;
  private final ExecutorService executor;
  private final URI backend;
  private final KubernetesClient client;
  private final ApiResources resources;
  private final HttpClient http;

  KubectlFront(int port, URI backend, KubernetesClient client) throws IOException {
    this.backend = backend;
    this.client = client;
    this.resources = new ApiResources(client);
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    this.executor = Executors.newCachedThreadPool(Daemons.factory("kubectl-front"));
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      if (!"GET".equals(exchange.getRequestMethod())) {
        proxy(exchange);
        return;
      }
      if (path.startsWith("/openapi/")) {
        openApi(exchange, path);
        return;
      }
      Optional<ObjectNode> discovery = discovery(path);
      if (discovery.isPresent()) {
        send(exchange, 200, discovery.get());
        return;
      }
      Optional<ResourcePath> target = ResourcePath.parse(path);
      Optional<ApiResource> resource =
          target.flatMap(t -> resources.find(t.group(), t.version(), t.plural()));
      if (target.isEmpty() || resource.isEmpty() || target.get().subresource() != null) {
        proxy(exchange);
        return;
      }
      boolean table = wantsTable(exchange);
      if ("true".equals(query.get("watch")) || "1".equals(query.get("watch"))) {
        watch(exchange, target.get(), resource.get(), query, table);
      } else if (table) {
        table(exchange, resource.get());
      } else {
        proxy(exchange);
      }
    } catch (RuntimeException e) {
      log.warn(
          "kubectl front: {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      sendStatus(exchange, 500, "InternalError", e.getMessage());
    }
  }

  private Optional<ObjectNode> discovery(String path) {
    String p =
        path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    if (p.equals("/version")) {
      return Optional.of(ApiResources.version());
    } else if (p.equals("/api")) {
      return Optional.of(ApiResources.coreVersions(url().getAuthority()));
    } else if (p.equals("/apis")) {
      return Optional.of(resources.groups());
    } else if (p.equals("/api/v1")) {
      return resources.resourceList("", "v1");
    }
    String[] s = p.split("/");
    if (s.length == 4 && s[1].equals("apis")) {
      return resources.resourceList(s[2], s[3]);
    }
    return Optional.empty();
  }

  /**
   * No OpenAPI documents: an empty v3 index and an empty (zero-byte protobuf) v2 document, with
   * which kubectl skips client-side schema validation instead of refusing to apply.
   */
  private static void openApi(HttpExchange exchange, String path) throws IOException {
    if (path.equals("/openapi/v2")) {
      exchange
          .getResponseHeaders()
          .set("Content-Type", "application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
      exchange.sendResponseHeaders(200, -1);
    } else if (path.equals("/openapi/v3")) {
      send(exchange, 200, JSON.createObjectNode().set("paths", JSON.createObjectNode()));
    } else {
      sendStatus(exchange, 404, "NotFound", "no OpenAPI document for " + path);
    }
  }

  private static boolean wantsTable(HttpExchange exchange) {
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    return accept != null && accept.contains("as=Table");
  }

  private void table(HttpExchange exchange, ApiResource resource) throws IOException {
    HttpResponse<byte[]> response = forward(exchange, "GET", new byte[0], "application/json");
    if (response.statusCode() != 200) {
      relay(exchange, response);
      return;
    }
    JsonNode body = JSON.readTree(response.body());
    Instant now = Instant.now();
    if (body.has("items")) {
      List<JsonNode> items = new ArrayList<>();
      body.path("items").forEach(items::add);
      String rv = body.path("metadata").path("resourceVersion").asText("");
      send(exchange, 200, TableConverter.table(resource, items, rv, now));
    } else {
      send(exchange, 200, TableConverter.table(resource, List.of(body), "", now));
    }
  }

  private void watch(
      HttpExchange exchange,
      ResourcePath target,
      ApiResource resource,
      Map<String, String> query,
      boolean table)
      throws IOException {
    long since = parseLong(query.get("resourceVersion"));
    String name = fieldSelectorName(query.get("fieldSelector"));
    Map<String, String> labels = labelSelector(query.get("labelSelector"));
    LinkedBlockingQueue<ObjectNode> events = new LinkedBlockingQueue<>();
    ResourceDefinitionContext context =
        new ResourceDefinitionContext.Builder()
            .withGroup(resource.group())
            .withVersion(resource.version())
            .withKind(resource.kind())
            .withPlural(resource.plural())
            .withNamespaced(resource.namespaced())
            .build();
    var operation = client.genericKubernetesResources(context);
    var scoped =
        target.namespace() == null
            ? operation.inAnyNamespace()
            : operation.inNamespace(target.namespace());
    Watcher<GenericKubernetesResource> watcher =
        new Watcher<>() {
          @Override
          public void eventReceived(Action action, GenericKubernetesResource object) {
            JsonNode item = JSON.valueToTree(object);
            long rv = parseLong(object.getMetadata().getResourceVersion());
            if ((action == Action.ADDED && since > 0 && rv <= since)
                || (name != null && !name.equals(object.getMetadata().getName()))
                || !matches(labels, object.getMetadata().getLabels())) {
              return;
            }
            ObjectNode event = JSON.createObjectNode().put("type", action.name());
            event.set(
                "object", table ? TableConverter.watchTable(resource, item, Instant.now()) : item);
            events.add(event);
          }

          @Override
          public void onClose(WatcherException cause) {
            events.add(JSON.createObjectNode().put("type", "CLOSED"));
          }
        };
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Transfer-Encoding", "chunked");
    exchange.sendResponseHeaders(200, 0);
    long timeout = parseLong(query.get("timeoutSeconds"));
    long deadline =
        timeout > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout) : Long.MAX_VALUE;
    OutputStream out = exchange.getResponseBody();
    try (Watch ignored =
        scoped.watch(new ListOptionsBuilder().withResourceVersion("0").build(), watcher)) {
      while (System.nanoTime() < deadline) {
        ObjectNode event = events.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        if (event != null && "CLOSED".equals(event.path("type").asText())) {
          break;
        }
        // A blank line between events is ignored by JSON stream decoders; it finds closed clients.
        out.write(
            event == null ? "\n".getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(event));
        if (event != null) {
          out.write('\n');
        }
        out.flush();
      }
    } catch (IOException e) {
      log.debug("kubectl watch on {} ended: {}", exchange.getRequestURI(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    return selector.entrySet().stream()
        .allMatch(e -> labels != null && e.getValue().equals(labels.get(e.getKey())));
  }

  private void proxy(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    relay(exchange, forward(exchange, exchange.getRequestMethod(), body, null));
  }

  private HttpResponse<byte[]> forward(
      HttpExchange exchange, String method, byte[] body, String accept) throws IOException {
    String rawQuery = withoutWriteOptions(exchange.getRequestURI().getRawQuery());
    URI uri =
        backend.resolve(
            exchange.getRequestURI().getRawPath() + (rawQuery == null ? "" : "?" + rawQuery));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    request.header("Accept", accept != null ? accept : "application/json");
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /**
   * kubectl adds {@code fieldManager} and {@code fieldValidation} to writes; the mock server then
   * misses a {@code /status} suffix and would write the main resource instead. Both are meaningless
   * here (no managed fields, no server-side validation).
   */
  static String withoutWriteOptions(String rawQuery) {
    if (rawQuery == null) {
      return null;
    }
    String kept =
        Arrays.stream(rawQuery.split("&"))
            .filter(p -> !p.startsWith("fieldManager=") && !p.startsWith("fieldValidation="))
            .collect(Collectors.joining("&"));
    return kept.isEmpty() ? null : kept;
  }

  private static void relay(HttpExchange exchange, HttpResponse<byte[]> response)
      throws IOException {
    exchange
        .getResponseHeaders()
        .set(
            "Content-Type",
            response.headers().firstValue("Content-Type").orElse("application/json"));
    byte[] body = response.body();
    exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static void sendStatus(HttpExchange exchange, int code, String reason, String message) {
    try {
      ObjectNode status =
          JSON.createObjectNode()
              .put("kind", "Status")
              .put("apiVersion", "v1")
              .put("status", "Failure");
      status.put("message", String.valueOf(message)).put("reason", reason).put("code", code);
      send(exchange, code, status);
    } catch (IOException | RuntimeException e) {
      log.debug("cannot answer {}: {}", exchange.getRequestURI(), e.getMessage());
    }
  }

  static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String key =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.put(key, value);
      }
    }
    return query;
  }

  private static String fieldSelectorName(String selector) {
    if (selector != null) {
      for (String term : selector.split(",")) {
        if (term.startsWith("metadata.name=")) {
          return term.substring("metadata.name=".length());
        }
      }
    }
    return null;
  }

  private static Map<String, String> labelSelector(String selector) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (selector != null && !selector.isBlank()) {
      for (String term : selector.split(",")) {
        String[] kv = term.split("==?", 2);
        if (kv.length == 2) {
          labels.put(kv[0].strip(), kv[1].strip());
        }
      }
    }
    return labels;
  }

  private static long parseLong(String value) {
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** A resource request path: {@code /api/v1/...} or {@code /apis/<group>/<version>/...}. */
  record ResourcePath(
      String group,
      String version,
      String namespace,
      String plural,
      String name,
      String subresource) {
    static Optional<ResourcePath> parse(String path) {
      String[] s = path.replaceAll("/+$", "").split("/");
      int at;
      String group;
      String version;
      if (s.length >= 4 && s[1].equals("api")) {
        group = "";
        version = s[2];
        at = 3;
      } else if (s.length >= 5 && s[1].equals("apis")) {
        group = s[2];
        version = s[3];
        at = 4;
      } else {
        return Optional.empty();
      }
      String namespace = null;
      if (s.length - at >= 3 && s[at].equals("namespaces")) {
        namespace = s[at + 1];
        at += 2;
      }
      String plural = s[at];
      String name = s.length > at + 1 ? s[at + 1] : null;
      String sub = s.length > at + 2 ? s[at + 2] : null;
      return Optional.of(new ResourcePath(group, version, namespace, plural, name, sub));
    }
  }
}
