package io.aegis.parsealert;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.kernel.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Posts to parse-alert's webhooks over real HTTP, as Alertmanager or curl would. */
final class WebhookClient {
  /** Status code and parsed {@code {"code","message"}} body. */
  record Response(int status, String body) {
    JsonNode json() {
      return Json.tree(body.getBytes(StandardCharsets.UTF_8), "response");
    }

    int code() {
      return json().path("code").asInt();
    }

    String message() {
      return json().path("message").asText();
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  WebhookClient(int port) {
    this.base = "http://localhost:" + port;
  }

  Response post(String path, String body) {
    return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  Response post(String path, String body, String authorization) {
    return send(
        request(path)
            .header("Authorization", authorization)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json");
  }

  Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
