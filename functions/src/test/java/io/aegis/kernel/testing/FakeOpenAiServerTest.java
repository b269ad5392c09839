package io.aegis.kernel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeOpenAiServerTest {
  private final FakeOpenAiServer llm = FakeOpenAiServer.start();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    llm.close();
  }

  private HttpResponse<String> post(String path, String body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(llm.rootUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersQueuedContentThenTheResponderInTheOpenAiFormat() throws Exception {
    llm.enqueue("first").respondWith(r -> "echo " + r.userMessage());
    String request = "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    var first = Json.MAPPER.readTree(post("/v1/chat/completions", request).body());
    var second = Json.MAPPER.readTree(post("/chat/completions", request).body());

    assertThat(first.at("/choices/0/message/content").asText()).isEqualTo("first");
    assertThat(first.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(first.path("model").asText()).isEqualTo("m1");
    assertThat(first.at("/usage/total_tokens").asInt()).isPositive();
    assertThat(second.at("/choices/0/message/content").asText()).isEqualTo("echo hi");
    assertThat(llm.requests()).hasSize(2);
    assertThat(llm.lastRequest().path()).isEqualTo("/chat/completions");
  }

  @Test
  void failsVisiblyWithoutAScriptAndOnUnknownRoutes() throws Exception {
    assertThat(post("/v1/chat/completions", "{\"messages\":[]}").statusCode()).isEqualTo(500);
    assertThat(post("/v1/embeddings", "{}").statusCode()).isEqualTo(404);
    assertThat(llm.requestCount()).isEqualTo(1);
  }

  @Test
  void sendsScriptedErrors() throws Exception {
    llm.enqueueError(429, "rate limited");

    var response = post("/v1/chat/completions", "{\"messages\":[]}");

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(Json.MAPPER.readTree(response.body()).at("/error/message").asText())
        .isEqualTo("rate limited");
  }
}
