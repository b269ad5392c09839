package io.aegis.kernel.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.aegis.kernel.testing.FakeOpenAiServer;
import io.aegis.kernel.testing.FakeOpenAiServer.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real langchain4j OpenAI client against a local fake server. */
class OpenAiLlmClientTest {
  private final FakeOpenAiServer llm = FakeOpenAiServer.start();

  @AfterEach
  void stop() {
    llm.close();
  }

  static AiProperties properties(String baseUrl, Duration timeout, int maxRetries) {
    return new AiProperties(
        URI.create(baseUrl),
        "gpt-test",
        FakeOpenAiServer.API_KEY,
        timeout,
        512,
        0.2,
        maxRetries,
        2000,
        Language.EN,
        null,
        AiProperties.Redact.all(),
        Duration.ofMinutes(10),
        100);
  }

  private LlmClient client() {
    return client(properties(llm.baseUrl(), Duration.ofSeconds(10), 0));
  }

  private static LlmClient client(AiProperties properties) {
    return LlmClientFactory.create(properties, Redactor.from(properties.redact()));
  }

  @Test
  void returnsTheAnswerWithModelTokensAndLatency() {
    llm.enqueue("Healthy: No", 120, 30);

    LlmAnswer answer = client().ask("You diagnose pods.", "Pod web-0 is OOMKilled");

    assertThat(answer.text()).isEqualTo("Healthy: No");
    assertThat(answer.model()).isEqualTo("gpt-test");
    assertThat(answer.inputTokens()).isEqualTo(120);
    assertThat(answer.outputTokens()).isEqualTo(30);
    assertThat(answer.latency()).isPositive();
    assertThat(answer.truncated()).isFalse();
    assertThat(answer.usage(false))
        .satisfies(
            u -> {
              assertThat(u.model).isEqualTo("gpt-test");
              assertThat(u.inputTokens).isEqualTo(120);
              assertThat(u.outputTokens).isEqualTo(30);
              assertThat(u.cached).isFalse();
            });
  }

  @Test
  void sendsSystemAndUserMessagesWithTheConfiguredModelKeyAndLimits() {
    llm.enqueue("ok");

    client().ask("You diagnose pods.", "Pod web-0 is OOMKilled");

    RecordedRequest request = llm.lastRequest();
    assertThat(request.path()).isEqualTo("/v1/chat/completions");
    assertThat(request.header("Authorization")).hasValue("Bearer " + FakeOpenAiServer.API_KEY);
    assertThat(request.messages())
        .containsExactly(
            Map.entry("system", "You diagnose pods."), Map.entry("user", "Pod web-0 is OOMKilled"));
    JsonNode json = request.json();
    assertThat(json.path("model").asText()).isEqualTo("gpt-test");
    assertThat(json.path("temperature").asDouble()).isEqualTo(0.2);
    assertThat(json.path("max_tokens").asInt()).isEqualTo(512);
  }

  @Test
  void skipsABlankSystemPrompt() {
    llm.enqueue("ok");

    client().ask("", "just the data");

    assertThat(llm.lastRequest().messages()).containsExactly(Map.entry("user", "just the data"));
  }

  @Test
  void worksWithAServerWithoutVersionPath() {
    llm.enqueue("ok");

    client(properties(llm.rootUrl(), Duration.ofSeconds(10), 0)).ask("s", "u");

    assertThat(llm.lastRequest().path()).isEqualTo("/chat/completions");
  }

  @Test
  void neverSendsABearerTokenFoundInLogsToTheServer() {
    String token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2EifQ.c2lnbmF0dXJlLXZhbHVl";
    String logs =
        "2025-06-04T04:00:01Z DEBUG GET https://10.96.0.1/api headers: Authorization: Bearer "
            + token
            + "\n2025-06-04T04:00:02Z WARN retry with Bearer "
            + token
            + "\n2025-06-04T04:00:03Z ERROR forbidden";
    llm.enqueue("Healthy: No");

    client().ask("Logs may contain Bearer " + token, "Container logs:\n" + logs);

    String sent = llm.lastRequest().body();
    assertThat(sent).doesNotContain(token).doesNotContain("c2lnbmF0dXJlLXZhbHVl");
    assertThat(sent).doesNotContain("10.96.0.1");
    assertThat(llm.lastRequest().userMessage())
        .contains("Authorization: " + Redactor.AUTHORIZATION)
        .contains("retry with Bearer " + Redactor.TOKEN)
        .contains("ERROR forbidden");
    assertThat(llm.lastRequest().systemMessage())
        .hasValue("Logs may contain Bearer " + Redactor.TOKEN);
  }

  @Test
  void restoresMaskedIdentifiersInTheAnswer() {
    llm.respondWith(
        request ->
            request.userMessage().contains("host [ip-1] owner [email-1]")
                ? "{\"involvedObject\": {\"kind\": \"Node\", \"name\": \"[ip-1]\"},"
                    + " \"details\": {\"owner\": \"[email-1]\"}}"
                : "unexpected prompt");

    LlmAnswer answer = client().ask("", "host 10.0.0.5 owner ops@example.com disk full");

    assertThat(llm.lastRequest().body()).doesNotContain("10.0.0.5").doesNotContain("ops@example");
    assertThat(answer.text())
        .isEqualTo(
            "{\"involvedObject\": {\"kind\": \"Node\", \"name\": \"10.0.0.5\"},"
                + " \"details\": {\"owner\": \"ops@example.com\"}}");
  }

  @Test
  void measuresLatencyOfSlowAnswers() {
    llm.enqueueSlow(Duration.ofMillis(150), "slow but fine");

    LlmAnswer answer = client().ask("", "u");

    assertThat(answer.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(150));
  }

  @Test
  void mapsAServerErrorToLlmUnavailable() {
    llm.enqueueError(500, "model overloaded");

    assertThatThrownBy(() -> client().ask("", "u"))
        .isInstanceOfSatisfying(
            AegisException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.LLM_UNAVAILABLE);
              assertThat(e.reason().isTransient()).isTrue();
              assertThat(e.getMessage())
                  .contains("LLM at " + llm.baseUrl() + " (model gpt-test)")
                  .contains("answered HTTP 500")
                  .contains("model overloaded");
            });
  }

  @Test
  void reportsARequestTheServerRejectsAsInvalidAsUnprocessableNotTransient() {
    llm.enqueueError(400, "This model's maximum context length is 8192 tokens");

    assertThatThrownBy(() -> client().ask("", "u"))
        .isInstanceOfSatisfying(
            AegisException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.UNPROCESSABLE);
              assertThat(e.reason().isTransient()).isFalse();
              assertThat(e.getMessage())
                  .contains("rejected the request (HTTP 400)")
                  .contains("maximum context length");
            });
  }

  @Test
  void cutsTheMiddleOfAPromptLongerThanMaxPromptChars() {
    llm.enqueue("ok");
    String head = "HEAD-" + "a".repeat(1500);
    String tail = "b".repeat(1500) + "-TAIL";

    client().ask("system", head + "x".repeat(5000) + tail);

    String sent = llm.lastRequest().userMessage();
    assertThat(sent.length()).isLessThanOrEqualTo(2000 - "system".length());
    assertThat(sent).startsWith("HEAD-").endsWith("-TAIL").contains("characters cut");
  }

  @Test
  void retriesAFailedCallUpToMaxRetries() {
    llm.enqueueError(503, "busy").enqueue("second time lucky");

    LlmAnswer answer = client(properties(llm.baseUrl(), Duration.ofSeconds(10), 1)).ask("", "u");

    assertThat(answer.text()).isEqualTo("second time lucky");
    assertThat(llm.requestCount()).isEqualTo(2);
  }

  @Test
  void reportsARejectedKeyWithoutPrintingIt() {
    llm.requireApiKey("sk-the-right-key");

    assertThatThrownBy(() -> client().ask("", "u"))
        .isInstanceOfSatisfying(
            AegisException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.LLM_UNAVAILABLE);
              assertThat(e.getMessage())
                  .contains("rejected the API key (HTTP 401)")
                  .doesNotContain(FakeOpenAiServer.API_KEY);
            });
  }

  @Test
  void mapsATimeoutToLlmUnavailable() {
    llm.enqueueHang();
    LlmClient client = client(properties(llm.baseUrl(), Duration.ofMillis(300), 0));

    assertThatThrownBy(() -> client.ask("", "u"))
        .isInstanceOfSatisfying(
            AegisException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.LLM_UNAVAILABLE);
              assertThat(e.getMessage()).contains("did not answer within PT0.3S");
            });
  }

  @Test
  void mapsAnUnreachableServerToLlmUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    LlmClient client =
        client(properties("http://127.0.0.1:" + closedPort + "/v1", Duration.ofSeconds(5), 0));

    assertThatThrownBy(() -> client.ask("", "u"))
        .isInstanceOfSatisfying(
            AegisException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.LLM_UNAVAILABLE);
              assertThat(e.getMessage()).contains("cannot be reached");
            });
  }

  @Test
  void flagsAnAnswerCutOffByMaxTokens() {
    llm.enqueueTruncated("{\"type\": \"Disk");

    LlmAnswer answer = client().ask("", "u");

    assertThat(answer.truncated()).isTrue();
    assertThat(answer.text()).isEqualTo("{\"type\": \"Disk");
  }

  @Test
  void treatsAnEmptyAnswerAsUnavailable() {
    llm.enqueue("");

    assertThatThrownBy(() -> client().ask("", "u"))
        .isInstanceOfSatisfying(
            AegisException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.LLM_UNAVAILABLE);
              assertThat(e.getMessage()).contains("answered nothing");
            });
  }

  @Test
  void reportsNotConfiguredWithoutAKeyAndSendsNothing() {
    LlmClient client =
        client(properties(llm.baseUrl(), Duration.ofSeconds(1), 0).withServer(llm.baseUrl(), ""));

    assertThat(client.isConfigured()).isFalse();
    assertThatThrownBy(() -> client.ask("s", "u"))
        .isInstanceOfSatisfying(
            AegisException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.NOT_CONFIGURED);
              assertThat(e.reason().httpStatus()).isEqualTo(503);
              assertThat(e.getMessage())
                  .contains("AI is not configured")
                  .contains("aegis.ai.api-key");
            });
    assertThat(llm.requestCount()).isZero();
  }

  @Test
  void buildsTheChatModelOnTheFirstCallOnly() {
    OpenAiLlmClient client = (OpenAiLlmClient) client();
    assertThat(client.modelBuilt()).isFalse();

    llm.enqueue("one").enqueue("two");
    client.ask("", "a");
    client.ask("", "b");

    assertThat(client.modelBuilt()).isTrue();
    assertThat(llm.requestCount()).isEqualTo(2);
  }

  @Test
  void rejectsAnEmptyUserPrompt() {
    assertThatThrownBy(() -> client().ask("s", " ")).isInstanceOf(IllegalArgumentException.class);
    assertThat(llm.requestCount()).isZero();
  }
}
