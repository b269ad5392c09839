package io.aegis.kernel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.aegis.kernel.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A local OpenAI-compatible chat server for tests, so the real langchain4j client code runs.
 *
 * <p>Answers {@code POST /v1/chat/completions} and {@code POST /chat/completions} in the OpenAI
 * response format. Answers are scripted: first from the queue ({@link #enqueue}, {@link
 * #enqueueError}, {@link #enqueueSlow}, {@link #enqueueHang}), then from the responder ({@link
 * #respondWith}); with neither, the server answers HTTP 500 "no scripted answer" so a missing
 * script fails the test visibly. Every request is recorded ({@link #requests()}) so tests can
 * assert on the prompt that left the process.
 *
 * <pre>{@code
 * try (var llm = FakeOpenAiServer.start()) {
 *   llm.enqueue("{\"type\":\"GpuXid\", ...}");
 *   // aegis.ai.base-url=llm.baseUrl(), aegis.ai.api-key=FakeOpenAiServer.API_KEY
 *   ...
 *   assertThat(llm.lastRequest().userMessage()).contains("Xid 79");
 * }
 * }</pre>
 */
public final class FakeOpenAiServer implements AutoCloseable {
  /** A key tests can configure; the server does not check keys unless {@link #requireApiKey}. */
  public static final String API_KEY = "sk-test-aegis-fake-key";

  /** Model name reported when the request names none. */
  public static final String DEFAULT_MODEL = "fake-gpt";

  private final ConcurrentLinkedQueue<Script> queue = new ConcurrentLinkedQueue<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final LoopbackHttpServer server = new LoopbackHttpServer("fake-openai");
  private volatile Function<RecordedRequest, String> responder;
  private volatile String requiredApiKey;

  private FakeOpenAiServer() {}

  /** Starts a server on a random loopback port. */
  public static FakeOpenAiServer start() {
    FakeOpenAiServer fake = new FakeOpenAiServer();
    fake.server.start(fake::handle);
    return fake;
  }

  /** Base URL including {@code /v1}, as {@code aegis.ai.base-url} expects it. */
  public String baseUrl() {
    return rootUrl() + "/v1";
  }

  /** Base URL without a version path (the server also answers {@code /chat/completions}). */
  public String rootUrl() {
    return server.url();
  }

  /** Queues an answer whose assistant message content is {@code content}. */
  public FakeOpenAiServer enqueue(String content) {
    queue.add(new Script(200, content, null, Duration.ZERO, false, null));
    return this;
  }

  /** Queues an answer reporting the given token usage. */
  public FakeOpenAiServer enqueue(String content, int promptTokens, int completionTokens) {
    queue.add(
        new Script(
            200, content, null, Duration.ZERO, false, new int[] {promptTokens, completionTokens}));
    return this;
  }

  /** Queues an answer cut off by the token limit ({@code finish_reason: length}). */
  public FakeOpenAiServer enqueueTruncated(String content) {
    queue.add(new Script(200, content, "length", Duration.ZERO, false, null));
    return this;
  }

  /** Queues an HTTP error answer with an OpenAI-style error body. */
  public FakeOpenAiServer enqueueError(int status, String message) {
    queue.add(new Script(status, message, null, Duration.ZERO, false, null));
    return this;
  }

  /** Queues an answer sent only after {@code delay} (to measure latency). */
  public FakeOpenAiServer enqueueSlow(Duration delay, String content) {
    queue.add(new Script(200, content, null, delay, false, null));
    return this;
  }

  /**
   * Queues a request that never gets an answer while the server runs (the client must time out).
   * The handler is released by {@link #close()}.
   */
  public FakeOpenAiServer enqueueHang() {
    queue.add(new Script(200, "", null, Duration.ZERO, true, null));
    return this;
  }

  /** Answers every request not covered by the queue with {@code responder}'s content. */
  public FakeOpenAiServer respondWith(Function<RecordedRequest, String> responder) {
    this.responder = responder;
    return this;
  }

  /** Answers 401 to requests without {@code Authorization: Bearer <key>}. */
  public FakeOpenAiServer requireApiKey(String key) {
    this.requiredApiKey = key;
    return this;
  }

  /** Every request received so far, in order. */
  public List<RecordedRequest> requests() {
    return Collections.unmodifiableList(new ArrayList<>(requests));
  }

  public int requestCount() {
    return requests.size();
  }

  /** The last request received; fails when there was none. */
  public RecordedRequest lastRequest() {
    if (requests.isEmpty()) {
      throw new AssertionError("the fake OpenAI server received no request");
    }
    return requests.get(requests.size() - 1);
  }

  @Override
  public void close() {
    server.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, String> headers = new LinkedHashMap<>();
      exchange
          .getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      boolean chat =
          "POST".equals(exchange.getRequestMethod())
              && (path.equals("/v1/chat/completions") || path.equals("/chat/completions"));
      if (!chat) {
        send(exchange, 404, error("no route for " + exchange.getRequestMethod() + " " + path));
        return;
      }
      RecordedRequest request =
          new RecordedRequest(path, headers, new String(body, StandardCharsets.UTF_8));
      requests.add(request);
      if (requiredApiKey != null
          && !("Bearer " + requiredApiKey).equals(headers.get("authorization"))) {
        send(exchange, 401, error("Incorrect API key provided"));
        return;
      }
      Script script = queue.poll();
      if (script == null) {
        Function<RecordedRequest, String> r = responder;
        if (r == null) {
          send(exchange, 500, error("no scripted answer"));
          return;
        }
        script = new Script(200, r.apply(request), null, Duration.ZERO, false, null);
      }
      if (script.hang()) {
        server.awaitClose(Duration.ofMinutes(5));
        return;
      }
      if (!script.delay().isZero()) {
        server.awaitClose(script.delay());
      }
      if (script.status() != 200) {
        send(exchange, script.status(), error(script.content()));
        return;
      }
      send(exchange, 200, completion(request, script));
    }
  }

  private byte[] completion(RecordedRequest request, Script script) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("id", "chatcmpl-fake-" + ids.incrementAndGet());
    root.put("object", "chat.completion");
    root.put("created", System.currentTimeMillis() / 1000);
    root.put("model", request.model().orElse(DEFAULT_MODEL));
    ArrayNode choices = root.putArray("choices");
    ObjectNode choice = choices.addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", script.content());
    choice.put("finish_reason", script.finishReason() == null ? "stop" : script.finishReason());
    int promptTokens =
        script.tokens() != null
            ? script.tokens()[0]
            : estimateTokens(String.join("\n", request.messageContents()));
    int completionTokens =
        script.tokens() != null ? script.tokens()[1] : estimateTokens(script.content());
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", completionTokens);
    usage.put("total_tokens", promptTokens + completionTokens);
    return Json.write(root);
  }

  private static int estimateTokens(String text) {
    return Math.max(1, text.length() / 4);
  }

  private static byte[] error(String message) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("message", message);
    error.put("type", "fake_error");
    return Json.write(root);
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private record Script(
      int status,
      String content,
      String finishReason,
      Duration delay,
      boolean hang,
      int[] tokens) {}

  /** One request as the server received it. */
  public record RecordedRequest(String path, Map<String, String> headers, String body) {

    /** The request body as a JSON tree. */
    public JsonNode json() {
      return Json.tree(body.getBytes(StandardCharsets.UTF_8), "chat request");
    }

    /** A header by lower-case name. */
    public Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public Optional<String> model() {
      JsonNode model = json().get("model");
      return model == null || model.isNull() ? Optional.empty() : Optional.of(model.asText());
    }

    /** The {@code (role, content)} of each message, in order. */
    public List<Map.Entry<String, String>> messages() {
      List<Map.Entry<String, String>> out = new ArrayList<>();
      for (JsonNode m : json().path("messages")) {
        out.add(Map.entry(m.path("role").asText(), content(m.path("content"))));
      }
      return out;
    }

    public List<String> messageContents() {
      return messages().stream().map(Map.Entry::getValue).toList();
    }

    /** The system message's content, or empty when the request has none. */
    public Optional<String> systemMessage() {
      return messages().stream()
          .filter(m -> m.getKey().equals("system"))
          .map(Map.Entry::getValue)
          .findFirst();
    }

    /** The last user message's content; fails when there is none. */
    public String userMessage() {
      List<Map.Entry<String, String>> users =
          messages().stream().filter(m -> m.getKey().equals("user")).toList();
      if (users.isEmpty()) {
        throw new AssertionError("request has no user message: " + body);
      }
      return users.get(users.size() - 1).getValue();
    }

    private static String content(JsonNode content) {
      if (content.isTextual()) {
        return content.asText();
      }
      // Multi-part content: [{"type":"text","text":"..."}]
      StringBuilder text = new StringBuilder();
      for (JsonNode part : content) {
        text.append(part.path("text").asText());
      }
      return text.toString();
    }
  }
}
