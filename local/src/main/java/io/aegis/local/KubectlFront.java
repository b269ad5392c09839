package io.aegis.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aegis.kernel.json.Json;
import io.aegis.local.ApiResources.ApiResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 *   <li>watches as streams of JSON lines ({@link WatchStream});
 *   <li>empty OpenAPI documents, so that {@code kubectl apply} works;
 *   <li>writes without kubectl's {@code fieldManager}/{@code fieldValidation} parameters, which
 *       confuse the mock server's {@code /status} handling.
 * </ul>
 */
final class KubectlFront implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KubectlFront.class);
  private static final ObjectMapper JSON = Json.MAPPER;

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
      Optional<ApiRequest> request = ApiRequest.parse(exchange.getRequestURI());
      Optional<ApiResource> resource =
          request.flatMap(r -> resources.find(r.group(), r.version(), r.plural()));
      if (request.isEmpty() || resource.isEmpty() || request.get().subresource() != null) {
        proxy(exchange);
        return;
      }
      boolean table = wantsTable(exchange);
      if (request.get().isWatch()) {
        WatchStream.serve(exchange, client, request.get(), resource.get(), table);
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

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
