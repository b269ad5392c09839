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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A throw-away, in-memory stand-in for the Kubernetes API, bound to the loopback interface, for
 * {@link AotTrainingWarmup} only: enough REST semantics (create, get, list, replace, patch, delete,
 * status subresource, lists across namespaces) for fabric8 to run its real request and response
 * path. JSON Patches and merge patches are applied (without their tests and guards); label and
 * field selectors are ignored; a watch is an open stream that never sends an event (fabric8, whose
 * WebSocket upgrade the stub answers with a plain 200, falls back to watching over HTTP as it does
 * behind proxies without WebSockets), so an informer can start. Never used outside the AOT-cache
 * training run.
 */
final class StubApiServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Map<String, ObjectNode> store = new TreeMap<>();
  private final AtomicLong version = new AtomicLong(1);
  private final AtomicLong requests = new AtomicLong();

  private StubApiServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static StubApiServer start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      // Threads of their own: a watch holds one until the stub closes.
      ExecutorService executor =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "aot-training-stub-api");
                t.setDaemon(true);
                return t;
              });
      server.setExecutor(executor);
      StubApiServer stub = new StubApiServer(server, executor);
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
      if (collection && isWatch(exchange.getRequestURI().getRawQuery())) {
        if ("websocket".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Upgrade"))) {
          // No WebSockets here: a plain 200 makes fabric8 watch over HTTP instead.
          exchange.sendResponseHeaders(200, -1);
        } else {
          watch(exchange);
        }
        return;
      }
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
            ObjectNode metadata = object.with("metadata");
            if (metadata.path("name").asText("").isEmpty()) {
              metadata.put(
                  "name",
                  metadata.path("generateName").asText("object-")
                      + Long.toString(version.get(), 36));
            }
            store.put(key + "/" + metadata.path("name").asText(), object);
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
              String type = exchange.getRequestHeaders().getFirst("Content-Type");
              JsonNode patch = Json.tree(body, "the patch");
              ObjectNode patched = current.deepCopy();
              if (type != null && type.startsWith("application/json-patch") && patch.isArray()) {
                patch.forEach(op -> applyOperation(patched, op));
              } else if (patch.isObject()) {
                merge(patched, (ObjectNode) patch);
              }
              store.put(key, stored(patched));
              respond(exchange, 200, patched);
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

  /** One RFC 6902 operation ({@code add}, {@code replace}, {@code remove}; others skipped). */
  static void applyOperation(ObjectNode document, JsonNode op) {
    String[] path = op.path("path").asText("").split("/", -1);
    if (path.length < 2) {
      return;
    }
    JsonNode parent = document;
    for (int i = 1; i < path.length - 1 && parent != null; i++) {
      String token = unescape(path[i]);
      JsonNode next = parent.isArray() ? parent.get(index(token)) : parent.get(token);
      if (next == null && parent.isObject() && op.path("op").asText().equals("add")) {
        next = ((ObjectNode) parent).putObject(token);
      }
      parent = next;
    }
    String last = unescape(path[path.length - 1]);
    String kind = op.path("op").asText();
    if (parent instanceof ObjectNode object) {
      switch (kind) {
        case "add", "replace" -> object.set(last, op.get("value"));
        case "remove" -> object.remove(last);
        default -> {}
      }
    } else if (parent instanceof ArrayNode array) {
      int i = last.equals("-") ? array.size() : index(last);
      if (i < 0 || i > array.size() || (i == array.size() && !kind.equals("add"))) {
        return;
      }
      switch (kind) {
        case "add" -> array.insert(i, op.get("value"));
        case "replace" -> array.set(i, op.get("value"));
        case "remove" -> array.remove(i);
        default -> {}
      }
    }
  }

  /** RFC 7386 merge of {@code patch} into {@code target}. */
  static void merge(ObjectNode target, ObjectNode patch) {
    patch
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode value = e.getValue();
              if (value.isNull()) {
                target.remove(e.getKey());
              } else if (value.isObject() && target.get(e.getKey()) instanceof ObjectNode inner) {
                merge(inner, (ObjectNode) value);
              } else {
                target.set(e.getKey(), value);
              }
            });
  }

  private static String unescape(String token) {
    return token.replace("~1", "/").replace("~0", "~");
  }

  private static int index(String token) {
    try {
      return Integer.parseInt(token);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static boolean isWatch(String query) {
    return query != null && (query.contains("watch=true") || query.contains("watch=1"));
  }

  /** An open stream without events, until the stub closes. */
  private void watch(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    exchange.getResponseBody().flush();
    try {
      closed.await(5, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
    Pattern member = memberOf(prefix);
    store.forEach(
        (k, v) -> {
          if (member.matcher(k).matches()) {
            items.add(v);
          }
        });
    return list;
  }

  /**
   * Keys of the objects in collection {@code path}: {@code <path>/<name>}; for a namespaced kind
   * listed across namespaces ({@code /apis/<g>/<v>/<plural>}) also those of every namespace.
   */
  static Pattern memberOf(String path) {
    String[] s = path.replaceAll("^/+|/+$", "").split("/");
    int base = s.length > 0 && s[0].equals("api") ? 2 : 3;
    String direct = Pattern.quote(path) + "/[^/]+";
    if (s.length == base + 1 && !s[base].equals("namespaces")) {
      String group = "/" + String.join("/", java.util.Arrays.copyOf(s, base));
      return Pattern.compile(
          direct
              + "|"
              + Pattern.quote(group + "/namespaces/")
              + "[^/]+"
              + Pattern.quote("/" + s[base] + "/")
              + "[^/]+");
    }
    return Pattern.compile(direct);
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
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
