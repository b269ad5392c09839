package io.aegis.kernel.aot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aegis.kernel.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A throw-away, in-memory stand-in for the Kubernetes API, bound to the loopback interface, for
 * {@link AotTrainingWarmup} only: enough REST semantics (create, get, list, replace, patch, delete,
 * status subresource) for fabric8 to run its real request and response path. Patches are
 * acknowledged, not applied. Never used outside the AOT-cache training run.
 */
final class StubApiServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, ObjectNode> store = new TreeMap<>();
  private final AtomicLong version = new AtomicLong(1);
  private final AtomicLong requests = new AtomicLong();

  private StubApiServer(HttpServer server) {
    this.server = server;
  }

  static StubApiServer start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      StubApiServer stub = new StubApiServer(server);
      server.createContext("/", stub::handle);
      server.start();
      return stub;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return "http://"
        + server.getAddress().getHostString()
        + ":"
        + server.getAddress().getPort()
        + "/";
  }

  long requests() {
    return requests.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      requests.incrementAndGet();
      byte[] body = in.readAllBytes();
      String path = exchange.getRequestURI().getPath();
      String key = path.endsWith("/status") ? path.substring(0, path.length() - 7) : path;
      boolean collection = isCollection(key);
      synchronized (store) {
        switch (exchange.getRequestMethod()) {
          case "GET" -> {
            if (collection) {
              respond(exchange, 200, list(key));
            } else if (store.containsKey(key)) {
              respond(exchange, 200, store.get(key));
            } else {
              respond(exchange, 404, status(404, "NotFound"));
            }
          }
          case "POST" -> {
            ObjectNode object = stored((ObjectNode) Json.tree(body, "the object"));
            store.put(key + "/" + object.path("metadata").path("name").asText(), object);
            respond(exchange, 201, object);
          }
          case "PUT" -> {
            ObjectNode object = stored((ObjectNode) Json.tree(body, "the object"));
            store.put(key, object);
            respond(exchange, 200, object);
          }
          case "PATCH" -> {
            ObjectNode current = store.get(key);
            if (current == null) {
              respond(exchange, 404, status(404, "NotFound"));
            } else {
              respond(exchange, 200, stored(current));
            }
          }
          case "DELETE" -> {
            store.remove(key);
            respond(exchange, 200, status(200, "Success"));
          }
          default -> respond(exchange, 405, status(405, "MethodNotAllowed"));
        }
      }
    }
  }

  /**
   * {@code /api/v1[/namespaces/<ns>]/<plural>} or {@code /apis/<g>/<v>[/namespaces/<ns>]/<plural>}.
   */
  static boolean isCollection(String path) {
    String[] s = path.replaceAll("^/+|/+$", "").split("/");
    int base = s.length > 0 && s[0].equals("api") ? 2 : 3;
    int rest = s.length - base;
    if (rest >= 3 && s[base].equals("namespaces")) {
      rest -= 2;
    }
    return rest == 1;
  }

  private ObjectNode stored(ObjectNode object) {
    ObjectNode metadata = object.with("metadata");
    metadata.put("resourceVersion", Long.toString(version.incrementAndGet()));
    if (!metadata.has("uid")) {
      metadata.put("uid", UUID.randomUUID().toString());
      metadata.put("creationTimestamp", "2026-01-01T00:00:00Z");
    }
    return object;
  }

  private JsonNode list(String prefix) {
    ObjectNode list = Json.MAPPER.createObjectNode();
    list.put("apiVersion", "v1");
    list.put("kind", "List");
    list.putObject("metadata").put("resourceVersion", Long.toString(version.get()));
    ArrayNode items = list.putArray("items");
    store.forEach(
        (k, v) -> {
          if (k.startsWith(prefix + "/") && k.indexOf('/', prefix.length() + 1) < 0) {
            items.add(v);
          }
        });
    return list;
  }

  private static JsonNode status(int code, String reason) {
    ObjectNode status = Json.MAPPER.createObjectNode();
    status.put("apiVersion", "v1");
    status.put("kind", "Status");
    status.put("status", code < 400 ? "Success" : "Failure");
    status.put("reason", reason);
    status.put("code", code);
    return status;
  }

  private static void respond(HttpExchange exchange, int code, JsonNode body) throws IOException {
    byte[] bytes = Json.write(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
