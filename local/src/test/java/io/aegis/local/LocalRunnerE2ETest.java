package io.aegis.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end through the local runner, in this JVM: the six functions, the embedded API, the local
 * broker reading {@code knative/}, and real HTTP everywhere. One runner for the class (startup is
 * the expensive part); each test uses its own alerts.
 */
class LocalRunnerE2ETest {
  static final Duration STUCK_AFTER = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LineRecorder OUT = new LineRecorder();
  private static LocalRunner runner;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    Path root = TestRepo.root();
    runner =
        LocalRunner.start(
            new RunnerOptions(root)
                .withFreePorts()
                .withSimulation(Duration.ofMillis(1500))
                // No PingSource fires on its own: A34 counts the reconcile ticks it triggers.
                .withPingInterval(Duration.ofDays(1))
                .withProperty("aegis.reconcile.stuck-after", STUCK_AFTER.toSeconds() + "s")
                .withWorkDir(root.resolve("local/target/e2e")),
            OUT.printStream());
    client = runner.client();
  }

  @AfterAll
  static void stop() {
    if (runner != null) {
      runner.close();
    }
  }

  static Optional<JsonNode> alertWithFingerprint(String fingerprint) {
    return AlertFixtures.find(client, "fingerprint", fingerprint);
  }

  static JsonNode awaitAlert(String fingerprint) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> alertWithFingerprint(fingerprint), Optional::isPresent)
        .get();
  }

  static String opsField(String fingerprint, String field) {
    return alertWithFingerprint(fingerprint)
        .map(a -> a.path("status").path("opsStatus").path(field).asText(""))
        .orElse("");
  }

  static int templateSucceeded(String name) {
    JsonNode template =
        JSON.valueToTree(
            client
                .genericKubernetesResources("aegis.io/v1alpha1", "AegisOpsTemplate")
                .inNamespace("monitoring")
                .withName(name)
                .get());
    return template.path("status").path("executeStatus").path("succeeded").asInt();
  }

  static GenericKubernetesResource workflow(String name) {
    return client
        .genericKubernetesResources("argoproj.io/v1alpha1", "Workflow")
        .inNamespace("monitoring")
        .withName(name)
        .get();
  }

  @Test
  void A21_readmeWalkthroughEndToEnd() throws Exception {
    Examples.apply(client, TestRepo.root().resolve("examples/nodehasemergencyevent"));
    String readmeAlert =
        Files.readString(TestRepo.root().resolve("examples/nodehasemergencyevent/alert.json"));

    HttpResponse<String> response =
        AlertFixtures.post(
            runner.functionUrl("parse-alert").resolve("/default/alert"), readmeAlert);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).path("code").asInt()).isEqualTo(200);

    JsonNode alert = awaitAlert("5f972974ccf1ee9b");
    String name = alert.path("metadata").path("name").asText();
    assertThat(name).startsWith("default-nodehasemergencyevent-");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> opsField("5f972974ccf1ee9b", "alertOpsStatus").equals("Succeeded"));

    List<String> lifecycle = OUT.containing(name);
    assertThat(lifecycle)
        .anyMatch(l -> l.contains("trigger=Triggered") && l.contains("ops=Pending"));
    assertThat(lifecycle).anyMatch(l -> l.contains("ops=Running"));
    assertThat(lifecycle.get(lifecycle.size() - 1)).contains("trigger=Triggered", "ops=Succeeded");

    JsonNode done = alertWithFingerprint("5f972974ccf1ee9b").orElseThrow();
    JsonNode ops = done.path("status").path("opsStatus");
    assertThat(ops.path("total").asInt()).isEqualTo(1);
    assertThat(ops.path("succeeded").asInt()).isEqualTo(1);
    assertThat(ops.path("completionTime").asText()).isNotEmpty();
    assertThat(done.path("status").path("conditions").findValuesAsText("type"))
        .contains("Complete");

    String workflowName = ops.path("workflow").asText();
    assertThat(workflowName).startsWith(name + "-");
    JsonNode wf = JSON.valueToTree(workflow(workflowName));
    assertThat(wf.path("metadata").path("labels").path("aegis.io/alert").asText()).isEqualTo(name);
    assertThat(wf.path("metadata").path("labels").path("alert-type").asText())
        .isEqualTo("NodeHasEmergencyEvent");
    JsonNode owner = wf.path("metadata").path("ownerReferences").get(0);
    assertThat(owner.path("kind").asText()).isEqualTo("AegisAlert");
    assertThat(owner.path("name").asText()).isEqualTo(name);
    assertThat(owner.path("controller").asBoolean()).isTrue();
    assertThat(wf.path("spec").toString()).contains("kubectl cordon dev1");
    assertThat(wf.path("status").path("phase").asText()).as("simulated").isEqualTo("Succeeded");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> templateSucceeded("nodehasemergencyevent"), n -> n == 1);
  }

  @Test
  void A34_lostRecordedEventIsRecoveredByReconcile() throws Exception {
    Examples.apply(client, Path.of(LocalRunnerE2ETest.class.getResource("/e2e/a34").toURI()));
    String fingerprint = "a34-" + System.nanoTime();
    runner
        .broker()
        .dropOnce(
            e ->
                e.getType().equals("io.aegis.alert.recorded.v1")
                    && new String(e.getData().toBytes(), StandardCharsets.UTF_8)
                        .contains(fingerprint));

    AlertFixtures.post(
        runner.functionUrl("parse-alert").resolve("/alert"),
        "{\"type\": \"A34LostEvent\", \"status\": \"Firing\", \"involvedObject\": {\"kind\": \"Node\", \"name\": \"n34\"},"
            + " \"details\": {\"node\": \"n34\"}, \"fingerprint\": \""
            + fingerprint
            + "\"}");
    JsonNode alert = awaitAlert(fingerprint);
    Instant created = Instant.parse(alert.path("metadata").path("creationTimestamp").asText());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Instant.now().isAfter(created.plus(STUCK_AFTER).plusSeconds(1)));
    assertThat(opsField(fingerprint, "triggerStatus")).as("the recorded event was lost").isEmpty();

    int ticks = 0;
    boolean triggered = false;
    while (!triggered && ticks < 2) {
      runner.pings().tick("aegis-reconcile");
      ticks++;
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> opsField(fingerprint, "triggerStatus").equals("Triggered"));
        triggered = true;
      } catch (ConditionTimeoutException e) {
        triggered = false;
      }
    }
    assertThat(triggered).as("Triggered within two reconcile ticks").isTrue();
    assertThat(workflow(opsField(fingerprint, "workflow"))).isNotNull();
  }

  @Test
  void A16_realAlertmanagerAddAndResolve() throws Exception {
    Optional<Path> alertmanager = Binaries.find("prometheus-alertmanager", "alertmanager");
    Optional<Path> amtool = Binaries.find("amtool");
    assumeTrue(
        alertmanager.isPresent() && amtool.isPresent(),
        "A16 needs Alertmanager and amtool (Debian package prometheus-alertmanager; .ci/run installs it)");
    String alertname = "AegisE2EDiskFull" + System.nanoTime() % 100000;
    try (RealAlertmanager am =
        RealAlertmanager.start(
            alertmanager.get(),
            amtool.get(),
            runner.functionUrl("parse-alert").resolve("/alertmanager/alert"))) {
      am.add(alertname, "kind=Node", "node=am-node1");
      JsonNode alert =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> alertOfType(alertname),
                  a ->
                      a.isPresent()
                          && a.get().path("status").path("status").asText().equals("Firing"))
              .get();
      assertThat(alert.path("spec").path("source").asText()).isEqualTo("Alertmanager");
      assertThat(alert.path("spec").path("involvedObject").path("name").asText())
          .isEqualTo("am-node1");
      assertThat(alert.path("status").path("count").asInt()).isEqualTo(1);

      am.resolve(alertname, "kind=Node", "node=am-node1");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  alertOfType(alertname)
                      .map(a -> a.path("status").path("status").asText())
                      .orElse(""),
              "Resolved"::equals);
    }
  }

  static Optional<JsonNode> alertOfType(String type) {
    return AlertFixtures.find(client, "type", type);
  }
}
