package io.aegis.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;

/** The README walkthrough against a started runner (whatever API it uses). */
final class Walkthrough {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Walkthrough() {}

  /** Applies the README rule, posts the README alert, and waits until its workflow succeeded. */
  static JsonNode run(LocalRunner runner, Duration timeout) throws Exception {
    Examples.apply(runner.client(), TestRepo.root().resolve("examples/nodehasemergencyevent"));
    String alert =
        Files.readString(TestRepo.root().resolve("examples/nodehasemergencyevent/alert.json"));
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(runner.functionUrl("parse-alert").resolve("/default/alert"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(alert))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode done =
        await()
            .atMost(timeout)
            .until(
                () -> readmeAlert(runner),
                a ->
                    a.map(x -> x.path("status").path("opsStatus").path("alertOpsStatus").asText())
                        .orElse("")
                        .equals("Succeeded"))
            .get();
    String workflow = done.path("status").path("opsStatus").path("workflow").asText();
    assertThat(
            runner
                .client()
                .genericKubernetesResources("argoproj.io/v1alpha1", "Workflow")
                .inNamespace("monitoring")
                .withName(workflow)
                .get())
        .isNotNull();
    return done;
  }

  static Optional<JsonNode> readmeAlert(LocalRunner runner) {
    return runner
        .client()
        .genericKubernetesResources("aegis.io/v1alpha1", "AegisAlert")
        .inNamespace("monitoring")
        .list()
        .getItems()
        .stream()
        .map(a -> (JsonNode) JSON.valueToTree(a))
        .filter(a -> "5f972974ccf1ee9b".equals(a.path("spec").path("fingerprint").asText()))
        .findFirst();
  }
}
