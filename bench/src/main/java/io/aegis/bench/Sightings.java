package io.aegis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.kernel.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the end-to-end benchmark's watches saw, with arrival times ({@link System#nanoTime()}): the
 * Workflow created for each alert, each alert's name by fingerprint, and when it Succeeded.
 */
final class Sightings {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** Alert name → when its Workflow was first seen. */
  final Map<String, Long> workflowSeen = new ConcurrentHashMap<>();

  /** Alert name → when it was first seen Succeeded. */
  final Map<String, Long> succeededSeen = new ConcurrentHashMap<>();

  /** Fingerprint → alert name. */
  final Map<String, String> nameByFingerprint = new ConcurrentHashMap<>();

  /**
   * A watch as kubectl opens it (plain HTTP, one JSON event per line), which the local runner's API
   * front door serves; each line is handed to {@code onEvent} with its arrival time.
   */
  private static AutoCloseable watch(
      int apiPort, String path, java.util.function.BiConsumer<JsonNode, Long> onEvent) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path + "?watch=true"))
            .GET()
            .build();
    java.util.concurrent.CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response =
        HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    Thread reader =
        new Thread(
            () -> {
              try {
                response
                    .get()
                    .body()
                    .forEach(
                        line -> {
                          long now = System.nanoTime();
                          if (!line.isBlank()) {
                            onEvent.accept(
                                Json.tree(line.getBytes(StandardCharsets.UTF_8), "event"), now);
                          }
                        });
              } catch (Exception e) {
                // the watch ends when the runner stops
              }
            },
            "watch " + path);
    reader.setDaemon(true);
    reader.start();
    return () -> response.cancel(true);
  }

  AutoCloseable watchWorkflows(int apiPort) {
    return watch(
        apiPort,
        "/apis/argoproj.io/v1alpha1/namespaces/" + Probes.NS + "/workflows",
        (event, now) -> {
          String alert =
              event
                  .path("object")
                  .path("metadata")
                  .path("labels")
                  .path("aegis.io/alert")
                  .asText(null);
          if (alert != null && event.path("type").asText().equals("ADDED")) {
            workflowSeen.putIfAbsent(alert, now);
          }
        });
  }

  AutoCloseable watchAlerts(int apiPort) {
    return watch(
        apiPort,
        "/apis/aegis.io/v1alpha1/namespaces/" + Probes.NS + "/aegisalerts",
        (event, now) -> {
          JsonNode alert = event.path("object");
          String name = alert.path("metadata").path("name").asText(null);
          String fingerprint = alert.path("spec").path("fingerprint").asText(null);
          if (name == null) {
            return;
          }
          if (fingerprint != null) {
            nameByFingerprint.putIfAbsent(fingerprint, name);
          }
          if (alert
              .path("status")
              .path("opsStatus")
              .path("alertOpsStatus")
              .asText("")
              .equals("Succeeded")) {
            succeededSeen.putIfAbsent(name, now);
          }
        });
  }
}
