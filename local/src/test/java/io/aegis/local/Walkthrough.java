package io.aegis.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;

/** The README walkthrough against a started runner (whatever API it uses). */
final class Walkthrough {
  private Walkthrough() {}

  /** Applies the README rule, posts the README alert, and waits until its workflow succeeded. */
  static JsonNode run(LocalRunner runner, Duration timeout) throws Exception {
    Examples.apply(runner.client(), TestRepo.root().resolve("examples/nodehasemergencyevent"));
    String alert =
        Files.readString(TestRepo.root().resolve("examples/nodehasemergencyevent/alert.json"));
    HttpResponse<String> response =
        AlertFixtures.post(runner.functionUrl("parse-alert").resolve("/default/alert"), alert);
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
    return AlertFixtures.find(runner.client(), "fingerprint", "5f972974ccf1ee9b");
  }
}
